import '../../core.js'
import type { Auth, OktaClient, ResponseInfo } from '../../api/client.js'
import { tokenCacheDisabled, tokenCachePath } from '../../auth/cache.js'
import { isOAuthAuth, type OAuthAuth, type OAuthTokenInfo } from '../../auth/index.js'
import { FACTOR_SCOPES, MANAGE_SCOPE, READ_SCOPE, ROLES_SCOPE } from '../../auth/scopes.js'
import type { Settings } from '../../config/settings.js'
import type { Connection, Context } from '../../context.js'
import { AuthError, CliError, ExitCode, NetworkError, OktaApiError } from '../../errors.js'
import { displayProxyUrl } from '../../net/proxy.js'

export type Verdict = 'ok' | 'warn' | 'fail' | 'skip'

export interface Check {
  id: string
  title: string
  verdict: Verdict
  detail: string
  hint?: string
  /** A failure here means credentials or permissions: exit 4 rather than 1. */
  auth?: boolean
}

/** Skew of the org's clock against ours that we warn about, and that fails the check. */
export const SKEW_WARN_MS = 30_000
export const SKEW_FAIL_MS = 300_000
/** Warn when less than this share of the rate limit is left. */
const RATE_LIMIT_WARN_SHARE = 0.1

const NO_AUTH: Auth = { mode: 'none', headers: () => Promise.resolve({}) }

/**
 * Run every check, print them (stdout: the result), and fail with exit 4 if credentials or
 * permissions failed, 1 if anything else did. Later checks are skipped when what they need
 * (settings, a reachable org, a token) failed.
 */
