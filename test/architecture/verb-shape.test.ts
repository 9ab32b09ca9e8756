import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Every verb under src/commands/ has the shape src/commands/verb.ts describes:
//   const declare = (parent: Noun) => parent.command(…)…   its arguments and flags, declared once
//   export function parseX(operands…, o): XRequest         pure: no Context, no Services, not async
//   export (async) function runX(req: XRequest, ctx)       the only step with I/O
//   export function defineX(parent: Noun, services, run = runX) { return declare(parent)….action(… run(parseX(…), …)) }
//
// Which files are verbs: every .ts file under src/commands/ (recursively) that exports a function
// named define[A-Z]…, whatever its name. A noun registers its verbs as a table
// (`export const defineX = nounOf([…])` in its index.ts), which exports no define function, so
// there is one way to register verbs and no exemption to argue about: a function that calls
// other define functions is held to the verb shape, and fails it. Files that export no define
// function (sandbox/shared.ts, completion/scripts.ts, doctor/checks/*, doctor/run.ts …) are not verbs.

const root = fileURLToPath(new URL('../../', import.meta.url))
const commandsDir = join(root, 'src', 'commands')

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/.*$/gm, '')

interface Source {
  file: string
  text: string
}

const sources: Source[] = readdirSync(commandsDir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => join(e.parentPath, e.name))
  .map((path) => ({ file: relative(root, path).split('\\').join('/'), text: stripComments(readFileSync(path, 'utf8')) }))
  .sort((a, b) => a.file.localeCompare(b.file))

const DEFINE = /export function (define[A-Z]\w*)\s*\(/g

/** The text between the brace at `open` and the one that closes it. */
function braced(text: string, open: number): string {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i)
  }
  return text.slice(open + 1)
}

/** The body of each exported define function (from its opening brace to the matching one). */
function defineBodies(text: string): Array<{ name: string; body: string }> {
  return [...text.matchAll(DEFINE)].map((m) => ({ name: m[1] ?? '', body: braced(text, text.indexOf('{', (m.index ?? 0) + m[0].length)) }))
}

