import type { Command } from 'commander'
import type { Auth, ClientOptions, OktaClient, ResponseInfo } from './api/client.js'
import { tokenCacheDisabled, tokenCachePath } from './auth/cache.js'
import { ExplainingClient } from './auth/explain.js'
import { createAuth } from './auth/index.js'
import { oktaYamlPaths, readOktaYaml } from './config/oktayaml.js'
import { configDir, stateDir, type Env } from './config/paths.js'
import { collectLayers, mergeLayers, type Settings } from './config/settings.js'
import { ProfileStore } from './config/store.js'
import { ExitCode, UsageError } from './errors.js'
import { checkProxyUrl, proxyAgentFor, resolveProxy, type ProxyChoice } from './net/proxy.js'
import type { IO } from './output/io.js'
import { Output, type Format } from './output/output.js'
import { colorEnabled } from './output/theme.js'
import { inquirerPrompter, type Prompter } from './prompt/prompter.js'
import { VERSION } from './version.js'
import { oneLine } from './output/visible.js'
import { tightenIfLoose } from './util/fs.js'

/** Options every command accepts (defined on the root command). */
export interface GlobalOptions {
  profile?: string
  org?: string
  json?: boolean
  output?: string
  color?: boolean
  input?: boolean
  yes?: boolean
  debug?: boolean
  timeout?: string
  maxRetries?: string
  readOnly?: boolean
  tokenCache?: boolean
  auditLog?: string
}

/** What the process hands the CLI. Tests pass fakes for all of it. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE'

/** The exit code for a run stopped by `reason`: 128 + the signal's number (SIGPIPE for EPIPE). */
export const STOP_EXIT = {
  SIGINT: ExitCode.CANCELLED,
  SIGTERM: ExitCode.TERMINATED,
  SIGHUP: ExitCode.HANGUP,
  EPIPE: ExitCode.PIPE_CLOSED,
} as const satisfies Record<StopReason, number>

/** How a stop is named in messages. */
export const STOP_WORDS: Record<StopReason, string> = { SIGINT: 'Interrupted', SIGTERM: 'Stopped by SIGTERM', SIGHUP: 'Stopped by SIGHUP', EPIPE: 'Stopped: the output was closed' }

export interface Services {
  io: IO
  env: Env
  cwd: string
  now: () => Date
  sleep: (ms: number) => Promise<void>
  /** Replaces the inquirer prompts (tests feed answers this way). */
  prompter?: Prompter
  /**
   * Called when the process is asked to stop: SIGINT (Ctrl-C), SIGTERM, SIGHUP, or stdout closed
   * by its reader (EPIPE); bulk runs subscribe to finish what is in flight and stop cleanly.
   */
  onInterrupt?: (handler: (reason: StopReason) => void) => () => void
}

/** Everything a command's run step needs, built lazily from the global options. */
export interface Context {
  io: IO
  env: Env
  cwd: string
  globals: GlobalOptions
  out: Output
  prompt: Prompter
  /** True when we may ask questions: stdin and stderr are terminals and --no-input was not given. */
  canPrompt: boolean
  yes: boolean
  now: () => Date
  sleep: (ms: number) => Promise<void>
  debug: (line: string) => void
  settings(): Promise<Settings>
  api(): Promise<OktaClient>
  /** What api() is built from, unmemoised: `doctor` uses it to probe (and to bypass the token cache). */
  connect(opts?: ConnectOptions): Promise<Connection>
  store(): Promise<ProfileStore>
  /** See every API response (status and headers); bulk runs pace themselves with it. Returns an unsubscribe. */
  onApiResponse(listener: (info: ResponseInfo) => void): () => void
  services: Services
}

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

export const DEFAULT_TIMEOUT_SECONDS = 30
export const DEFAULT_MAX_RETRIES = 2

export function formatFor(g: GlobalOptions, io: IO): Format {
  if (g.json) return 'json'
  if (g.output !== undefined) {
    if (g.output === 'table' || g.output === 'tsv' || g.output === 'json') return g.output
    throw new UsageError(`--output must be table, tsv or json (got "${g.output}").`)
  }
  return io.stdoutIsTTY ? 'table' : 'tsv'
}

export function parseNonNegativeInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number (got "${value}").`)
  return Number(value)
}

export function parsePositiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds (got "${value}").`)
  return n
}

