import { oktaErrors } from '../errors.js'
import { type Ctx, type Reply, intParam } from './context.js'
import { page, predicate } from './lists.js'

const DAY = 86_400_000

function time(ctx: Ctx, name: string, dflt: number): number {
  const v = ctx.query.get(name)
  if (v === null) return dflt
  const t = Date.parse(v)
  if (Number.isNaN(t)) throw oktaErrors.validation('logs', `${name}: must be an ISO 8601 date-time`)
  return t
}

/**
 * GET /api/v1/logs: events published in [since, until) (default: the last 7 days), narrowed by
 * `filter` (the search expression syntax, arrays such as `target` matched element-wise) and `q`
 * (words that must all appear in the event), ASCENDING by default, `limit` 100 (at most 1000),
 * paged by `after` (the last event's uuid) with Link headers.
 */
export function listLogEvents(ctx: Ctx): Reply {
  const now = ctx.now()
  const since = time(ctx, 'since', now - 7 * DAY)
  const until = time(ctx, 'until', now + 1) // exclusive; by default everything up to now
  const limit = Math.min(intParam(ctx, 'limit', 'logs', 1, 10_000, 100), 1000)
  const order = ctx.query.get('sortOrder') ?? 'ASCENDING'
  if (order !== 'ASCENDING' && order !== 'DESCENDING') throw oktaErrors.validation('logs', "sortOrder: must be 'ASCENDING' or 'DESCENDING'")
  const filter = ctx.query.get('filter')
  const test = filter === null ? () => true : predicate(filter, 'search')
  const words = (ctx.query.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  let events = ctx.log.events.filter((e) => {
    const t = Date.parse(e.published)
    if (t < since || t >= until) return false
    if (!test(e as unknown as Record<string, unknown>)) return false
    const text = JSON.stringify(e).toLowerCase()
    return words.every((w) => text.includes(w))
  })
  if (order === 'DESCENDING') events = [...events].reverse()
  const p = page(ctx, '/api/v1/logs', events, limit, true, (e) => e.uuid)
  return { status: 200, body: p.items, headers: { Link: p.link } }
}
