import type { Command, OptionValues } from '@commander-js/extra-typings'
import { parseSpanMs } from '../audit/read.js'
import { parseNonNegativeInt, parsePositiveNumber } from '../config/flags.js'
import { UsageError } from '../errors.js'
import { factorTypeOf } from '../factors/resolve.js'
import { DEFAULT_WAIT_SECONDS } from '../factors/wait.js'
import type { GuardFlags } from './guard.js'
import { parseTacTtl } from './tac-ttl.js'

/**
 * The flags of `factors reset` and `factors delete`, declared and parsed: the one home of the
 * --verify-caller methods, the MFA activity thresholds, the after-step flags, --types/--type and
 * --remove-recovery. It loads with every command (the common chunk), so it imports no value from
 * the helpdesk flow (flow.ts, verify-caller.ts, activity.ts, after.ts): those import from here
 * and take the plans below, already checked.
 */

/** The helpdesk guard flags shared by `factors reset` and `factors delete`. */
export function addGuardOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--allow-admin', 'allow a user who holds admin roles (the login must then be typed to confirm)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
    .option('--verify-caller <method>', 'first prove the caller owns the account: push (number matching), sms, email or totp')
    .option('--wait-timeout <seconds>', `how long --verify-caller push waits for an answer (default ${DEFAULT_WAIT_SECONDS})`)
    .option('--dry-run', 'show what would be removed; send nothing that changes anything')
    .option('--no-activity', "do not read the user's last 24 hours of MFA activity from the System Log")
    .option('--warn-denied-pushes <n>', 'warn of an attack at this many denied pushes in 24 h (default 3)')
    .option('--warn-unanswered-pushes <n>', 'warn of an attack at this many pushes sent and not answered (default 5)')
    .option('--warn-reset-within <span>', 'warn when factors were already removed this recently, e.g. 30m, 2h (default 1h)')
}

/** What follows a reset or delete: the user's sessions ended. */
export function addAfterOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--revoke-sessions', "then end the user's sessions (DELETE /api/v1/users/{id}/sessions)")
    .option('--revoke-tokens', 'with --revoke-sessions: also revoke their OAuth access and refresh tokens (oauthTokens=true)')
}

/** What follows a reset only: a temporary access code, so the user can sign in once and enroll again. */
export function addTacOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--issue-tac', 'then issue a temporary access code, so the user can sign in once and enroll again (Identity Engine)')
    .option('--tac-ttl <minutes>', 'with --issue-tac: how long the code is valid, 10 to 14400 minutes (default: the org\'s)')
    .option('--tac-multi-use', 'with --issue-tac: the code may be used more than once while valid')
    .option('--show-secret', 'with --json: print the code (for a script that hands it on); otherwise it is redacted')
}

// ─── --verify-caller ──────────────────────────────────────────────────────────────────────────

/** How the caller proves they own the account (helpdesk/verify-caller.ts does it). */
export const CALLER_METHODS = ['push', 'sms', 'email', 'totp'] as const
export type CallerMethod = (typeof CALLER_METHODS)[number]

/** --verify-caller: trimmed, any case. */
export function parseCallerMethod(value: string | undefined): CallerMethod | undefined {
  if (value === undefined) return undefined
  const v = value.trim().toLowerCase()
  const method = CALLER_METHODS.find((m) => m === v)
  if (method) return method
  throw new UsageError(`--verify-caller must be ${CALLER_METHODS.join(', ')} (got "${value}").`)
}

// ─── the MFA activity advice ──────────────────────────────────────────────────────────────────

/** When the System Log advice (helpdesk/activity.ts) warns of an attack. */
export interface Thresholds {
  /** Denied pushes that make it look like an attack. */
  deniedPushes: number
  /** Pushes sent without a success after them. */
  unansweredPushes: number
  /** Another reset within this many ms is suspicious. */
  resetWithinMs: number
}

export const DEFAULT_THRESHOLDS: Thresholds = { deniedPushes: 3, unansweredPushes: 5, resetWithinMs: 3_600_000 }