export function contextFor(cmd: Command, services: Services): Context {
  const globals = cmd.optsWithGlobals<GlobalOptions>()
  const { io, env } = services
  const format = formatFor(globals, io)
  const noColor = globals.color === false
  const out = new Output(io, {
    format,
    color: colorEnabled({ isTTY: io.stdoutIsTTY, env, noColor, json: format === 'json' }),
    errColor: colorEnabled({ isTTY: io.stderrIsTTY, env, noColor, json: false }),
  })
  const timeoutFlag = parsePositiveNumber(globals.timeout, '--timeout')
  const retriesFlag = parseNonNegativeInt(globals.maxRetries, '--max-retries')
  const debug = (line: string) => {
    if (globals.debug) io.stderr.write(`[debug] ${oneLine(line)}\n`)
  }

  let storePromise: Promise<ProfileStore> | undefined
  // Where tokens live (the profile store, the OAuth token cache) must not be readable by others:
  // warn once per path and fix it.
  const tighten = async (paths: Array<[string, number]>) => {
    for (const [path, mode] of paths) {
      const was = await tightenIfLoose(path, mode).catch(() => undefined)
      if (was !== undefined) out.warn(`${path} was readable by group or others (mode ${was.toString(8).padStart(4, '0')}); oktactl set it to ${mode.toString(8).padStart(4, '0')}: it holds credentials.`)
    }
  }
  const store = () =>
    (storePromise ??= ProfileStore.open(env).then(async (s) => {
      await tighten([[configDir(env), 0o700], [s.path, 0o600], [stateDir(env), 0o700], [tokenCachePath(env), 0o600]])
      return s
    }))
  let settingsPromise: Promise<Settings> | undefined
  const settings = () =>
    (settingsPromise ??= (async () => {
      const layers = await collectLayers({
        flagProfile: globals.profile,
        flagOrg: globals.org,
        env,
        cwd: services.cwd,
        openStore: store,
        readYaml: readOktaYaml,
        yamlPaths: oktaYamlPaths(env, services.cwd),
      })
      const s = mergeLayers(layers)
      debug(`org ${s.orgUrl} (from ${String(s.sources.orgUrl)}); ${s.credentials.mode} credentials from ${String(s.sources.credentials)}`)
      for (const skip of s.skipped) debug(`skipped ${skip}`)
      return s
    })())
  const responseListeners = new Set<(info: ResponseInfo) => void>()
  let agentFor: ClientOptions['agentFor']
  let proxyLogged = false
  const connect = async (opts: ConnectOptions = {}): Promise<Connection> => {
    const s = await settings()
    const nowMs = () => services.now().getTime()
    // Proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY, okta.yaml proxy) for the API and the token request alike.
    const proxy = resolveProxy(s.orgUrl, env, { url: s.proxy, source: s.sources.proxy })
    if (proxy.url) checkProxyUrl(proxy.url)
    const timeoutMs = (timeoutFlag ?? s.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000
    if (!proxyLogged) {
      // Made once per run (settings are fixed for it), shared by the token request and the API.
      agentFor = proxyAgentFor(proxy, timeoutMs)
      proxyLogged = true
      if (proxy.url) debug(`proxy from ${String(proxy.source)}`)
      else if (proxy.bypassedBy) debug(`no proxy for ${s.orgUrl} (${proxy.bypassedBy})`)
    }
    const maxRetries = retriesFlag ?? s.maxRetries ?? DEFAULT_MAX_RETRIES
    const userAgent = `oktactl/${VERSION} node/${process.version}`
    const tokenCache = opts.tokenCache ?? !tokenCacheDisabled(env, globals.tokenCache)
    const auth = await createAuth(s, { env, debug, now: nowMs, noTokenCache: !tokenCache, agentFor, timeoutMs, userAgent, cwd: services.cwd })
    const clientWith = (a: Auth, extra: Partial<ClientOptions> = {}): OktaClient =>
      new ExplainingClient({
        orgUrl: s.orgUrl,
        auth: a,
        userAgent,
        timeoutMs,
        maxRetries,
        readOnly: Boolean(globals.readOnly) || s.readOnly,
        debug: globals.debug ? debug : undefined,
        notify: (line) => out.warn(line),
        sleep: services.sleep,
        now: nowMs,
        agentFor,
        onResponse: (info) => {
          for (const listener of responseListeners) listener(info)
        },
        ...extra,
      })
    return { settings: s, auth, client: clientWith(auth), proxy, timeoutMs, maxRetries, tokenCache, clientWith }
  }
  let apiPromise: Promise<OktaClient> | undefined
  const api = () => (apiPromise ??= connect().then((c) => c.client))

  return {
    io,
    env,
    cwd: services.cwd,
    globals,
    out,
    prompt: services.prompter ?? inquirerPrompter(io),
    canPrompt: globals.input !== false && io.stdinIsTTY && io.stderrIsTTY,
    yes: Boolean(globals.yes),
    now: services.now,
    sleep: services.sleep,
    debug,
    settings,
    api,
    connect,
    store,
    onApiResponse(listener) {
      responseListeners.add(listener)
      return () => responseListeners.delete(listener)
    },
    services,
  }
}
