import type { Auth, ClientOptions, OktaClient, ResponseInfo } from '../api/client.js'
import { tokenCacheDisabled } from '../auth/cache.js'
import { ExplainingClient } from '../auth/explain.js'
import { createAuth } from '../auth/index.js'
import { checkProxyUrl, proxyAgentFor, resolveProxy, type ProxyChoice } from '../net/proxy.js'
import { VERSION } from '../version.js'
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS, type GlobalOptions } from './flags.js'
import type { Env } from './paths.js'
import { oktaYamlPaths, readOktaYaml } from './oktayaml.js'
import { collectLayers, mergeLayers, type Settings } from './settings.js'
import type { ProfileStore } from './store.js'

export interface ConnectOptions {
  /** false: neither read nor write the token cache. Default: --no-token-cache and OKTACTL_NO_TOKEN_CACHE decide. */
  tokenCache?: boolean
}

export interface Connection {
  settings: Settings
  auth: Auth
  client: OktaClient
  proxy: ProxyChoice
  timeoutMs: number
  maxRetries: number
  tokenCache: boolean
  /** Another client for the same org, proxy and limits, e.g. one without credentials. */
  clientWith(auth: Auth, extra?: Partial<ClientOptions>): OktaClient
}

export interface ConnectDeps {
  settings: () => Promise<Settings>
  globals: GlobalOptions
  /** --timeout and --max-retries, already parsed. */
  timeoutSeconds: number | undefined
  maxRetries: number | undefined
  env: Env
  cwd: string
  now: () => Date
  sleep: (ms: number) => Promise<void>
  debug: (line: string) => void
  warn: (line: string) => void
  onResponse: (info: ResponseInfo) => void
}

/**
 * How a run reaches its org: settings → proxy, timeouts, credentials → one API client. The
 * proxy agent is made once per run (settings are fixed for it) and shared by the token request
 * and the API alike.
 */
export function connector(d: ConnectDeps): (opts?: ConnectOptions) => Promise<Connection> {
  let agentFor: ClientOptions['agentFor']
  let proxyLogged = false
  return async (opts = {}) => {
    const s = await d.settings()
    const nowMs = () => d.now().getTime()
    // Proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY, okta.yaml proxy) for the API and the token request alike.
    const proxy = resolveProxy(s.orgUrl, d.env, { url: s.proxy, source: s.sources.proxy })
    if (proxy.url) checkProxyUrl(proxy.url)
    const timeoutMs = (d.timeoutSeconds ?? s.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000
    if (!proxyLogged) {
      agentFor = proxyAgentFor(proxy, timeoutMs)
      proxyLogged = true
      if (proxy.url) d.debug(`proxy from ${String(proxy.source)}`)
      else if (proxy.bypassedBy) d.debug(`no proxy for ${s.orgUrl} (${proxy.bypassedBy})`)
    }
    const maxRetries = d.maxRetries ?? s.maxRetries ?? DEFAULT_MAX_RETRIES
    const userAgent = `oktactl/${VERSION} node/${process.version}`
    const tokenCache = opts.tokenCache ?? !tokenCacheDisabled(d.env, d.globals.tokenCache)
    const auth = await createAuth(s, { env: d.env, debug: d.debug, now: nowMs, noTokenCache: !tokenCache, agentFor, timeoutMs, userAgent, cwd: d.cwd })
    const clientWith = (a: Auth, extra: Partial<ClientOptions> = {}): OktaClient =>
      new ExplainingClient({
        orgUrl: s.orgUrl,
        auth: a,
        userAgent,
        timeoutMs,
        maxRetries,
        readOnly: Boolean(d.globals.readOnly) || s.readOnly,
        debug: d.globals.debug ? d.debug : undefined,
        notify: d.warn,
        sleep: d.sleep,
        now: nowMs,
        agentFor,
        onResponse: d.onResponse,
        ...extra,
      })
    return { settings: s, auth, client: clientWith(auth), proxy, timeoutMs, maxRetries, tokenCache, clientWith }
  }
}

/** The settings of this run, from flags, environment, the profile store and okta.yaml, most specific first. */
export async function loadSettings(d: { globals: GlobalOptions; env: Env; cwd: string; openStore: () => Promise<ProfileStore>; debug: (line: string) => void; note?: (line: string) => void }): Promise<Settings> {
  const layers = await collectLayers({
    note: d.note,
    flagProfile: d.globals.profile,
    flagOrg: d.globals.org,
    env: d.env,
    cwd: d.cwd,
    openStore: d.openStore,
    readYaml: readOktaYaml,
    yamlPaths: oktaYamlPaths(d.env, d.cwd),
  })
  const s = mergeLayers(layers)
  d.debug(`org ${s.orgUrl} (from ${String(s.sources.orgUrl)}); ${s.credentials.mode} credentials from ${String(s.sources.credentials)}`)
  for (const skip of s.skipped) d.debug(`skipped ${skip}`)
  return s
}