/** --warn-reset-within, --warn-denied-pushes, --warn-unanswered-pushes. */
export function parseThresholds(o: Pick<GuardFlags, 'warnDeniedPushes' | 'warnUnansweredPushes' | 'warnResetWithin'>): Thresholds {
  const span = o.warnResetWithin === undefined ? DEFAULT_THRESHOLDS.resetWithinMs : parseSpanMs(o.warnResetWithin)
  if (span === undefined) throw new UsageError(`--warn-reset-within must be a span such as 30m, 1h or 2d (got "${o.warnResetWithin ?? ''}").`)
  const atLeastOne = (v: string | undefined, flag: string, dflt: number): number => {
    const n = parseNonNegativeInt(v, flag) ?? dflt
    if (n < 1) throw new UsageError(`${flag} must be at least 1 (got "${v ?? ''}").`)
    return n
  }
  return {
    deniedPushes: atLeastOne(o.warnDeniedPushes, '--warn-denied-pushes', DEFAULT_THRESHOLDS.deniedPushes),
    unansweredPushes: atLeastOne(o.warnUnansweredPushes, '--warn-unanswered-pushes', DEFAULT_THRESHOLDS.unansweredPushes),
    resetWithinMs: span,
  }
}

// ─── what follows the change ──────────────────────────────────────────────────────────────────

export interface AfterFlags {
  revokeSessions?: boolean
  revokeTokens?: boolean
  issueTac?: boolean
  tacTtl?: string
  tacMultiUse?: boolean
  showSecret?: boolean
}

export interface AfterPlan {
  sessions?: { oauthTokens: boolean }
  tac?: TacPlan
}

export interface TacPlan {
  ttlMinutes: number | undefined
  multiUse: boolean
  /** Print the code in --json (scripts that hand it to a ticketing system). */
  showSecret: boolean
}

const REVOKE_TOKENS_ALONE = '--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).'

/** The TAC flags given without --issue-tac: each has no effect without it. */
function refuseTacFlagsAlone(o: AfterFlags): void {
  for (const [flag, v] of [['--tac-ttl', o.tacTtl], ['--tac-multi-use', o.tacMultiUse], ['--show-secret', o.showSecret]] as const) {
    if (v !== undefined && !o.issueTac) throw new UsageError(`${flag} goes with --issue-tac.`)
  }
}

/**
 * Pure: the flags of what follows the change. Where a code could be shown (--show-secret needs
 * --json, a code goes to a terminal only) needs the output: after.ts assertTacShowable, at run.
 */
export function parseAfterFlags(o: AfterFlags): AfterPlan {
  if (o.revokeTokens && !o.revokeSessions) throw new UsageError(REVOKE_TOKENS_ALONE)
  refuseTacFlagsAlone(o)
  return {
    ...(o.revokeSessions ? { sessions: { oauthTokens: Boolean(o.revokeTokens) } } : {}),
    ...(o.issueTac ? { tac: { ttlMinutes: parseTacTtl(o.tacTtl, '--tac-ttl'), multiUse: Boolean(o.tacMultiUse), showSecret: Boolean(o.showSecret) } } : {}),
  }
}

// ─── --types, --type, --remove-recovery ───────────────────────────────────────────────────────

const TYPES_HINT = 'Types: sms, call, email, push, question, totp (token:software:totp), token, token:hardware, token:hotp, u2f, webauthn, signed_nonce.'

function notAFactorType(flag: string, raw: string): UsageError {
  return new UsageError(`${flag}: "${raw}" is not a factor type.`, TYPES_HINT)
}

/** `--types sms,call` → canonical factor types (aliases such as totp accepted). */
export function parseTypes(value: string | undefined, flag = '--types'): string[] | undefined {
  if (value === undefined) return undefined
  const out: string[] = []
  for (const raw of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const t = factorTypeOf(raw)
    if (!t) throw notAFactorType(flag, raw)
    if (!out.includes(t)) out.push(t)
  }
  if (out.length === 0) throw new UsageError(`${flag} needs at least one factor type, e.g. ${flag} sms,call.`)
  return out
}

