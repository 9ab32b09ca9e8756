import type { FlagsOf, Noun } from '../verb.js'
import type { AuditEntry } from '../../audit/log.js'
import { auditLogPath } from '../../audit/log.js'
import { parseWhen, readAudit, resolveWhen, type When } from '../../audit/read.js'
import { contextFor, type Context, type Services } from '../../context.js'
import type { Column } from '../../output/output.js'

/** `oktactl audit` is one command: its flags are declared on the noun itself; AuditFlags is inferred from them. */
const declare = (noun: Noun) =>
  noun
    .option('--user <user>', 'only entries for this user id, login or login shortname')
    .option('--since <when>', 'only entries since a date (2026-01-01), date-time, or span back (7d, 12h)')
export type AuditFlags = FlagsOf<ReturnType<typeof declare>>

/** Which entries to list: a user's, and those since a date, a date-time or a span back (counted back from the clock when it runs). */
export interface AuditRequest {
  user: string | undefined
  since: When | undefined
}

/** Pure: flags → a request, or a UsageError for a --since that is not a date or a span. */
export function parseAudit(o: AuditFlags): AuditRequest {
  return { user: o.user, since: o.since === undefined ? undefined : parseWhen(o.since) }
}

const OUTCOME_STYLE: Record<string, 'green' | 'red' | 'yellow' | 'dim'> = {
  ok: 'green',
  failed: 'red',
  unknown: 'red',
  intent: 'yellow',
  refused: 'red',
  cancelled: 'yellow',
  'dry-run': 'dim',
}

export const auditColumns: Column<AuditEntry>[] = [
  { header: 'TIME', value: (e) => e.time, styled: (e) => e.time.replace(/\.\d{3}Z$/, 'Z') },
  { header: 'OPERATOR', value: (e) => e.operator },
  { header: 'COMMAND', value: (e) => (e.bulk ? `${e.command} (bulk)` : e.command) },
  { header: 'USER ID', value: (e) => e.userId ?? '' },
  { header: 'LOGIN', value: (e) => e.login ?? '' },
  { header: 'FACTORS', value: (e) => e.factors.map((f) => f.type).join(',') },
  { header: 'TICKET', value: (e) => e.ticket ?? '' },
  {
    header: 'CALLER',
    value: (e) => (e.callerVerification ? `${e.callerVerification.method}:${e.callerVerification.result}` : ''),
  },
  {
    header: 'OUTCOME',
    value: (e) => e.outcome,
    styled: (e, t) => t[OUTCOME_STYLE[e.outcome] ?? 'dim'](e.outcome),
  },
  { header: 'REQUEST ID', value: (e) => e.requestId ?? '', optional: true },
  { header: 'ALSO', value: also },
]

/** What else a line is about: a session revocation or a temporary access code (never the code). */
function also(e: AuditEntry): string {
  if (e.tac) return `tac ${e.tac.multiUse ? 'multi-use' : 'single-use'}${e.tac.expiresAt ? ` until ${e.tac.expiresAt}` : e.tac.ttlMinutes ? ` ${e.tac.ttlMinutes} min` : ''}`
  if (e.sessions && e.factors.length === 0) return `sessions ended${e.sessions.oauthTokens ? ' + tokens' : ''}`
  if (e.sessions) return `then sessions${e.sessions.oauthTokens ? ' + tokens' : ''}`
  return ''
}

export async function runAudit(req: AuditRequest, ctx: Context): Promise<void> {
  const since = req.since && resolveWhen(req.since, ctx.now())
  const path = auditLogPath(ctx.env, ctx.globals.auditLog)
  const { entries, unreadable, missing } = await readAudit(path, { user: req.user, since })
  if (unreadable > 0) ctx.out.warn(`Skipped ${unreadable} unreadable line${unreadable === 1 ? '' : 's'} in ${path}.`)
  const empty = missing ? `No audit log yet (${path}).` : `No audit entries${req.user || req.since ? ' match' : ''} in ${path}.`
  await ctx.out.printList(entries, auditColumns, { raw: entries, empty })
}

/** `oktactl audit` (the command itself is created in program.ts). */
export function defineAudit(noun: Noun, services: Services, run = runAudit) {
  return declare(noun)
    .addHelpText(
      'after',
      `
Every enroll, activate, delete and reset (and their bulk forms) appends JSON lines to the log:
time, operator, profile, org, command, user id and login, factors, ticket, caller verification,
outcome and Okta's X-Okta-Request-Id; for resets and deletes also --allow-admin, the admin roles
held and --remove-recovery. No secrets. An "intent" line is written before each change is sent and
its outcome after: ok, failed, unknown (the request went but no usable answer came back: it may
have happened), refused, cancelled or dry-run. This listing shows the outcome; an intent with no
outcome after it (the process died mid-request) is shown as "intent".

The log is <state dir>/audit.log (mode 0600): $OKTACTL_STATE_DIR, $XDG_STATE_HOME/oktactl or
~/.local/state/oktactl. Use --audit-log <file> or OKTACTL_AUDIT_LOG to put it elsewhere.

Examples:
  $ oktactl audit --user carol@example.com
  $ oktactl audit --since 7d --json | jq -r '.[] | select(.outcome != "ok") | .login'`,
    )
    .action(async (o, c) => run(parseAudit(o), contextFor(c, services)))
}
