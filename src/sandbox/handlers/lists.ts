import { OktaError, oktaErrors } from '../errors.js'
import { QueryError, parseQuery, type Predicate } from '../query.js'
import { userView } from '../render.js'
import type { GroupRec, UserRec } from '../state.js'
import { type Ctx, type Reply, intParam } from './context.js'

// The listing routes: users (search, filter, q), groups (q) and group members. Pages are cut
// at `limit` (at most 200) and continue from an opaque `after` cursor (the last id of the page),
// with `Link: <…>; rel="self"` and, when more follow, `<…&after=…>; rel="next"`, as Okta pages.

const MAX_LIMIT = 200

const invalidSearch = (why: string) => new OktaError(400, 'E0000031', 'Invalid search criteria.', [why])

export function predicate(expression: string, mode: 'search' | 'filter'): Predicate {
  try {
    return parseQuery(expression, mode)
  } catch (err) {
    if (err instanceof QueryError) throw invalidSearch(`${mode}: ${err.message}`)
    throw err
  }
}

/** The fields a search can see: the user's top-level properties, profile and type. */
const searchable = (u: UserRec): Record<string, unknown> => ({ ...u, type: { id: 'default' }, roles: undefined })

/** One page of `items` from `after`, and the Link header for it. */
export function page<T>(ctx: Ctx, path: string, items: T[], limit: number, paged = true, key: (x: T) => string = (x) => (x as { id: string }).id): { items: T[]; link: string } {
  const after = ctx.query.get('after')
  let start = 0
  if (after !== null) {
    const i = items.findIndex((x) => key(x) === after)
    if (i < 0) throw oktaErrors.validation('after', `after: the cursor ${after} is not valid`)
    start = i + 1
  }
  const slice = items.slice(start, start + limit)
  const keep = new URLSearchParams()
  for (const [k, v] of ctx.query) if (k !== 'after') keep.append(k, v)
  keep.set('limit', String(limit))
  const url = (q: URLSearchParams) => `${ctx.urls.base}${path}?${q.toString().replace(/\+/g, '%20')}`
  const links = [`<${url(keep)}>; rel="self"`]
  const last = slice.at(-1)
  if (paged && last && start + limit < items.length) {
    const next = new URLSearchParams(keep)
    next.set('after', key(last))
    links.push(`<${url(next)}>; rel="next"`)
  }
  return { items: slice, link: links.join(', ') }
}

function usersReply(ctx: Ctx, path: string, users: UserRec[], limit: number, paged = true): Reply {
  const p = page(ctx, path, users, limit, paged)
  return { status: 200, body: p.items.map((u) => userView(u, ctx.urls, ctx.store.factorsOf(u.id).length)), headers: { Link: p.link } }
}

/**
 * GET /api/v1/users: with neither `search`, `filter` nor `q` every user but DEPROVISIONED;
 * `search` and `filter` include DEPROVISIONED; `q` (first name, last name or email prefix)
 * excludes them, defaults to 10 results and is not paged (the spec's words).
 */
export function listUsers(ctx: Ctx): Reply {
  const search = ctx.query.get('search')
  const filter = ctx.query.get('filter')
  const q = ctx.query.get('q')
  const given = [search, filter, q].filter((v) => v !== null).length
  if (given > 1) throw invalidSearch('give one of search, filter and q')
  const limit = Math.min(intParam(ctx, 'limit', 'limit', 1, 10_000, q !== null ? 10 : MAX_LIMIT), MAX_LIMIT)
  const all = ctx.store.allUsers()
  if (q !== null) {
    const p = q.toLowerCase()
    const found = all.filter((u) => u.status !== 'DEPROVISIONED' && [u.profile.firstName, u.profile.lastName, u.profile.email].some((v) => v.toLowerCase().startsWith(p)))
    return usersReply(ctx, '/api/v1/users', found, limit, false)
  }
  if (search !== null || filter !== null) {
    const test = search !== null ? predicate(search, 'search') : predicate(filter ?? '', 'filter')
    return usersReply(ctx, '/api/v1/users', all.filter((u) => test(searchable(u))), limit)
  }
  return usersReply(ctx, '/api/v1/users', all.filter((u) => u.status !== 'DEPROVISIONED'), limit)
}

export function groupView(g: GroupRec, ctx: Ctx) {
  const self = `${ctx.urls.base}/api/v1/groups/${g.id}`
  return {
    id: g.id,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: g.type,
    profile: { ...g.profile },
    _links: {
      logo: [
        { name: 'medium', href: `${ctx.urls.base}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${ctx.urls.base}/assets/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  }
}

/** GET /api/v1/groups[?q=name prefix]: paged like users. */
export function listGroups(ctx: Ctx): Reply {
  const q = ctx.query.get('q')?.toLowerCase()
  const limit = Math.min(intParam(ctx, 'limit', 'limit', 1, 10_000, MAX_LIMIT), 10_000)
  const groups = ctx.store.groups().filter((g) => q === undefined || g.profile.name.toLowerCase().startsWith(q))
  const p = page(ctx, '/api/v1/groups', groups, limit)
  return { status: 200, body: p.items.map((g) => groupView(g, ctx)), headers: { Link: p.link } }
}

function groupFromPath(ctx: Ctx): GroupRec {
  const id = ctx.params.groupId ?? ''
  const g = ctx.store.group(id)
  if (!g) throw oktaErrors.notFound(id, 'UserGroup')
  return g
}

/** GET /api/v1/groups/{groupId} */
export function getGroup(ctx: Ctx): Reply {
  return { status: 200, body: groupView(groupFromPath(ctx), ctx) }
}

/** GET /api/v1/groups/{groupId}/users: the members, paged. */
export function listGroupUsers(ctx: Ctx): Reply {
  const g = groupFromPath(ctx)
  const limit = Math.min(intParam(ctx, 'limit', 'limit', 1, 10_000, MAX_LIMIT), MAX_LIMIT)
  const members = g.members.map((id) => ctx.store.userById(id)).filter((u): u is UserRec => u !== undefined)
  return usersReply(ctx, `/api/v1/groups/${g.id}/users`, members, limit)
}
