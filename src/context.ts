import type { Command } from 'commander'
import { OktaClient, type ResponseInfo } from './api/client.js'
import { createAuth } from './auth/index.js'
import { oktaYamlPaths, readOktaYaml } from './config/oktayaml.js'
import type { Env } from './config/paths.js'
import { collectLayers, mergeLayers, type Settings } from './config/settings.js'
import { ProfileStore } from './config/store.js'
import { UsageError } from './errors.js'
import type { IO } from './output/io.js'
import { Output, type Format } from './output/output.js'
import { colorEnabled } from './output/theme.js'
import { inquirerPrompter, type Prompter } from './prompt/prompter.js'
import { VERSION } from './version.js'

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
export interface Services {
  io: IO
  env: Env
  cwd: string
  now: () => Date
  sleep: (ms: number) => Promise<void>
  /** Replaces the inquirer prompts (tests feed answers this way). */
  prompter?: Prompter
  /** Called when the process receives SIGINT; bulk runs subscribe to stop cleanly. */
  onInterrupt?: (handler: () => void) => () => void
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
  store(): Promise<ProfileStore>
  /** See every API response (status and headers); bulk runs pace themselves with it. Returns an unsubscribe. */
  onApiResponse(listener: (info: ResponseInfo) => void): () => void
  services: Services
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
  const globals = cmd.optsWithGlobals() as GlobalOptions
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
    if (globals.debug) io.stderr.write(`[debug] ${line}\n`)
  }

  let storePromise: Promise<ProfileStore> | undefined
  const store = () => (storePromise ??= ProfileStore.open(env))
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
      debug(`org ${s.orgUrl} (from ${s.sources.orgUrl}); ${s.credentials.mode} credentials from ${s.sources.credentials}`)
      for (const skip of s.skipped) debug(`skipped ${skip}`)
      return s
    })())
  const responseListeners = new Set<(info: ResponseInfo) => void>()
  let apiPromise: Promise<OktaClient> | undefined
  const api = () =>
    (apiPromise ??= (async () => {
      const s = await settings()
      const nowMs = () => services.now().getTime()
      const auth = await createAuth(s, { env, debug, now: nowMs, noTokenCache: globals.tokenCache === false })
      return new OktaClient({
        orgUrl: s.orgUrl,
        auth,
        userAgent: `oktactl/${VERSION} node/${process.version}`,
        timeoutMs: (timeoutFlag ?? s.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        maxRetries: retriesFlag ?? s.maxRetries ?? DEFAULT_MAX_RETRIES,
        readOnly: Boolean(globals.readOnly) || s.readOnly,
        debug: globals.debug ? debug : undefined,
        notify: (line) => out.warn(line),
        sleep: services.sleep,
        now: nowMs,
        onResponse: (info) => {
          for (const listener of responseListeners) listener(info)
        },
      })
    })())

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
    store,
    onApiResponse(listener) {
      responseListeners.add(listener)
      return () => responseListeners.delete(listener)
    },
    services,
  }
}