export async function runDoctor(ctx: Context): Promise<void> {
  const checks: Check[] = []
  const add = (c: Check) => checks.push(c)
  let orgUrl: string | undefined
  try {
    await probe(ctx, add, (u) => (orgUrl = u))
  } catch (err) {
    // Print what was found even when a check threw something unexpected.
    add({ id: 'internal', title: 'Doctor', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
  }
  print(ctx, orgUrl, checks)
  const failed = checks.filter((c) => c.verdict === 'fail')
  if (failed.length) {
    const code = failed.some((c) => c.auth) ? ExitCode.AUTH : ExitCode.FAILURE
    throw new CliError(`doctor: ${failed.length} of ${checks.length} checks failed (${failed.map((c) => c.title).join(', ')}).`, code)
  }
}

async function probe(ctx: Context, add: (c: Check) => void, setOrg: (u: string) => void): Promise<void> {
  // 1. Configuration.
  let s: Settings
  try {
    s = await ctx.settings()
  } catch (err) {
    add({ id: 'config', title: 'Configuration', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
    return
  }
  setOrg(s.orgUrl)
  const profile = s.profileName ? `profile "${s.profileName}"; ` : ''
  add({
    id: 'config',
    title: 'Configuration',
    verdict: 'ok',
    detail:
      `${profile}org ${s.orgUrl} from ${String(s.sources.orgUrl)}; ${s.credentials.mode === 'SSWS' ? 'API token' : 'OAuth service app'} from ${String(s.sources.credentials)}` +
      `${s.readOnly || ctx.globals.readOnly ? '; read-only' : ''}${s.skipped.length ? `; skipped ${s.skipped.join('; ')}` : ''}`,
  })

  // 2. Credentials can be built (the key loads); proxy and cache settings.
  let conn: Connection
  try {
    conn = await ctx.connect({ tokenCache: false })
  } catch (err) {
    add({ id: 'key', title: 'Private key', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
    return
  }
  const oauth = isOAuthAuth(conn.auth) ? conn.auth : undefined
  if (oauth) add(keyCheck(oauth))
  add(proxyCheck(conn))

  const responses: ResponseInfo[] = []
  const unsubscribe = ctx.onApiResponse((info) => responses.push(info))
  try {
    // 3. Reachability (no credentials sent) and 4. the clock, from that answer's Date header.
    const reached = await reachability(conn, responses)
    add(reached.check)
    if (!reached.ok) {
      for (const [id, title] of [['clock', 'Clock'], ['credentials', 'Credentials'], ['mode', 'Auth mode'], ['scopes', 'Scopes'], ['ratelimit', 'Rate limit']] as const) {
        add({ id, title, verdict: 'skip', detail: 'org not reachable' })
      }
      return
    }
    add(clockCheck(reached.date, ctx.now().getTime(), s.credentials.mode))

    // 5–7. Credentials, auth mode, scopes.
    const client = conn.clientWith(conn.auth, { maxRetries: 0, readOnly: true })
    if (oauth) await oauthChecks(oauth, client, s, ctx, add)
    else await sswsChecks(client, add)

    // 8. Rate-limit headroom from the last answer that had the headers.
    add(rateLimitCheck([...responses].reverse().find((r) => r.headers.get('x-rate-limit-limit') !== null)))
  } finally {
    unsubscribe()
  }
  add(cacheCheck(ctx, conn))
}

function keyCheck(auth: OAuthAuth): Check {
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

function proxyCheck(conn: Connection): Check {
  const p = conn.proxy
  if (p.url) return { id: 'proxy', title: 'Proxy', verdict: 'ok', detail: `${displayProxyUrl(p.url)} from ${String(p.source)} (API and token requests)` }
  if (p.bypassedBy) return { id: 'proxy', title: 'Proxy', verdict: 'ok', detail: `none: ${p.bypassedBy} exempts ${conn.settings.orgUrl} (proxy from ${String(p.source)})` }
  return { id: 'proxy', title: 'Proxy', verdict: 'ok', detail: 'none (direct connection)' }
}

async function reachability(conn: Connection, responses: ResponseInfo[]): Promise<{ ok: boolean; date?: string; check: Check }> {
  const probeClient = conn.clientWith(NO_AUTH, { maxRetries: 0, readOnly: true })
  const started = Date.now()
  const path = '/.well-known/okta-organization'
  try {
    await probeClient.request(path)
  } catch (err) {
    if (!(err instanceof OktaApiError)) {
      return {
        ok: false,
        check: {
          id: 'reachable',
          title: 'Reachable',
          verdict: 'fail',
          detail: messageOf(err),
          hint: conn.proxy.url ? 'Check the proxy and NO_PROXY, and that the org URL is right.' : 'Check the org URL, DNS, and whether you need a proxy (HTTPS_PROXY).',
        },
      }
    }
    // Any HTTP answer means the org is there.
  }
  const res = [...responses].reverse().find((r) => r.url.endsWith(path))
  const ms = Date.now() - started
  const tls = new URL(conn.settings.orgUrl).protocol === 'https:'
  return {
    ok: true,
    date: res?.headers.get('date') ?? undefined,
    check: {
      id: 'reachable',
      title: 'Reachable',
      verdict: 'ok',
      detail: `HTTP ${res?.status ?? '?'} from GET ${path} in ${ms} ms ${tls ? 'over TLS' : 'over plain http (allowed for loopback test orgs only)'}`,
    },
  }
}

export function clockCheck(date: string | undefined, nowMs: number, mode: string): Check {
  const t = Date.parse(date ?? '')
  if (Number.isNaN(t)) return { id: 'clock', title: 'Clock', verdict: 'skip', detail: 'the org sent no Date header' }
  const skew = t - nowMs
  const abs = Math.abs(skew)
  const secs = Math.round(abs / 1000)
  const dir = skew > 0 ? 'behind' : 'ahead of'
  const detail = abs < 1000 ? 'in step with the org (Date header)' : `this machine is ${secs} s ${dir} the org's clock (Date header)`
  const why =
    mode === 'PrivateKey'
      ? 'Client assertions and DPoP proofs carry iat/exp; Okta rejects them when the clocks disagree by minutes.'
      : 'API tokens do not depend on it, but TOTP codes and token expiry do.'
  if (abs > SKEW_FAIL_MS) return { id: 'clock', title: 'Clock', verdict: 'fail', detail, hint: `${why} Sync the clock (NTP).` }
  if (abs > SKEW_WARN_MS) return { id: 'clock', title: 'Clock', verdict: 'warn', detail, hint: `${why} Sync the clock (NTP).` }
  return { id: 'clock', title: 'Clock', verdict: 'ok', detail }
}

async function sswsChecks(client: OktaClient, add: (c: Check) => void): Promise<void> {
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

async function oauthChecks(auth: OAuthAuth, client: OktaClient, s: Settings, ctx: Context, add: (c: Check) => void): Promise<void> {
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
    await client.request('/api/v1/users', { query: { limit: 1 } })
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

export function rateLimitCheck(res: ResponseInfo | undefined): Check {
  if (!res) return { id: 'ratelimit', title: 'Rate limit', verdict: 'skip', detail: 'no X-Rate-Limit-* headers in the answers' }
  const limit = Number(res.headers.get('x-rate-limit-limit'))
  const remaining = Number(res.headers.get('x-rate-limit-remaining'))
  const reset = Number(res.headers.get('x-rate-limit-reset'))
  const date = Date.parse(res.headers.get('date') ?? '')
  const resetIn = Number.isFinite(reset) && !Number.isNaN(date) ? Math.max(0, Math.round(reset - date / 1000)) : undefined
  const detail = `${remaining} of ${limit} requests left for ${new URL(res.url).pathname}${resetIn !== undefined ? ` (window resets in ${resetIn} s)` : ''}`
  if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(remaining)) return { id: 'ratelimit', title: 'Rate limit', verdict: 'skip', detail: 'unreadable X-Rate-Limit-* headers' }
  if (remaining / limit < RATE_LIMIT_WARN_SHARE) {
    return { id: 'ratelimit', title: 'Rate limit', verdict: 'warn', detail, hint: 'Bulk runs will be slowed or rate limited (exit 6); wait for the window to reset.' }
  }
  return { id: 'ratelimit', title: 'Rate limit', verdict: 'ok', detail }
}

function cacheCheck(ctx: Context, conn: Connection): Check {
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

function isAuthFailure(err: unknown): boolean {
  return err instanceof AuthError || (err instanceof OktaApiError && (err.status === 401 || err.status === 403))
}

function messageOf(err: unknown): string {
  if (err instanceof NetworkError || err instanceof CliError) return err.message
  return err instanceof Error ? err.message : String(err)
}

function hintOf(err: unknown): string | undefined {
  return err instanceof CliError ? err.hint : undefined
}

function apiTokenHint(err: unknown): string | undefined {
  if (err instanceof OktaApiError && err.status === 401) {
    return 'Okta rejected the API token: it may be revoked, expired (30 days unused) or for another org. Create a new one and run `oktactl profile add`.'
  }
  return undefined
}

const MARK: Record<Verdict, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' }

function print(ctx: Context, orgUrl: string | undefined, checks: Check[]): void {
  const failed = checks.filter((c) => c.verdict === 'fail')
  if (ctx.out.json) {
    ctx.out.printJson({
      ok: failed.length === 0,
      exitCode: failed.length === 0 ? 0 : failed.some((c) => c.auth) ? ExitCode.AUTH : ExitCode.FAILURE,
      orgUrl: orgUrl ?? null,
      checks: checks.map(({ id, title, verdict, detail, hint }) => ({ id, title, verdict, detail, ...(hint ? { hint } : {}) })),
    })
    return
  }
  const t = ctx.out.theme
  const paint: Record<Verdict, (s: string) => string> = { ok: t.green, warn: t.yellow, fail: t.red, skip: t.dim }
  const width = Math.max(...checks.map((c) => c.title.length))
  const lines = checks.map((c) => {
    const head = `${paint[c.verdict](MARK[c.verdict].padEnd(4))}  ${c.title.padEnd(width)}  ${c.detail}`
    return c.hint ? `${head}\n${' '.repeat(width + 8)}→ ${c.hint}` : head
  })
  ctx.io.stdout.write(`${lines.join('\n')}\n`)
}
