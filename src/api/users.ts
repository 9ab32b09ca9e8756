import type { OktaClient } from './client.js'
import { listAll, pages } from './paging.js'
import { apiPath } from './path.js'
import type { OktaGroup, OktaUser } from './types.js'

/** Listing users and groups (Okta's Users and Groups APIs); names follow the spec's operationIds. */

/** Okta's largest page for these lists (the spec's `limit`, and what the SDKs page with). */
export const PAGE_LIMIT = 200
const USER_FIELDS = ['id', 'status'] as const

/** What `GET /api/v1/users` is asked for: one of Okta's `search` and `filter`, or neither (every user but DEPROVISIONED). */
export interface UserQuery {
  search?: string
  filter?: string
}

/** listUsers: every page, 200 at a time, through `Link: rel="next"`. */
export const listUsers = (c: OktaClient, q: UserQuery = {}) =>
  pages<OktaUser>(c, '/api/v1/users', { search: q.search, filter: q.filter, limit: PAGE_LIMIT }, USER_FIELDS)

/** listGroups with `q` (a name prefix): every page of matches. */
export const findGroups = (c: OktaClient, q: string) =>
  listAll<OktaGroup>(c, '/api/v1/groups', { q, limit: PAGE_LIMIT }, ['id'])

/** getGroup */
export const getGroup = (c: OktaClient, groupId: string) =>
  c.get<OktaGroup>(apiPath`/api/v1/groups/${groupId}`, undefined, 'object', ['id'])

/** listGroupUsers: every page of members. */
export const listGroupUsers = (c: OktaClient, groupId: string) =>
  pages<OktaUser>(c, apiPath`/api/v1/groups/${groupId}/users`, { limit: PAGE_LIMIT }, USER_FIELDS)
