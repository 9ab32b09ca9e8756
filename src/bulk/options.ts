import type { Command, OptionValues } from '@commander-js/extra-typings'
import { UsageError } from '../errors.js'

/** Where a bulk run's users come from: a users file, or a listing from the org. */
export type UserSource =
  | { kind: 'file'; path: string }
  | { kind: 'group'; ref: string }
  | { kind: 'search'; expression: string }
  | { kind: 'filter'; expression: string }
  | { kind: 'all' }

export interface SourceFlags {
  usersFile?: string
  group?: string
  search?: string
  filter?: string
  allUsers?: boolean
}

export const SOURCE_FLAGS = '--users-file, --group, --search, --filter or --all-users'

/** Pure: at most one source; undefined when none was given (a one-user run). */
export function parseSource(o: SourceFlags): UserSource | undefined {
  const given: UserSource[] = []
  const names: string[] = []
  const text = (flag: string, v: string | undefined, what: string): string | undefined => {
    if (v === undefined) return undefined
    names.push(flag)
    const t = v.trim()
    if (!t) throw new UsageError(`${flag} needs ${what}.`)
    return t
  }
  const file = text('--users-file', o.usersFile, 'a file name, or - for stdin')
  if (file !== undefined) given.push({ kind: 'file', path: file })
  const group = text('--group', o.group, 'a group name or id')
  if (group !== undefined) given.push({ kind: 'group', ref: group })
  const search = text('--search', o.search, 'an expression, e.g. \'profile.department eq "Sales"\'')
  if (search !== undefined) given.push({ kind: 'search', expression: search })
  const filter = text('--filter', o.filter, 'an expression, e.g. \'status eq "ACTIVE"\'')
  if (filter !== undefined) given.push({ kind: 'filter', expression: filter })
  if (o.allUsers) {
    names.push('--all-users')
    given.push({ kind: 'all' })
  }
  if (given.length > 1) throw new UsageError(`Give one of ${SOURCE_FLAGS}, not ${names.join(' and ')}.`)
  return given[0]
}

/** The flags every bulk-capable verb takes. */
export interface BulkFlags extends SourceFlags {
  concurrency?: string
  rateHeadroom?: string
  report?: string
  resume?: string
}

export interface BulkSettings {
  source: UserSource
  concurrency: number
  headroomPercent: number
  report?: string
  resume?: string
}

export const DEFAULT_CONCURRENCY = 4
export const DEFAULT_HEADROOM_PERCENT = 10
const MAX_CONCURRENCY = 64

/** Where the users come from, and how fast to go: shared by the bulk verbs and `report mfa`. */
export function addSourceOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--users-file <file>', 'every user in a file (- for stdin): one a line, or a CSV with a user, login or id column')
    .option('--group <name|id>', 'every member of a group (its exact name, or its 00g… id)')
    .option('--search <expression>', 'the users an Okta search finds, e.g. \'profile.department eq "Sales"\' (DEPROVISIONED included)')
    .option('--filter <expression>', 'the users an Okta filter finds, e.g. \'status eq "LOCKED_OUT"\' (DEPROVISIONED included)')
    .option('--all-users', "every user in the org: Okta's default listing, all statuses but DEPROVISIONED")
    .option('--concurrency <n>', `bulk: users handled at once (default ${DEFAULT_CONCURRENCY})`)
    .option('--rate-headroom <percent>', `bulk: share of each rate limit left unused (default ${DEFAULT_HEADROOM_PERCENT})`)
}

export function addBulkOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return addSourceOptions(cmd)
    .option('--report <file>', 'bulk: write one JSON line per user (user, action, ok/failed/skipped/unknown, error, request id)')
    .option('--resume <report>', 'bulk: skip the users a previous report lists as ok or unknown (and append to it)')
}

/** Who a verb acts on: one user named on the command line, or the users of a source. */
export type Target = { kind: 'one'; user: string } | { kind: 'bulk'; source: UserSource }

/**
 * The pure half of every verb's parse step: exactly one of `<user>` and a source of many users;
 * the bulk-only flags refused without a source. For a source, the verb parses its own flags and
 * then the bulk ones (parseBulkSettings), so a bad --type is named before a bad --concurrency.
 */
export function parseTarget(user: string | undefined, o: BulkFlags, what = '<user>'): Target {
  const source = parseSource(o)
  if (source !== undefined) {
    if (user !== undefined) throw new UsageError(`Give either ${what} or ${SOURCE_FLAGS}, not both.`)
    return { kind: 'bulk', source }
  }
  if (user === undefined) throw new UsageError(`Give ${what}, or one of ${SOURCE_FLAGS} for many users.`)
  for (const [flag, v] of [['--concurrency', o.concurrency], ['--rate-headroom', o.rateHeadroom], ['--report', o.report], ['--resume', o.resume]] as const) {
    if (v !== undefined) throw new UsageError(`${flag} applies to bulk runs (with ${SOURCE_FLAGS}).`)
  }
  return { kind: 'one', user }
}

/** The flags of a run over many users (a source is required: `missing` says what to give). */
export function parseBulkFlags(o: BulkFlags, missing = `Give one of ${SOURCE_FLAGS}.`): BulkSettings {
  const source = parseSource(o)
  if (!source) throw new UsageError(missing)
  return parseBulkSettings(source, o)
}

/** How fast to go through a source parsed already (parseTarget): --concurrency, --rate-headroom, --report, --resume. */
export function parseBulkSettings(source: UserSource, o: BulkFlags): BulkSettings {
  let concurrency = DEFAULT_CONCURRENCY
  if (o.concurrency !== undefined) {
    if (!/^\d+$/.test(o.concurrency) || Number(o.concurrency) < 1 || Number(o.concurrency) > MAX_CONCURRENCY) {
      throw new UsageError(`--concurrency must be 1 to ${MAX_CONCURRENCY} (got "${o.concurrency}").`)
    }
    concurrency = Number(o.concurrency)
  }
  let headroomPercent = DEFAULT_HEADROOM_PERCENT
  if (o.rateHeadroom !== undefined) {
    // A whole percentage, as the message says (a trailing % allowed).
    const v = o.rateHeadroom.trim().replace(/%$/, '').trim()
    if (!/^\d+$/.test(v) || Number(v) > 99) throw new UsageError(`--rate-headroom must be a percentage from 0 to 99 (got "${o.rateHeadroom}").`)
    headroomPercent = Number(v)
  }
  return { source, concurrency, headroomPercent, report: o.report, resume: o.resume }
}

/** What typedArgs reads of a commander command, typed or not. */
export interface CommandNode {
  readonly parent: CommandNode | null
  readonly args: readonly string[]
}

/** The command line as typed (for the resume hint). */
export function typedArgs(cmd: CommandNode): string[] {
  let root = cmd
  while (root.parent) root = root.parent
  // commander keeps the argv it parsed (untyped); fall back to the operands
  return [...((root as unknown as { rawArgs?: string[] }).rawArgs ?? root.args)]
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

export function shellQuote(arg: string): string {
  return SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

/** The same command with `--resume <report>` (and without an earlier --resume/--report). */
export function resumeCommand(args: string[], report: string): string {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    if (a === '--resume' || a === '--report') {
      i++
      continue
    }
    if (a.startsWith('--resume=') || a.startsWith('--report=')) continue
    out.push(a)
  }
  return ['oktactl', ...out, '--resume', report].map(shellQuote).join(' ')
}