/** One factor type (one user's `factors delete --type`): canonical, or the refusal parseTypes gives. */
export function parseFactorType(value: string, flag = '--type'): string {
  const t = factorTypeOf(value)
  if (!t) throw notAFactorType(flag, value.trim())
  return t
}

const PHONE_TYPES: readonly string[] = ['sms', 'call']

/** The one wording of the refusal for each verb, one user or many (a reset says how to name the types). */
export function removeRecoveryRefusal(mode: 'reset' | 'delete'): UsageError {
  return new UsageError(
    mode === 'reset'
      ? '--remove-recovery applies when removing sms or call factors: use it with --types sms and/or call.'
      : '--remove-recovery applies to sms and call factors only.',
  )
}

/**
 * --remove-recovery against the types removed: some must be sms or call. `types` undefined is a
 * reset of every factor (refused: name the types), or a delete of a factor named by id, which is
 * checked when Okta names its type (helpdesk/flow.ts, with removeRecoveryRefusal).
 */
function parseRemoveRecovery(mode: 'reset' | 'delete', removeRecovery: boolean | undefined, types: readonly string[] | undefined): boolean {
  if (!removeRecovery) return false
  if (mode === 'delete' && types === undefined) return true
  if (!types?.some((t) => PHONE_TYPES.includes(t))) throw removeRecoveryRefusal(mode)
  return true
}

/** A reset's --types and --remove-recovery, one user or many. */
export function parseResetTypes(o: { types?: string; removeRecovery?: boolean }): { types: string[] | undefined; removeRecovery: boolean } {
  const types = parseTypes(o.types)
  return { types, removeRecovery: parseRemoveRecovery('reset', o.removeRecovery, types) }
}

/** One user's delete: --remove-recovery against the factor, when it is named by type (factorTypeOf). */
export function parseDeleteRecovery(factor: string, removeRecovery: boolean | undefined): boolean {
  const type = factorTypeOf(factor)
  return parseRemoveRecovery('delete', removeRecovery, type === undefined ? undefined : [type])
}

// ─── one user ─────────────────────────────────────────────────────────────────────────────────

/**
 * One user's guard and after flags, checked: all the helpdesk flow (helpdesk/flow.ts) acts on,
 * less what needs the terminal, the output format or the profile, which it checks when it runs
 * (--yes off a terminal, --verify-caller sms/email/totp off one, where a TAC could be shown, the
 * ticket: a refused one is audited).
 */
export interface GuardPlan {
  /** --verify-caller, parsed; undefined without it. */
  method: CallerMethod | undefined
  /** How long --verify-caller push waits (--wait-timeout; default DEFAULT_WAIT_SECONDS). */
  waitSeconds: number
  /** When the System Log advice warns; undefined with --no-activity. */
  thresholds: Thresholds | undefined
  /** --revoke-sessions/--revoke-tokens and (reset) --issue-tac, --tac-ttl, --tac-multi-use, --show-secret. */
  after: AfterPlan
  allowAdmin: boolean
  /** --ticket as given: the flow checks it (resolveTicket, with the profile's requireTicket) and audits a refusal. */
  ticket: string | undefined
  dryRun: boolean
}

/**
 * Pure: the guard and after flags of one user's reset or delete → a plan, or the UsageError a bad
 * value earns, before anything is sent. Order: --verify-caller, the after flags, the thresholds,
 * --wait-timeout.
 */
export function parseGuardFlags(o: GuardFlags & AfterFlags & { waitTimeout?: string }): GuardPlan {
  const method = parseCallerMethod(o.verifyCaller)
  const after = parseAfterFlags(o)
  const thresholds = o.activity === false ? undefined : parseThresholds(o)
  const waitSeconds = parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS
  if (o.waitTimeout !== undefined && method !== 'push') throw new UsageError('--wait-timeout goes with --verify-caller push.')
  return { method, waitSeconds, thresholds, after, allowAdmin: Boolean(o.allowAdmin), ticket: o.ticket, dryRun: Boolean(o.dryRun) }
}

