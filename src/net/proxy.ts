import type { Agent } from 'node:http'
import type { Env } from '../config/paths.js'
import { UsageError } from '../errors.js'

/**
 * Which proxy, if any, carries oktactl's requests. Every request goes to one origin (the org:
 * its API and its /oauth2/v1/token endpoint), so one decision per run covers all of them,
 * the token request included (okta-sdk-nodejs#383: the SDK's token request ignored the proxy).
 *
 * Order: the scheme's environment variable (`https_proxy`/`HTTPS_PROXY` for an https org,
 * `http_proxy`/`HTTP_PROXY` for an http loopback org; lower case first, as curl and undici
 * read them), then okta.yaml's `okta.client.proxy`. `NO_PROXY`/`no_proxy` then applies to
 * either: `*`, host names (matching the host and its subdomains, with or without a leading
 * `.` or `*.`), IP addresses, each optionally with `:port`. Loopback is not exempt by itself;
 * list it in NO_PROXY to bypass the proxy for a local test server.
 *
 * This module is pure and cheap to import; the tunnelling agent loads only when a proxy is used.
 */
export interface ProxyChoice {
  /** The proxy URL to use, or undefined for a direct connection. */
  url?: string
  /** Where the proxy setting came from (e.g. `environment (HTTPS_PROXY)`), when one was set. */
  source?: string
  /** Set when a proxy was configured but NO_PROXY exempts the org. */
  bypassedBy?: string
}

export function resolveProxy(orgUrl: string, env: Env, configured?: { url?: string; source?: string }): ProxyChoice {
  const org = new URL(orgUrl)
  const names = org.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  let choice: ProxyChoice = {}
  const envName = names.find((n) => env[n]?.trim())
  if (envName) choice = { url: env[envName]?.trim(), source: `environment (${envName})` }
  else if (configured?.url) choice = { url: configured.url, source: configured.source ?? 'okta.yaml' }
  if (!choice.url) return {}
  // `proxy.corp:3128` without a scheme means http://, as curl reads it.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(choice.url)) choice.url = `http://${choice.url}`

  const noProxyName = ['no_proxy', 'NO_PROXY'].find((n) => env[n] !== undefined && env[n] !== '')
  const noProxy = noProxyName ? (env[noProxyName] ?? '') : ''
  if (noProxyName && noProxyMatches(noProxy, org)) {
    return { source: choice.source, bypassedBy: `${noProxyName}=${noProxy}` }
  }
  return choice
}

/** NO_PROXY semantics as curl and undici's EnvHttpProxyAgent implement them (no CIDR ranges). */
export function noProxyMatches(noProxy: string, url: URL): boolean {
  const host = stripBrackets(url.hostname).toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase()
    if (!entry) continue
    if (entry === '*') return true
    let h = entry
    let p: string | undefined
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry)
    if (m) {
      h = m[1] ?? entry
      p = m[2]
    }
    h = stripBrackets(h).replace(/^\*?\./, '')
    if (p && p !== port) continue
    if (host === h || host.endsWith(`.${h}`)) return true
  }
  return false
}

function stripBrackets(h: string): string {
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h
}

/** The proxy URL with any password hidden, for doctor, profile show and --debug. */
export function displayProxyUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '****'
    return u.toString().replace(/\/$/, '')
  } catch {
    return '(not a URL)'
  }
}

/**
 * `agentFor` for OktaClient (and the token request): an agent carrying one request through a
 * CONNECT tunnel of the chosen proxy (src/net/tunnel.ts, loaded only when a proxy is used), or
 * undefined for a direct connection.
 *
 * Why not undici's ProxyAgent: OktaClient sends over node:http, not fetch (a first fetch costs
 * ~100 ms of start-up on Node 20; see src/api/transport.ts), and a fetch dispatcher cannot
 * serve node:http. Not EnvHttpProxyAgent either: it reads process.env itself (tests and
 * --profile runs hand us their own env) and prints an "experimental" warning.
 */
export function proxyAgentFor(choice: ProxyChoice, timeoutMs: number): ((url: URL) => Promise<Agent | undefined>) | undefined {
  const proxyUrl = choice.url
  if (!proxyUrl) return undefined
  return async (url: URL) => {
    checkProxyUrl(proxyUrl)
    const { tunnelAgent } = await import('./tunnel.js')
    return tunnelAgent(proxyUrl, url, timeoutMs)
  }
}

export function checkProxyUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`The proxy "${displayProxyUrl(url)}" is not a URL.`, 'Use the form http://proxy.example.com:3128')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`The proxy ${displayProxyUrl(url)} must be an http:// or https:// URL.`)
  }
}
