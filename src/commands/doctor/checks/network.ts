import type { Auth, ResponseInfo } from '../../../api/client.js'
import type { Connection } from '../../../config/connect.js'
import { OktaApiError } from '../../../errors.js'
import { displayProxyUrl } from '../../../net/proxy.js'
import { messageOf, type Check } from './check.js'

/** Network checks: proxy, reachability, the org's clock and rate-limit headroom. */

/** Skew of the org's clock against ours that we warn about, and that fails the check. */
export const SKEW_WARN_MS = 30_000
export const SKEW_FAIL_MS = 300_000
/** Warn when less than this share of the rate limit is left. */
const RATE_LIMIT_WARN_SHARE = 0.1

const NO_AUTH: Auth = { mode: 'none', headers: () => Promise.resolve({}) }

export function proxyCheck(conn: Connection): Check {
  const p = conn.proxy
  if (p.url) return { id: 'proxy', title: 'Proxy', verdict: 'ok', detail: `${displayProxyUrl(p.url)} from ${String(p.source)} (API and token requests)` }
  if (p.bypassedBy) return { id: 'proxy', title: 'Proxy', verdict: 'ok', detail: `none: ${p.bypassedBy} exempts ${conn.settings.orgUrl} (proxy from ${String(p.source)})` }
  return { id: 'proxy', title: 'Proxy', verdict: 'ok', detail: 'none (direct connection)' }
}

export async function reachability(conn: Connection, responses: ResponseInfo[]): Promise<{ ok: boolean; date?: string; check: Check }> {
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
