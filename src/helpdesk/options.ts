import type { Command, OptionValues } from '@commander-js/extra-typings'
import { parseSpanMs } from '../audit/read.js'
import { parseNonNegativeInt, parsePositiveNumber } from '../config/flags.js'
import { UsageError } from '../errors.js'
import { DEFAULT_WAIT_SECONDS } from '../factors/wait.js'
// Types only: these modules load when a reset or delete runs, not with every command (the parse
// step below runs for every command line, so it imports no value from them).
import type { Thresholds } from './activity.js'
import type { AfterFlags, AfterPlan } from './after.js'
import { parseTypes, type GuardFlags } from './guard.js'
import { parseTacTtl } from './tac-ttl.js'
import type { CallerMethod } from './verify-caller.js'

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

/**
 * One user's guard and after flags, checked: what the helpdesk flow (helpdesk/flow.ts, preflight)
 * derives from them, less what needs the terminal, the output format or the profile (--yes off a
 * terminal, --verify-caller sms/email/totp off one, where a TAC could be shown, the ticket).
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
}

/**
 * Pure: the guard and after flags of one user's reset or delete → a plan, or the UsageError a bad
 * value earns, before anything is sent. The checks, their order and their words are the flow's
 * own (helpdesk/flow.ts preflight, which still makes them again when the request runs, with those
 * that need the context). The values below mirror verify-caller.ts, activity.ts and after.ts
 * (test/commands/factors/parse-risky.test.ts holds them to those) until the flow takes this plan.
 */
export function parseGuardFlags(o: GuardFlags & AfterFlags & { waitTimeout?: string }): GuardPlan {
  const method = parseCallerMethod(o.verifyCaller)
  const after = parseAfterFlags(o)
  const thresholds = o.activity === false ? undefined : parseThresholds(o)
  const waitSeconds = parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS
  return { method, waitSeconds, thresholds, after }
}

/** As verify-caller.ts CALLER_METHODS. */
const CALLER_METHODS = ['push', 'sms', 'email', 'totp'] as const satisfies readonly CallerMethod[]

/** --verify-caller (verify-caller.ts parseCallerMethod). */
function parseCallerMethod(value: string | undefined): CallerMethod | undefined {
  if (value === undefined) return undefined
  const v = value.trim().toLowerCase()
  const method = CALLER_METHODS.find((m) => m === v)
  if (method) return method
  throw new UsageError(`--verify-caller must be ${CALLER_METHODS.join(', ')} (got "${value}").`)
}

/** As activity.ts DEFAULT_THRESHOLDS. */
const DEFAULT_THRESHOLDS: Thresholds = { deniedPushes: 3, unansweredPushes: 5, resetWithinMs: 3_600_000 }

/** --warn-reset-within, --warn-denied-pushes, --warn-unanswered-pushes (activity.ts parseThresholds). */
function parseThresholds(o: Pick<GuardFlags, 'warnDeniedPushes' | 'warnUnansweredPushes' | 'warnResetWithin'>): Thresholds {
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

/**
 * Pure: the flags of what follows the change (helpdesk/after.ts parseAfter, less its two checks
 * of where a code could be shown: --show-secret needs --json, and a code goes to a terminal only).
 */
export function parseAfterFlags(o: AfterFlags): AfterPlan {
  if (o.revokeTokens && !o.revokeSessions) throw new UsageError('--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).')
  for (const [flag, v] of [['--tac-ttl', o.tacTtl], ['--tac-multi-use', o.tacMultiUse]] as const) {
    if (v !== undefined && !o.issueTac) throw new UsageError(`${flag} goes with --issue-tac.`)
  }
  return {
    ...(o.revokeSessions ? { sessions: { oauthTokens: Boolean(o.revokeTokens) } } : {}),
    ...(o.issueTac ? { tac: { ttlMinutes: parseTacTtl(o.tacTtl, '--tac-ttl'), multiUse: Boolean(o.tacMultiUse), showSecret: Boolean(o.showSecret) } } : {}),
  }
}

/** The flags of a bulk reset or delete that bulk/remove.ts checks before it reads a ticket or a users file. */
export interface BulkRemoveCheckFlags extends AfterFlags {
  types?: string
  type?: string
  removeRecovery?: boolean
  verifyCaller?: string
}

/**
 * Pure: what a bulk reset (`--types`) or delete (`--type`) refuses from its flags alone, in
 * bulkRemove's order and words (bulk/remove.ts makes the same checks again when it runs); the
 * factor types, when given.
 */
export function parseBulkRemoveFlags(mode: 'reset' | 'delete', o: BulkRemoveCheckFlags): string[] | undefined {
  if (o.verifyCaller !== undefined) throw new UsageError('--verify-caller is for one caller on the phone; it does not apply to bulk runs.')
  if (o.issueTac) throw new UsageError('--issue-tac is for one user at a time: each code is shown once, to the agent giving it out.')
  if (o.revokeTokens && !o.revokeSessions) throw new UsageError('--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).')
  const types = mode === 'delete' ? parseTypes(o.type, '--type') : parseTypes(o.types)
  if (mode === 'delete' && !types) throw new UsageError('factors delete for many users needs --type <factorType> (e.g. --type sms).')
  if (o.removeRecovery && !types?.some((t) => t === 'sms' || t === 'call')) {
    throw new UsageError(`--remove-recovery applies when removing sms or call factors${mode === 'reset' ? ': use it with --types sms and/or call' : ''}.`)
  }
  return types
}
