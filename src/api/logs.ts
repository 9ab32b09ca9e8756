import type { OktaClient } from './client.js'
import { pages } from './paging.js'

/** The System Log (listLogEvents); scope okta.logs.read. */

export interface LogEvent {
  uuid: string
  published: string
  eventType: string
  displayMessage?: string
  severity?: string
  actor?: { id?: string; type?: string; alternateId?: string; displayName?: string }
  target?: Array<{ id?: string; type?: string; alternateId?: string; displayName?: string }>
  outcome?: { result?: string; reason?: string | null }
  client?: { ipAddress?: string | null; userAgent?: { rawUserAgent?: string } }
  [k: string]: unknown
}

export interface LogQuery {
  since: Date
  until?: Date
  filter?: string
  /** Page size (Okta's maximum is 1000). */
  limit?: number
}

/** Every page of events in [since, until), oldest first, through `Link: rel="next"`. */
export const listLogEvents = (c: OktaClient, q: LogQuery) =>
  pages<LogEvent>(
    c,
    '/api/v1/logs',
    { since: q.since.toISOString(), until: q.until?.toISOString(), filter: q.filter, limit: q.limit ?? 1000, sortOrder: 'ASCENDING' },
    ['uuid', 'published', 'eventType'],
  )
