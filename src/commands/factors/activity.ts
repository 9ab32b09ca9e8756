import { parseWhen, type When } from '../../audit/read.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import type { FlagsOf, Noun } from '../verb.js'

export const DEFAULT_ACTIVITY_LIMIT = 100

/** The verb's argument and flags, declared once; ActivityFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('activity')
    .description("A user's recent MFA events from the System Log: pushes sent, approved and denied, verifications, enrollments, resets")
    .argument('<user>', 'user id, login, email or login shortname')
    .option('--since <when>', 'from a date, date-time or span back (24h, 7d; default 24h)')
    .option('--until <when>', 'up to a date, date-time or span back (default now)')
    .option('--limit <n>', `at most this many events (default ${DEFAULT_ACTIVITY_LIMIT})`)
export type ActivityFlags = FlagsOf<ReturnType<typeof declare>>

/** What `factors activity` was asked for: one user's MFA events in a window, at most `limit` of them. */
export interface ActivityRequest {
  user: string
  since: When
  until?: When
  limit: number
}

/**
 * Pure: operands and flags → a request, or a UsageError for a bad --limit, --since or --until.
 * Spans are counted back from the clock when it runs; so is whether --until is after --since.
 */
export function parseActivity(user: string, o: ActivityFlags): ActivityRequest {
  const limit = o.limit === undefined ? DEFAULT_ACTIVITY_LIMIT : Number(o.limit.trim())
  // A count of events (not seconds, as the shared number parser would word it).
  if (!/^\d+$/.test(o.limit?.trim() ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000 (got "${o.limit ?? ''}").`)
  return { user, since: parseWhen(o.since ?? '24h'), ...(o.until !== undefined ? { until: parseWhen(o.until, '--until') } : {}), limit }
}

export async function runActivity(req: ActivityRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/activity-command.js')).showActivity(req, ctx)
}

export function defineActivity(parent: Noun, services: Services, run = runActivity) {
  return declare(parent)
    .addHelpText(
      'after',
      `
GET /api/v1/logs with a filter on the user as actor or target and the MFA event types (README,
"Recent MFA activity"), oldest first, every page followed. At a terminal a summary and any
warning (denied or unanswered pushes, a reset shortly before) follow on stderr. Needs
okta.logs.read with an OAuth app.

Examples:
  $ oktactl factors activity bob@example.com
  $ oktactl factors activity bob@example.com --since 7d --json | jq -r '.[] | .eventType'`,
    )
    .action(async (user, o, c) => run(parseActivity(user, o), contextFor(c, services)))
}
