import { MAX_RATE_LIMIT_WAIT_MS, type OktaClient } from '../api/client.js'
import { CancelledError } from '../errors.js'

/** A request that had not yet changed anything was abandoned because the run was stopped. */
export class PacingStopped extends CancelledError {
  constructor() {
    super('Stopped before this user was changed.')
  }
}

/** Holds are slept in slices this long, so a stopped run does not linger on a long timer. */
const SLEEP_SLICE_MS = 1000

/** What the pacer reads from a response (Context.onApiResponse hands it every one). */
export interface ObservedResponse {
  method: string
  url: string
  status: number
  headers: { get(name: string): string | null }
}

/**
 * Proactive rate-limit pacing. Okta limits each endpoint (method + path template) per window and
 * says where a client stands on every response: X-Rate-Limit-Limit, -Remaining, and -Reset (epoch
 * seconds when the window resets). The pacer keeps one account per endpoint bucket, counts its own
 * requests against it as they leave (so concurrent requests cannot all spend the last slot), and
 * holds requests once only the headroom is left, until the window resets. Other clients of the org
 * keep the headroom; a large run sees few or no 429s. A 429 that happens anyway is still waited
 * out by the client.
 */

export interface PacerOptions {
  /** Share of each bucket's limit left unused, 0–99 (default 10). */
  headroomPercent: number
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** Extra wait after the reset instant, to absorb clock jitter. */
  marginMs?: number
  debug?: (line: string) => void
  /** Longest single wait (default: the client's 429 cap); a server naming a reset years away does not stall the run. */
  maxWaitMs?: number
  /** Told about every wait longer than NOTICE_WAIT_MS, on a terminal or not. */
  notice?: (line: string) => void
}

/** Okta's rate-limit windows are one minute long. */
const WINDOW_MS = 60_000

/** Waits longer than this get a line on stderr. */
export const NOTICE_WAIT_MS = 5000

export interface PacerStats {
  /** Requests that went through the pacer. */
  requests: number
  /** Times a bucket was held until its window reset. */
  waits: number
  waitedMs: number
  /** 429 responses seen (each one is waited out and retried by the client). */
  rateLimited: number
}

interface Bucket {
  key: string
  /** Requests that went through this bucket (for the ETA: requests per user). */
  count: number
  limit?: number
  /** Our estimate of what is left in the current window; undefined = window not known yet. */
  remaining?: number
  /** X-Rate-Limit-Reset of the current window (its identity). */
  windowReset?: number
  /** Local clock ms at which the current window resets. */
  resetAt?: number
  /** Requests in flight while the window is unknown: one at a time finds out where we stand. */
  probes: number
  /** The server sends no rate-limit headers for this bucket. */
  unpaced?: boolean
  waiters: Array<() => void>
  sleeping?: Promise<void>
}

const COLLECTIONS = new Set(['users', 'factors', 'transactions', 'groups', 'apps', 'roles', 'qr'])
const LITERALS = new Set(['catalog', 'questions', 'lifecycle'])

/** `GET /api/v1/users/{id}/factors/{id}` for `GET /api/v1/users/00u…/factors/mbl…?x=1`. */
export function bucketKey(method: string, pathOrUrl: string): string {
  const path = new URL(pathOrUrl, 'http://bucket.invalid').pathname
  const segs = path.split('/')
  for (let i = 1; i < segs.length; i++) {
    const prev = segs[i - 1] ?? ''
    if (COLLECTIONS.has(prev) && segs[i] && !LITERALS.has(segs[i] ?? '')) segs[i] = '{id}'
  }
  return `${method.toUpperCase()} ${segs.join('/')}`
}

export class RatePacer {
  readonly stats: PacerStats = { requests: 0, waits: 0, waitedMs: 0, rateLimited: 0 }
  private readonly buckets = new Map<string, Bucket>()
  /** Server clock minus ours (ms): the largest Date − now seen, a lower bound that converges. */
  private offset: number | undefined
  /** Non-zero while any bucket is held: the progress bar shows it. */
  private holding = 0
  private stopped = false
  private resumeAt = 0
  private readonly onStop = new Set<() => void>()