/** One user's reset, as the helpdesk flow takes it (guardedReset). */
export interface ResetPlan {
  user: string
  /** --types, canonical (totp → token:software:totp); undefined resets every factor. */
  types: string[] | undefined
  removeRecovery: boolean
  guard: GuardPlan
}

/** One user's delete, as the helpdesk flow takes it (guardedDelete). */
export interface DeletePlan {
  user: string
  /** A factor id, or a factor type (or alias) the user has exactly one of: resolved against the org. */
  factor: string
  /** Checked against the factor's type when it was named by type; otherwise once Okta has answered. */
  removeRecovery: boolean
  guard: GuardPlan
}

// ─── many users ───────────────────────────────────────────────────────────────────────────────

/** The flags of a bulk reset or delete that parseBulkRemoveFlags reads. */
export interface BulkRemoveCheckFlags extends AfterFlags, GuardFlags {
  types?: string
  type?: string
  removeRecovery?: boolean
  waitTimeout?: string
}

/** A bulk reset or delete, checked (bulk/remove.ts takes it with the users' source). */
export interface BulkRemovePlan {
  /** --types (reset) or --type (delete), canonical; undefined resets every factor. */
  types: string[] | undefined
  removeRecovery: boolean
  /** --revoke-sessions (oauthTokens: --revoke-tokens); undefined without. */
  sessions: { oauthTokens: boolean } | undefined
  allowAdmin: boolean
  /** --ticket as given: checked when the run starts (resolveTicket, with the profile's requireTicket). */
  ticket: string | undefined
  dryRun: boolean
}

/** Flags of one user's check and advice: a bulk run verifies no caller and reads no MFA activity. */
const ONE_USER_ONLY = [
  ['--wait-timeout', (o: BulkRemoveCheckFlags) => o.waitTimeout !== undefined, '(with --verify-caller push)'],
  ['--no-activity', (o: BulkRemoveCheckFlags) => o.activity === false, '(a bulk run reads no MFA activity)'],
  ['--warn-denied-pushes', (o: BulkRemoveCheckFlags) => o.warnDeniedPushes !== undefined, '(a bulk run reads no MFA activity)'],
  ['--warn-unanswered-pushes', (o: BulkRemoveCheckFlags) => o.warnUnansweredPushes !== undefined, '(a bulk run reads no MFA activity)'],
  ['--warn-reset-within', (o: BulkRemoveCheckFlags) => o.warnResetWithin !== undefined, '(a bulk run reads no MFA activity)'],
] as const

/**
 * Pure: what a bulk reset (`--types`) or delete (`--type`) refuses from its flags alone, before a
 * ticket or a users file is read; the plan bulk/remove.ts runs. `activity` is false only when
 * --no-activity was given (commander's default for it is true).
 */
export function parseBulkRemoveFlags(mode: 'reset' | 'delete', o: BulkRemoveCheckFlags): BulkRemovePlan {
  if (o.verifyCaller !== undefined) throw new UsageError('--verify-caller is for one caller on the phone; it does not apply to bulk runs.')
  for (const [flag, given, why] of ONE_USER_ONLY) if (given(o)) throw new UsageError(`${flag} applies to one user only ${why}.`)
  if (o.issueTac) throw new UsageError('--issue-tac is for one user at a time: each code is shown once, to the agent giving it out.')
  // What follows the change, as one user's parse reads it (--issue-tac is refused above).
  const { sessions } = parseAfterFlags(o)
  let types: string[] | undefined
  let removeRecovery: boolean
  if (mode === 'reset') {
    ;({ types, removeRecovery } = parseResetTypes(o))
  } else {
    types = parseTypes(o.type, '--type')
    if (!types) throw new UsageError('factors delete for many users needs --type <factorType> (e.g. --type sms).')
    removeRecovery = parseRemoveRecovery('delete', o.removeRecovery, types)
  }
  return {
    types,
    removeRecovery,
    sessions,
    allowAdmin: Boolean(o.allowAdmin),
    ticket: o.ticket,
    dryRun: Boolean(o.dryRun),
  }
}
