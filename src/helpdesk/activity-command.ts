import type { LogEvent } from '../api/logs.js'
import { resolveWhen, type When } from '../audit/read.js'
import type { Context } from '../context.js'
import { UsageError } from '../errors.js'
import { resolveUser, userLabel } from '../factors/resolve.js'
import type { Column } from '../output/output.js'
import { DEFAULT_THRESHOLDS, readActivity, summarise, summaryLine } from './activity.js'

/** `factors activity <user>`: the events as a table / TSV / JSON; the summary at a terminal. */

// The org's answer is untrusted: a target that is not a list names no factor.
const factorOf = (e: LogEvent) => (Array.isArray(e.target) ? e.target.find((t) => t?.type !== 'User') : undefined)

export const activityColumns: Column<LogEvent>[] = [
  { header: 'TIME', value: (e) => e.published },
  { header: 'EVENT', value: (e) => e.eventType },
  { header: 'OUTCOME', value: (e) => e.outcome?.result ?? '', styled: (e, t) => { const r = e.outcome?.result ?? ''; return r === 'SUCCESS' || r === 'ALLOW' ? t.green(r) : r === 'DENY' || r === 'FAILURE' ? t.red(r) : r } },
  { header: 'ACTOR', value: (e) => e.actor?.alternateId ?? e.actor?.id ?? '' },
  { header: 'FACTOR', value: (e) => factorOf(e)?.displayName ?? '' },
  { header: 'DETAIL', value: (e) => [e.displayMessage, e.outcome?.reason].filter(Boolean).join(': '), shrink: true },
  { header: 'IP', value: (e) => e.client?.ipAddress ?? '', optional: true },
]

export async function showActivity(req: { user: string; since: When; until?: When; limit: number }, ctx: Context): Promise<void> {
  const now = ctx.now()
  const since = resolveWhen(req.since, now)
  const until = req.until === undefined ? undefined : resolveWhen(req.until, now)
  if (until && until <= since) throw new UsageError('--until must be after --since.')
  const api = await ctx.api()
  const u = await resolveUser(api, req.user)
  const events = await readActivity(api, u.id, since, until, req.limit)
  await ctx.out.printList(events, activityColumns, { raw: events, empty: `No MFA events for ${userLabel(u)} since ${since.toISOString()}.` })
  if (ctx.io.stderrIsTTY && !ctx.out.json) {
    const s = summarise(events, now, DEFAULT_THRESHOLDS)
    ctx.out.note(summaryLine(s, `since ${since.toISOString()}`))
    for (const w of s.warnings) ctx.out.warn(`Warning: ${w}.`)
  }
  if (events.length === req.limit) ctx.out.note(`Showing the first ${req.limit} events; --limit shows more.`)
}
