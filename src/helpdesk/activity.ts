import type { OktaClient } from '../api/client.js'
import { listLogEvents, type LogEvent } from '../api/logs.js'
import type { Context } from '../context.js'
import { CliError, OktaApiError } from '../errors.js'
import { oneLine } from '../output/visible.js'
import type { Thresholds } from './options.js'

/**
 * A user's recent MFA activity from the System Log, and what a helpdesk agent should make of it:
 * a burst of denied or unanswered pushes is the sign of an MFA-fatigue (push bombing) attack, and
 * another reset shortly before this one is the sign of a social-engineering run at the helpdesk.
 */

/** The event types read (Okta's Event Types catalogue); README "Recent MFA activity". */
export const MFA_EVENT_TYPES = [
  'system.push.send_factor_verify_push',
  'user.mfa.okta_verify.deny_push',
  'user.authentication.auth_via_mfa',
  'user.mfa.factor.activate',
  'user.mfa.factor.deactivate',
  'user.mfa.factor.reset_all',
  'user.mfa.factor.update',
  'user.mfa.factor.suspend',
  'user.mfa.factor.unsuspend',
  'user.session.clear',
  'user.account.report_suspicious_activity_by_enduser',
] as const

/** The System Log filter: the user as actor or target, and only the events above. */
export function activityFilter(userId: string): string {
  const id = JSON.stringify(userId)
  return `(actor.id eq ${id} or target.id eq ${id}) and (${MFA_EVENT_TYPES.map((t) => `eventType eq "${t}"`).join(' or ')})`
}

/** Up to `limit` of the user's MFA events in [since, until), oldest first. */
export async function readActivity(api: OktaClient, userId: string, since: Date, until: Date | undefined, limit: number): Promise<LogEvent[]> {
  const out: LogEvent[] = []
  for await (const page of listLogEvents(api, { since, until, filter: activityFilter(userId), limit: Math.min(1000, limit) })) {
    for (const e of page) {
      out.push(e)
      if (out.length >= limit) return out
    }
  }
  return out
}

/** Parsed with the flags (helpdesk/options.ts parseThresholds); here for the readers of the advice. */
export { DEFAULT_THRESHOLDS, type Thresholds } from './options.js'

export interface ActivitySummary {
  pushesSent: number
  pushesDenied: number
  pushesUnanswered: number
  verified: number
  failed: number
  resets: number
  lastReset: string | null
  reportedSuspicious: number
  warnings: string[]
}

export function summarise(events: LogEvent[], now: Date, t: Thresholds): ActivitySummary {
  let pushesSent = 0
  let pushesDenied = 0
  let verified = 0
  let failed = 0
  let resets = 0
  let lastReset: string | null = null
  let reportedSuspicious = 0
  let pendingPushes = 0
  for (const e of events) {
    const r = e.outcome?.result
    switch (e.eventType) {
      case 'system.push.send_factor_verify_push':
        pushesSent++
        pendingPushes++
        break
      case 'user.mfa.okta_verify.deny_push':
        pushesDenied++
        pendingPushes = Math.max(0, pendingPushes - 1)
        break
      case 'user.authentication.auth_via_mfa':
        if (r === 'SUCCESS') {
          verified++
          pendingPushes = 0
        } else failed++
        break
      case 'user.mfa.factor.reset_all':
      case 'user.mfa.factor.deactivate':
        resets++
        lastReset = e.published
        break
      case 'user.account.report_suspicious_activity_by_enduser':
        reportedSuspicious++
        break
    }
  }
  const warnings: string[] = []
  if (pushesDenied >= t.deniedPushes) warnings.push(`${pushesDenied} pushes denied: the user may be under a push-bombing (MFA fatigue) attack`)
  if (pendingPushes >= t.unansweredPushes) warnings.push(`${pendingPushes} pushes sent and not answered: a push-bombing attack may be under way`)
  if (lastReset && now.getTime() - Date.parse(lastReset) <= t.resetWithinMs) warnings.push(`factors were already removed at ${lastReset}: a second reset so soon is a sign of social engineering`)
  if (reportedSuspicious) warnings.push(`the user reported ${reportedSuspicious} sign-in attempt${reportedSuspicious === 1 ? '' : 's'} as suspicious`)
  return { pushesSent, pushesDenied, pushesUnanswered: pendingPushes, verified, failed, resets, lastReset, reportedSuspicious, warnings }
}

export function summaryLine(s: ActivitySummary, when: string): string {
  return `MFA activity ${when}: ${s.pushesSent} push${s.pushesSent === 1 ? '' : 'es'} sent, ${s.pushesDenied} denied, ${s.verified} verified, ${s.failed} failed, ${s.resets} reset${s.resets === 1 ? '' : 's'}.`
}

/**
 * The last 24 hours of events, read while the rest of the confirmation screen is fetched (the
 * promise never rejects: an error is the answer, for showAdvice to explain).
 */
export function startAdvice(ctx: Context, api: OktaClient, userId: string): Promise<LogEvent[] | { error: unknown }> {
  const since = new Date(ctx.now().getTime() - 86_400_000)
  return readActivity(api, userId, since, undefined, 1000).catch((error: unknown) => ({ error }))
}

/**
 * The confirmation screen's advice: one line on the last 24 hours, and a warning per sign of an
 * attack. Advice, not a guard: if the log cannot be read (no okta.logs.read, a Classic org, a
 * network error), it says so and why, and the flow goes on.
 */
export async function showAdvice(ctx: Context, pending: Promise<LogEvent[] | { error: unknown }>, t: Thresholds): Promise<ActivitySummary | undefined> {
  const events = await pending
  if (!Array.isArray(events)) {
    ctx.out.note(`MFA activity: could not be read (${whyNot(events.error)}); going on without it.`)
    return undefined
  }
  const s = summarise(events, ctx.now(), t)
  ctx.out.note(summaryLine(s, 'in the last 24 h'))
  for (const w of s.warnings) ctx.out.warn(`Warning: ${w}. Verify the caller before going on.`)
  return s
}

function whyNot(err: unknown): string {
  if (err instanceof OktaApiError && (err.status === 401 || err.status === 403)) {
    return `HTTP ${err.status}${err.errorCode ? ` ${err.errorCode}` : ''}: reading the System Log needs okta.logs.read with an OAuth app, or a read-only admin or better with an API token`
  }
  if (err instanceof OktaApiError) return `HTTP ${err.status}${err.errorCode ? ` ${err.errorCode}` : ''}`
  if (err instanceof CliError) return oneLine(err.message)
  return err instanceof Error ? oneLine(err.message) : 'unknown error'
}