const verbs = sources.filter((s) => defineBodies(s.text).length > 0)
// The registration files: a table of the noun's verbs (`export const defineX = nounOf([…])`).
const tables = sources.filter((s) => s.file.endsWith('/index.ts') && /export const define[A-Z]\w* = nounOf\(/.test(s.text))

/**
 * The parse steps that put their flags object itself into the request (`{ user, flags: o }`,
 * `{ ...o }`, `return o`): the run step would then get flags to parse, not a request. Handing the
 * flags to another parse function (`parseTarget(user, o)`) is parsing, and allowed.
 */
function rawFlagsHandedOn(text: string): string[] {
  const found: string[] = []
  for (const m of text.matchAll(/export function (parse[A-Z]\w*)\s*\(([^)]*)\)[^{]*\{/g)) {
    const flags = /(\w+)\??:\s*\w*Flags\b/.exec(m[2] ?? '')?.[1]
    if (!flags) continue
    const body = braced(text, (m.index ?? 0) + m[0].length - 1)
    if (new RegExp(`\\w+:\\s*${flags}\\s*[,}\\n]|\\.\\.\\.${flags}\\b|return\\s+${flags}\\b|[{,]\\s*${flags}\\s*[,}]`).test(body)) found.push(m[1] ?? '')
  }
  return found
}

/** What a verb file lacks of the shape, in words; empty when it has it all. */
function missingFromVerb(text: string): string[] {
  const missing: string[] = []
  const parses = [...text.matchAll(/export (async )?function (parse[A-Z]\w*)\s*\(([^)]*)\)/g)]
  if (parses.length === 0) missing.push('an exported `function parse…(operands…, flags)` (pure: operands and flags → the request)')
  for (const p of parses) {
    if (p[1]) missing.push(`${p[2] ?? ''} must not be async (parse is pure)`)
    if (/\b(Context|Services)\b/.test(p[3] ?? '')) missing.push(`${p[2] ?? ''} must not take a Context or Services (parse is pure)`)
  }
  for (const raw of rawFlagsHandedOn(text)) missing.push(`${raw} puts its flags object into the request instead of what it parsed of them`)
  if (!/export (async )?function run[A-Z]\w*\s*\([^:)]*:\s*\w+Request\b/.test(text)) missing.push('an exported `function run…(req: …Request, ctx)`')
  if (!/const declare = \(\w+: Noun\) =>/.test(text)) missing.push('`const declare = (parent: Noun) => …` (the arguments and flags, declared once)')
  for (const { name, body } of defineBodies(text)) {
    const signature = new RegExp(`export function ${name}\\s*\\(\\s*\\w+: Noun,\\s*\\w+: Services,\\s*run = run[A-Z]\\w*\\s*\\)`)
    if (!signature.test(text)) missing.push(`${name}(parent: Noun, services: Services, run = run…) as its signature`)
    if (!/\bdeclare\(/.test(body)) missing.push(`a call of declare( in ${name}`)
    if (!/\brun\(\s*parse[A-Z]\w*\(/.test(body)) missing.push(`${name}'s action handing run(parse…(…), ctx) the parsed request`)
  }
  if (/from 'commander'/.test(text)) missing.push("commander's untyped Command not imported (take a Noun: flags typed by @commander-js/extra-typings)")
  return missing
}

describe('the scan of src/commands/', () => {
  it('finds the verbs and the noun registration files (the scan itself works)', () => {
    const files = verbs.map((s) => s.file)
    for (const f of ['src/commands/factors/list.ts', 'src/commands/sandbox/start.ts', 'src/commands/audit/index.ts', 'src/commands/completion/index.ts', 'src/commands/doctor/index.ts']) {
      expect(files, `${f} should be scanned as a verb`).toContain(f)
    }
    expect(tables.map((s) => s.file).sort()).toEqual([
      'src/commands/authenticators/index.ts',
      'src/commands/factors/index.ts',
      'src/commands/profile/index.ts',
      'src/commands/report/index.ts',
      'src/commands/sandbox/index.ts',
      'src/commands/users/index.ts',
    ])
    expect(files).not.toContain('src/commands/sandbox/shared.ts')
    expect(files).not.toContain('src/commands/doctor/run.ts')
  })

  it('holds a registration written as a function, instead of a nounOf table, to the verb shape (which it fails)', () => {
    const fnForm = 'export function defineX(p: Noun, s: Services): void {\n  defineA(p, s)\n  defineB(p, s)\n}'
    expect(defineBodies(fnForm).map((d) => d.name)).toEqual(['defineX'])
    expect(missingFromVerb(fnForm)).toContain('a call of declare( in defineX')
    expect(defineBodies("export const defineX = nounOf([['list', () => import('./list.js')]])")).toEqual([])
  })

  it('names what a verb file lacks', () => {
    const good = readFileSync(join(commandsDir, 'factors', 'poll.ts'), 'utf8')
    expect(missingFromVerb(stripComments(good))).toEqual([])
    const noParse = stripComments(good).replace('export function parsePoll', 'function parsePoll')
    expect(missingFromVerb(noParse)).toEqual(['an exported `function parse…(operands…, flags)` (pure: operands and flags → the request)'])
    const noDeclare = stripComments(good).replace('return declare(parent)', 'return parent')
    expect(missingFromVerb(noDeclare)).toEqual(['a call of declare( in definePoll'])
    // A parse step that hands its flags on as they came (the run step would parse them).
    for (const body of ['return { user, flags: o }', 'return { user, ...o }', 'return o', 'return { user, o }']) {
      const raw = `export function parseX(user: string, o: XFlags): XRequest {\n  ${body}\n}`
      expect(rawFlagsHandedOn(raw), body).toEqual(['parseX'])
    }
    expect(rawFlagsHandedOn('export function parseX(user: string, o: XFlags): XRequest {\n  return { ...parseTarget(user, o), dryRun: Boolean(o.dryRun) }\n}')).toEqual([])
  })
})

describe('every verb under src/commands/ has the define / parse / run shape', () => {
  it.each(verbs.map((s) => [s.file, s.text] as const))('%s', (file, text) => {
    const missing = missingFromVerb(text)
    expect(missing, `${file} is missing: ${missing.join('; ')}`).toEqual([])
  })
})
