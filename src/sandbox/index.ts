import type { AddressInfo } from 'node:net'
import { newApiToken } from './ids.js'
import { CoalescingWriter, readState } from './persist.js'
import { RateLimiter } from './ratelimit.js'
import { SystemLog } from './syslog.js'
import { Urls } from './render.js'
import { generatedUsersBetween, seedData, seedGroups } from './seed.js'
import { type RequestInfo, type ServerDeps, createSandboxServer } from './server.js'
import { type PushMode, type StateData, Store } from './state.js'

// A local stand-in for an Okta org's User Factors API (see src/sandbox/README.md).

export interface SandboxOptions {
  /** Loopback only: 127.0.0.1 (default), another 127.x address, ::1 or localhost. */
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  /** JSON state file; undefined keeps the state in memory only. */
  stateFile?: string
  /** Extra generated users (user0001@example.com …), each with an sms and a TOTP factor. */
  users?: number
  /** Requests per minute per endpoint bucket (method + route template). Default 600. */
  rateLimit?: number
  /** How simulated users answer pushes. Default approve. */
  push?: PushMode
  /** Seconds before a push is answered (or a push enrollment scanned). Default 2. */
  pushDelay?: number
  /** The API token; by default generated at first start and kept in the state file. */
  token?: string
  /** The Temporary Access Code authenticator is active (default true; false: an org without TAC). */
  tac?: boolean
  /** Clock in ms (tests). */
  now?: () => number
  /** Called after every request with method, path, status and time: never headers, so never the token. */
  onRequest?: (info: RequestInfo) => void
}

export interface Sandbox {
  /** Base URL of the org, e.g. http://127.0.0.1:43117 */
  url: string
  /** The SSWS API token. */
  token: string
  /** Restores the seed (users, factors; clears transactions, outbox and rate limits); keeps the token. */
  reset(): Promise<void>
  /** Stops the server and writes the state file. */
  close(): Promise<void>
}

export type { PushMode, RequestInfo }
export { SEED_ANSWERS, SEED_TOTP_SECRETS, SEED_USERS, TOKEN_OWNER, generatedLogin, generatedTotpSecret } from './seed.js'
export type { OutboxEntry } from './state.js'

const PUSH_MODES: PushMode[] = ['approve', 'reject', 'timeout', 'manual']

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

function check(opts: SandboxOptions): void {
  const fail = (msg: string) => {
    throw new Error(msg)
  }
  if (opts.host !== undefined && !isLoopback(opts.host)) {
    fail(`The sandbox only listens on loopback (127.0.0.1, ::1 or localhost), not ${opts.host}.`)
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535)) fail('port must be 0–65535')
  if (opts.users !== undefined && !(Number.isInteger(opts.users) && opts.users >= 0)) fail('users must be a whole number ≥ 0')
  if (opts.rateLimit !== undefined && !(Number.isInteger(opts.rateLimit) && opts.rateLimit >= 1)) fail('rateLimit must be a whole number ≥ 1')
  if (opts.push !== undefined && !PUSH_MODES.includes(opts.push)) fail(`push must be one of ${PUSH_MODES.join(', ')}`)
  if (opts.pushDelay !== undefined && !(opts.pushDelay >= 0 && opts.pushDelay <= 3600)) fail('pushDelay must be 0–3600 seconds')
}

/** Loads the state file (or seeds a new org) and adds generated users the file lacks. */
async function loadState(opts: SandboxOptions): Promise<{ data: StateData; changed: boolean }> {
  const saved = opts.stateFile ? await readState(opts.stateFile) : undefined
  if (!saved) {
    return { data: { version: 1, token: opts.token ?? newApiToken(), ...seedData(opts.users ?? 0) }, changed: true }
  }
  let changed = false
  if (opts.token && opts.token !== saved.token) {
    saved.token = opts.token
    changed = true
  }
  const want = opts.users ?? 0
  if (want > saved.generatedUsers) {
    const extra = generatedUsersBetween(saved.generatedUsers, want)
    saved.users.push(...extra.users)
    saved.factors.push(...extra.factors)
    saved.generatedUsers = want
    changed = true
  }
  return { data: saved, changed }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  check(opts)
  const host = opts.host ?? '127.0.0.1'
  const now = opts.now ?? Date.now
  const { data, changed } = await loadState(opts)
  const store = new Store(data, seedGroups)
  const writer = opts.stateFile ? new CoalescingWriter(opts.stateFile, () => store.toData()) : undefined
  if (changed && writer) {
    writer.markDirty()
    await writer.flush() // the token must be on disk before anyone is told it
  }
  const limiter = new RateLimiter(opts.rateLimit, now)
  const log = new SystemLog(store, now)
  const reset = () => {
    store.load(seedData(store.generatedUsers))
    limiter.clear()
    log.events = []
    writer?.markDirty()
  }
  const deps: ServerDeps = {
    store,
    urls: new Urls(''), // set once the port is known
    limiter,
    now,
    push: { mode: opts.push ?? 'approve', delayMs: Math.round((opts.pushDelay ?? 2) * 1000) },
    tac: opts.tac ?? true,
    log,
    reset,
    changed: () => writer?.markDirty(),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  }
  const server = createSandboxServer(deps)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  deps.urls = new Urls(url)
  let closed: Promise<void> | undefined
  return {
    url,
    token: store.token,
    async reset() {
      reset()
      await writer?.flush()
    },
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await writer?.close()
      })()
      return closed
    },
  }
}