  constructor(private readonly o: PacerOptions) {}

  get waiting(): boolean {
    return this.holding > 0
  }

  /** While held: milliseconds until the latest held bucket's window resets. */
  resumesIn(): number | undefined {
    return this.holding > 0 ? Math.max(0, this.resumeAt - this.o.now()) : undefined
  }

  /**
   * The least time (ms) the rate limits allow for `left` more users, when `done` users took the
   * requests counted so far: per bucket, what is left of this window, then whole windows of the
   * usable limit (Okta's windows are a minute). The slowest bucket decides; undefined if unknown.
   */
  timeNeeded(left: number, done: number): number | undefined {
    if (done <= 0 || left <= 0) return left <= 0 ? 0 : undefined
    const now = this.o.now()
    let worst: number | undefined
    for (const b of this.buckets.values()) {
      if (b.unpaced || b.limit === undefined || b.resetAt === undefined) continue
      const usable = b.limit - this.headroomOf(b.limit)
      if (usable <= 0) continue
      const need = (b.count / done) * left
      const nowLeft = now < b.resetAt ? Math.max(0, (b.remaining ?? 0) - this.headroomOf(b.limit)) : usable
      if (need <= nowLeft) continue
      const untilReset = Math.max(0, b.resetAt - now)
      const ms = untilReset + (Math.ceil((need - nowLeft) / usable) - 1) * WINDOW_MS
      worst = Math.max(worst ?? 0, ms)
    }
    return worst
  }

  headroomOf(limit: number): number {
    return Math.ceil((limit * this.o.headroomPercent) / 100)
  }

  /**
   * Stop: waits that may be abandoned (the user has not been changed yet) end with PacingStopped
   * at once; the others carry on, so a user half way through is finished.
   */
  stop(): void {
    this.stopped = true
    for (const f of this.onStop) f()
    this.onStop.clear()
    for (const b of this.buckets.values()) this.wake(b)
  }

  /**
   * Wait until a request to `method path` may go; call the returned function when it is done.
   * `abandonable`: after stop(), throw PacingStopped instead of waiting.
   */
  async acquire(method: string, path: string, abandonable = true): Promise<() => void> {
    const b = this.bucket(bucketKey(method, path))
    this.stats.requests++
    b.count++
    for (;;) {
      if (abandonable && this.stopped) throw new PacingStopped()
      if (b.unpaced) return () => {}
      const now = this.o.now()
      if (b.remaining !== undefined && b.resetAt !== undefined && now >= b.resetAt) b.remaining = undefined
      if (b.remaining === undefined) {
        if (b.probes === 0) {
          b.probes++
          let released = false
          return () => {
            if (released) return
            released = true
            b.probes--
            this.wake(b)
          }
        }
        await new Promise<void>((resolve) => b.waiters.push(resolve))
        continue
      }
      if (b.remaining - 1 >= this.headroomOf(b.limit ?? 0)) {
        b.remaining--
        return () => {}
      }
      await this.unlessStopped(this.hold(b, now), abandonable)
    }
  }

  private unlessStopped(p: Promise<void>, abandonable: boolean): Promise<void> {
    if (!abandonable) return p
    return Promise.race([p, new Promise<void>((resolve) => this.onStop.add(resolve))])
  }

