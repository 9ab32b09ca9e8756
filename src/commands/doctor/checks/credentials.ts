import type { OktaClient } from '../../../api/client.js'
import { tokenCacheDisabled, tokenCachePath } from '../../../auth/cache.js'
import { isOAuthAuth, type OAuthAuth, type OAuthTokenInfo } from '../../../auth/index.js'
import { FACTOR_SCOPES, MANAGE_SCOPE, READ_SCOPE, ROLES_SCOPE } from '../../../auth/scopes.js'
import type { Settings } from '../../../config/settings.js'
import type { Context } from '../../../context.js'
import type { Connection } from '../../../config/connect.js'
import { AuthError, OktaApiError } from '../../../errors.js'
import { hintOf, isAuthFailure, messageOf, type Check, type Verdict } from './check.js'

/** Credential checks: the private key, the token or API token, auth mode, scopes, token cache. */

export function keyCheck(auth: OAuthAuth): Check {
  const d = auth.details()
  const what = `${d.keyDescription} key ${d.keyOrigin}, signs ${d.alg}${d.kid ? `, kid ${d.kid}` : ', no kid'}; client ${d.clientId}`
  if (d.keyFileMode !== undefined && (d.keyFileMode & 0o077) !== 0) {
    return {
      id: 'key',
      title: 'Private key',
      verdict: 'warn',
      detail: `${what}; the file is readable by others (mode ${d.keyFileMode.toString(8).padStart(4, '0')})`,
      hint: `chmod 600 ${d.keyOrigin}`,
    }
  }
  return { id: 'key', title: 'Private key', verdict: 'ok', detail: what }
}

export async function sswsChecks(client: OktaClient, add: (c: Check) => void): Promise<void> {
  try {
    const me = await client.get<{ profile?: { login?: string } }>('/api/v1/users/me')
    add({ id: 'credentials', title: 'Credentials', verdict: 'ok', detail: `API token accepted (GET /api/v1/users/me: ${me?.profile?.login ?? 'ok'})` })
  } catch (err) {
    add({ id: 'credentials', title: 'Credentials', verdict: 'fail', detail: messageOf(err), hint: hintOf(err) ?? apiTokenHint(err), auth: isAuthFailure(err) })
  }
  add({ id: 'mode', title: 'Auth mode', verdict: 'ok', detail: 'SSWS API token (acts with the roles of the admin who made it)' })
  add({
    id: 'scopes',
    title: 'Scopes',
    verdict: 'ok',
    detail: 'not used by API tokens; every factor command, including `factors questions`, works with the admin role',
  })
}

export async function oauthChecks(auth: OAuthAuth, client: OktaClient, s: Settings, ctx: Context, add: (c: Check) => void): Promise<void> {
  let token: OAuthTokenInfo
  try {
    token = await auth.token()
  } catch (err) {
    add({ id: 'credentials', title: 'Credentials', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
    add({ id: 'mode', title: 'Auth mode', verdict: 'skip', detail: `OAuth 2.0 private_key_jwt (${auth.mode} expected); no token` })
    add({ id: 'scopes', title: 'Scopes', verdict: 'skip', detail: 'no token' })
    return
  }
  const minutes = Math.round((token.expiresAt - ctx.now().getTime()) / 60_000)
  let detail = `access token issued by ${s.orgUrl}/oauth2/v1/token (valid ${minutes} min)`
  let verdict: Verdict = 'ok'
  let hint: string | undefined
  let authFail = false
  try {
    await client.request('/api/v1/users', { query: { limit: 1 }, expect: 'array' })
    detail += '; GET /api/v1/users?limit=1 allowed'
  } catch (err) {
    verdict = 'fail'
    detail += `; but GET /api/v1/users?limit=1 failed: ${messageOf(err)}`
    hint = hintOf(err)
    authFail = isAuthFailure(err)
  }
  add({ id: 'credentials', title: 'Credentials', verdict, detail, hint, auth: authFail })
  const d = auth.details()
  add({
    id: 'mode',
    title: 'Auth mode',
    verdict: 'ok',
    detail:
      token.tokenType === 'DPoP'
        ? `OAuth 2.0 private_key_jwt, DPoP-bound token (the app requires DPoP; proofs signed ${d.alg} with the client key)`
        : `OAuth 2.0 private_key_jwt, Bearer token (assertion signed ${d.alg})`,
  })
  add(scopeCheck(token.scopes, s.readOnly || Boolean(ctx.globals.readOnly)))
}

export function scopeCheck(granted: string[], readOnly: boolean): Check {
  const missing = FACTOR_SCOPES.filter((sc) => !granted.includes(sc))
  const base =
    `granted: ${granted.join(' ') || 'none'}; reads need ${READ_SCOPE}, changes need ${MANAGE_SCOPE}, the admin guard of delete and reset ${ROLES_SCOPE}; ` +
    '`factors questions` needs an SSWS API token'
  const hint =
    'Grant the scope to the app (Admin Console → Applications → the app → Okta API Scopes) and request it with --scopes / OKTA_CLIENT_SCOPES / okta.yaml scopes.'
  if (missing.includes(READ_SCOPE)) return { id: 'scopes', title: 'Scopes', verdict: 'fail', detail: `${base}; missing ${READ_SCOPE}: no command will work`, hint, auth: true }
  if (missing.includes(MANAGE_SCOPE)) {
    return readOnly
      ? { id: 'scopes', title: 'Scopes', verdict: 'ok', detail: `${base}; no ${MANAGE_SCOPE}, which this read-only profile does not need` }
      : { id: 'scopes', title: 'Scopes', verdict: 'warn', detail: `${base}; missing ${MANAGE_SCOPE}: enroll, activate, verify, delete and reset will fail`, hint }
  }
  if (!readOnly && !granted.includes(ROLES_SCOPE)) {
    return {
      id: 'scopes',
      title: 'Scopes',
      verdict: 'warn',
      detail: `${base}; missing ${ROLES_SCOPE}: delete and reset cannot read admin roles, so they refuse every user unless --allow-admin`,
      hint,
    }
  }
  return { id: 'scopes', title: 'Scopes', verdict: 'ok', detail: base }
}

export function cacheCheck(ctx: Context, conn: Connection): Check {
  if (!isOAuthAuth(conn.auth)) return { id: 'tokencache', title: 'Token cache', verdict: 'skip', detail: 'only OAuth access tokens are cached' }
  const off = tokenCacheDisabled(ctx.env, ctx.globals.tokenCache)
  return {
    id: 'tokencache',
    title: 'Token cache',
    verdict: 'ok',
    detail: off
      ? 'off (--no-token-cache or OKTACTL_NO_TOKEN_CACHE): every run fetches a token'
      : `on: ${tokenCachePath(ctx.env)} (mode 0600); commands reuse a token until 60 s before it expires. doctor itself always fetches a fresh one`,
  }
}

function apiTokenHint(err: unknown): string | undefined {
  if (err instanceof OktaApiError && err.status === 401) {
    return 'Okta rejected the API token: it may be revoked, expired (30 days unused) or for another org. Create a new one and run `oktactl profile add`.'
  }
  return undefined
}
