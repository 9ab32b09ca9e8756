/**
 * The OAuth scopes the factor commands need (Okta management API spec): `okta.users.read` for
 * every GET (list, get, catalog, transactions, the user lookup) and `okta.users.manage` for
 * every change (enroll, activate, resend, verify, delete, reset). `GET …/factors/questions`
 * declares the SSWS API token only: OAuth service apps cannot call it.
 */
export const READ_SCOPE = 'okta.users.read'
export const MANAGE_SCOPE = 'okta.users.manage'
export const FACTOR_SCOPES = [READ_SCOPE, MANAGE_SCOPE] as const
/**
 * The helpdesk guard of `factors delete` and `factors reset` reads the target's admin roles
 * (GET /api/v1/users/{id}/roles, listAssignedRolesForUser), which needs this scope. Without it
 * every target counts as an admin and is refused unless --allow-admin.
 */
export const ROLES_SCOPE = 'okta.roles.read'

/** `oktactl --group` lists groups and their members (listGroups, listGroupUsers): okta.groups.read. */
export const GROUPS_SCOPE = 'okta.groups.read'

/** The scope the spec declares for a request: roles and groups have their own; the rest are users scopes. */
export function scopeFor(method: string, path = ''): string {
  const get = method.toUpperCase() === 'GET'
  if (/^\/api\/v1\/users\/[^/]+\/roles(?:\/|$)/.test(path)) return get ? ROLES_SCOPE : 'okta.roles.manage'
  if (/^\/api\/v1\/groups(?:\/|$)/.test(path)) return get ? GROUPS_SCOPE : 'okta.groups.manage'
  if (/^\/api\/v1\/logs\/?$/.test(path)) return 'okta.logs.read'
  return get ? READ_SCOPE : MANAGE_SCOPE
}

/** Endpoints that accept an SSWS API token only. */
export function needsApiToken(path: string): boolean {
  return /\/api\/v1\/users\/[^/]+\/factors\/questions\/?$/.test(path)
}

/** Parse the scope list of a token response (`"scope": "a b"`). */
export function parseScopes(s: unknown): string[] {
  return typeof s === 'string' ? s.split(/\s+/).filter(Boolean) : []
}

/** Read one parameter from a WWW-Authenticate header, e.g. `error` or `scope`. */
export function authParam(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined
  const m = new RegExp(`(?:^|[\\s,])${name}="([^"]*)"`, 'i').exec(header) ?? new RegExp(`(?:^|[\\s,])${name}=([^\\s,]+)`, 'i').exec(header)
  return m?.[1]
}