  /** Every response: learn the bucket's limit, what is left, and when it resets. */
  observe(info: ObservedResponse): void {
    const now = this.o.now()
    const date = Date.parse(info.headers.get('date') ?? '')
    if (!Number.isNaN(date)) this.offset = Math.max(this.offset ?? -Infinity, date - now)
    if (info.status === 429) this.stats.rateLimited++
    const limit = num(info.headers.get('x-rate-limit-limit'))
    const left = num(info.headers.get('x-rate-limit-remaining'))
    const reset = num(info.headers.get('x-rate-limit-reset'))
    const b = this.bucket(bucketKey(info.method, info.url))
    if (limit === undefined || left === undefined || reset === undefined) {
      // A server that does not say (a proxy, a test double): nothing to pace by.
      if (b.windowReset === undefined) b.unpaced = true
      this.wake(b)
      return
    }
    const remaining = info.status === 429 ? 0 : left
    if (b.windowReset !== undefined && reset < b.windowReset) return // a straggler from a window already over
    const sameWindow = b.windowReset === reset && b.remaining !== undefined
    b.remaining = sameWindow ? Math.min(b.remaining ?? remaining, remaining) : remaining
    b.unpaced = false
    b.windowReset = reset
    b.limit = limit
    // If the server still reports a window our clock thinks is over, look again shortly.
    b.resetAt = Math.max(reset * 1000 - (this.offset ?? 0), b.remaining <= this.headroomOf(limit) ? now + 250 : 0)
    this.wake(b)
  }

  private async hold(b: Bucket, now: number): Promise<void> {
    if (!b.sleeping) {
      const window = b.windowReset
      const wanted = Math.max(0, (b.resetAt ?? now) - now) + (this.o.marginMs ?? 50)
      const ms = Math.min(wanted, this.o.maxWaitMs ?? MAX_RATE_LIMIT_WAIT_MS)
      if (ms > NOTICE_WAIT_MS) {
        const capped = ms < wanted ? ` (the org named a reset ${Math.round(wanted / 1000)} s away; waiting at most ${Math.round(ms / 1000)} s)` : ''
        this.o.notice?.(`Rate limit: pausing ${Math.round(ms / 1000)} s for ${b.key} to reset${capped}.`)
      }
      this.stats.waits++
      this.stats.waitedMs += ms
      this.holding++
      this.resumeAt = this.holding === 1 ? now + ms : Math.max(this.resumeAt, now + ms)
      this.o.debug?.(`pacing ${b.key}: ${String(b.remaining)} of ${String(b.limit)} left (headroom ${this.headroomOf(b.limit ?? 0)}); waiting ${ms} ms for the window to reset`)
      b.sleeping = this.sleepSliced(ms)
        .then(() => {
          // The window is over (unless a response has already moved us on): find out afresh.
          if (b.windowReset === window) b.remaining = undefined
        })
        .finally(() => {
          this.holding--
          b.sleeping = undefined
          this.wake(b)
        })
    }
    await b.sleeping
  }

  private async sleepSliced(ms: number): Promise<void> {
    for (let left = ms; left > 0 && !this.stopped; left -= SLEEP_SLICE_MS) await this.o.sleep(Math.min(left, SLEEP_SLICE_MS))
  }

  private wake(b: Bucket): void {
    for (const w of b.waiters.splice(0)) w()
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key)
    if (!b) {
      b = { key, count: 0, probes: 0, waiters: [] }
      this.buckets.set(key, b)
    }
    return b
  }
}

function num(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : undefined
}

/**
 * The same client, paced: every request (including those the API helpers make through `get`)
 * first waits for its bucket. Responses reach the pacer through Context.onApiResponse. One per
 * user: once it has sent a change, its waits are no longer abandoned by stop().
 */
export function pacedClient(api: OktaClient, pacer: RatePacer): OktaClient {
  const paced = Object.create(api) as OktaClient
  let changed = false
  // eslint-disable-next-line @typescript-eslint/no-useless-default-assignment -- callers may omit opts (it is optional on OktaClient.request)
  paced.request = async (path, opts = {}) => {
    const method = opts.method ?? 'GET'
    const release = await pacer.acquire(method, path, !changed)
    if (method !== 'GET') changed = true
    try {
      return await api.request(path, opts)
    } finally {
      release()
    }
  }
  return paced
}
