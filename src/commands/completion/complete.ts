import type { Command, Option } from 'commander'
import { FACTOR_TYPES } from '../../api/types.js'
import { TYPE_ALIASES } from '../../factors/resolve.js'

/**
 * What `oktactl __complete <words…>` answers: the candidates for the last word, read off the
 * command tree itself, so the completion scripts never drift from the commands. The first line is
 * a directive (`:values`, or `:files` to let the shell complete paths); then one candidate per
 * line, `value<TAB>description`.
 */
export interface Completion {
  files: boolean
  candidates: Array<{ value: string; description?: string }>
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const

/** Value lists for options and positional arguments that take one of a few words. */
export interface CompletionSources {
  profiles: () => string[]
}

const OUTPUTS = ['table', 'tsv', 'json']
/** Options whose value is a path, by the name of their value (`--users-file <file>`, `--resume <report>`). */
const PATH_VALUE = /[<[](file|report|path|dir|png)[>\]]/

export function factorTypeWords(): Array<{ value: string; description?: string }> {
  return [
    ...FACTOR_TYPES.map((t) => ({ value: t })),
    ...Object.entries(TYPE_ALIASES).map(([alias, t]) => ({ value: alias, description: t })),
  ]
}

export function complete(program: Command, words: string[], sources: CompletionSources): Completion {
  const current = words.at(-1) ?? ''
  const before = words.slice(0, -1)
  let cmd = program
  let positionals = 0
  let pending: Option | undefined
  let afterDashes = false
  for (const word of before) {
    if (pending) {
      pending = undefined
      continue
    }
    if (!afterDashes && word === '--') {
      afterDashes = true
      continue
    }
    if (!afterDashes && word.startsWith('-') && word !== '-') {
      const opt = findOption(cmd, word.split('=')[0] ?? word)
      if (opt && takesValue(opt) && !word.includes('=') && !(isShortCluster(word) && word.length > 2)) pending = opt
      continue
    }
    const sub = positionals === 0 && !afterDashes ? findCommand(cmd, word) : undefined
    if (sub) cmd = sub
    else positionals++
  }
  if (pending) return filter(valuesFor(pending, sources), current)
  if (!afterDashes && current.startsWith('-')) {
    const eq = current.indexOf('=')
    if (eq > 0) {
      const opt = findOption(cmd, current.slice(0, eq))
      if (!opt || !takesValue(opt)) return { files: false, candidates: [] }
      const values = valuesFor(opt, sources)
      const prefix = current.slice(0, eq + 1)
      return filter({ files: values.files, candidates: values.candidates.map((c) => ({ ...c, value: prefix + c.value })) }, current)
    }
    return filter({ files: false, candidates: optionWords(cmd) }, current)
  }
  const candidates: Completion['candidates'] = []
  if (positionals === 0 && !afterDashes) {
    for (const sub of cmd.createHelp().visibleCommands(cmd)) {
      candidates.push({ value: sub.name(), description: sub.summary() || sub.description() })
    }
  }
  const arg = cmd.registeredArguments[Math.min(positionals, cmd.registeredArguments.length - 1)]
  if (arg && (positionals < cmd.registeredArguments.length || arg.variadic)) {
    const values = argumentValues(cmd, arg.name(), sources)
    if (values.files) return filter({ files: true, candidates }, current)
    candidates.push(...values.candidates)
  }
  return filter({ files: false, candidates }, current)
}

export function completionLines(c: Completion): string {
  const lines = [c.files ? ':files' : ':values', ...c.candidates.map((x) => (x.description ? `${x.value}\t${oneLine(x.description)}` : x.value))]
  return `${lines.join('\n')}\n`
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}

function filter(c: Completion, current: string): Completion {
  const seen = new Set<string>()
  const candidates = c.candidates.filter((x) => x.value.startsWith(current) && !seen.has(x.value) && seen.add(x.value))
  return { files: c.files, candidates }
}

/** Options of this command and of every command above it (commander reads global options anywhere). */
function allOptions(cmd: Command): Option[] {
  const out: Option[] = []
  for (let c: Command | null = cmd; c; c = c.parent) out.push(...c.createHelp().visibleOptions(c))
  return out
}

function optionWords(cmd: Command): Completion['candidates'] {
  return allOptions(cmd).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)).map((value) => ({ value, description: o.description })))
}

function findOption(cmd: Command, flag: string): Option | undefined {
  const short = isShortCluster(flag) ? flag.slice(0, 2) : flag
  return allOptions(cmd).find((o) => o.long === short || o.short === short)
}

function isShortCluster(word: string): boolean {
  return /^-[^-]/.test(word)
}

function takesValue(o: Option): boolean {
  return o.required || o.optional
}

function findCommand(cmd: Command, word: string): Command | undefined {
  return cmd.commands.find((c) => c.name() === word || c.aliases().includes(word))
}

function valuesFor(o: Option, sources: CompletionSources): Completion {
  const flag = o.long ?? o.short ?? ''
  const words = (values: string[]): Completion => ({ files: false, candidates: values.map((value) => ({ value })) })
  if (flag === '--profile') return words(sources.profiles())
  if (flag === '--output') return words(OUTPUTS)
  if (flag === '--type' || flag === '--types') return { files: false, candidates: factorTypeWords() }
  if (o.argChoices) return words(o.argChoices)
  if (PATH_VALUE.test(o.flags)) return { files: true, candidates: [] }
  return { files: false, candidates: [] }
}

function argumentValues(cmd: Command, name: string, sources: CompletionSources): Completion {
  const words = (values: readonly string[]): Completion => ({ files: false, candidates: values.map((value) => ({ value })) })
  if (name === 'factor') return { files: false, candidates: factorTypeWords() }
  if (name === 'shell') return words(SHELLS)
  if (name === 'answer') return words(['approve', 'reject'])
  if (name === 'name' && cmd.parent?.name() === 'profile' && cmd.name() !== 'add') return words(sources.profiles())
  if (name === 'file') return { files: true, candidates: [] }
  return { files: false, candidates: [] }
}
