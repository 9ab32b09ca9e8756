import type { OktaClient, ResponseInfo } from './api/client.js'
import { connector, loadSettings, type Connection, type ConnectOptions } from './config/connect.js'
import { formatFor, parsePositiveNumber, parseRetries, type GlobalOptions } from './config/flags.js'
import type { Env } from './config/paths.js'
import type { Settings } from './config/settings.js'
import { openStore, type ProfileStore } from './config/store.js'
import type { StopReason } from './errors.js'
import type { IO } from './output/io.js'
import { Output } from './output/output.js'
import { colorEnabled } from './output/theme.js'
import { oneLine } from './output/visible.js'
import { inquirerPrompter, type Prompter } from './prompt/prompter.js'

/** What the process hands the CLI. Tests pass fakes for all of it. */
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
  /** The global --timeout (seconds) and --max-retries, parsed once here; undefined when not given. */
  timeoutSeconds: number | undefined
  maxRetries: number | undefined
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
  /** What api() is built from: one connection a run; with options (doctor, bypassing the token cache) a new one. */
  connect(opts?: ConnectOptions): Promise<Connection>
  store(): Promise<ProfileStore>
  /**
   * Called when the process is asked to stop (Ctrl-C, SIGTERM, SIGHUP, stdout closed); bulk runs
   * and waits subscribe to finish what is in flight and stop cleanly. Returns an unsubscribe.
   */
  onInterrupt(handler: (reason: StopReason) => void): () => void
  /** See every API response (status and headers); bulk runs pace themselves with it. Returns an unsubscribe. */
  onApiResponse(listener: (info: ResponseInfo) => void): () => void
}

/** `cmd` is the verb's commander command (typed or not): only its options, merged with the globals, are read. */
export function contextFor(cmd: { optsWithGlobals(): object }, services: Services): Context {
  const globals = cmd.optsWithGlobals() as GlobalOptions
  const { io, env } = services
  const format = formatFor(globals, io)
  const noColor = globals.color === false
  const out = new Output(io, {
    format,
    color: colorEnabled({ isTTY: io.stdoutIsTTY, env, noColor, json: format === 'json' }),
    errColor: colorEnabled({ isTTY: io.stderrIsTTY, env, noColor, json: false }),
  })
  const debug = (line: string) => {
    if (globals.debug) io.stderr.write(`[debug] ${oneLine(line)}\n`)
  }

  let storePromise: Promise<ProfileStore> | undefined
  const store = () => (storePromise ??= openStore(env, (line) => out.warn(line)))
  let settingsPromise: Promise<Settings> | undefined
  const settings = () => (settingsPromise ??= loadSettings({ globals, env, cwd: services.cwd, openStore: store, debug, note: (line) => out.note(line) }))
  const responseListeners = new Set<(info: ResponseInfo) => void>()
  const timeoutSeconds = parsePositiveNumber(globals.timeout, '--timeout')
  const maxRetries = parseRetries(globals.maxRetries, '--max-retries')
  const connect = connector({
    settings,
    globals,
    timeoutSeconds,
    maxRetries,
    env,
    cwd: services.cwd,
    now: services.now,
    sleep: services.sleep,
    debug,
    warn: (line) => out.warn(line),
    onResponse: (info) => {
      for (const listener of responseListeners) listener(info)
    },
  })
  // One connection a run (settings, proxy, the authoriser and its token), made when first asked
  // for: the API client and a wait's bounded copies of it share it. Only doctor asks for another
  // (without the token cache).
  let connection: Promise<Connection> | undefined
  const connectOnce = (opts?: ConnectOptions) => (opts === undefined ? (connection ??= connect()) : connect(opts))
  let apiPromise: Promise<OktaClient> | undefined
  const api = () => (apiPromise ??= connectOnce().then((c) => c.client))

  return {
    io,
    env,
    cwd: services.cwd,
    globals,
    timeoutSeconds,
    maxRetries,
    out,
    prompt: services.prompter ?? inquirerPrompter(io),
    // stderr first: off a terminal stdin is never looked at (asking builds its stream).
    canPrompt: globals.input !== false && io.stderrIsTTY && io.stdinIsTTY,
    yes: Boolean(globals.yes),
    now: services.now,
    sleep: services.sleep,
    debug,
    settings,
    api,
    connect: connectOnce,
    store,
    onInterrupt: (handler) => services.onInterrupt?.(handler) ?? (() => {}),
    onApiResponse(listener) {
      responseListeners.add(listener)
      return () => responseListeners.delete(listener)
    },
  }
}
