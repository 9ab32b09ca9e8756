// Okta-like rate limits: one bucket per (method, route template), 60-second windows aligned to
// the minute (X-Rate-Limit-Reset is the end of the current window in epoch seconds).

export interface RateLimitResult {
  ok: boolean
  headers: { 'X-Rate-Limit-Limit': string; 'X-Rate-Limit-Remaining': string; 'X-Rate-Limit-Reset': string }
}

const WINDOW_MS = 60_000

export class RateLimiter {
  private readonly buckets = new Map<string, { windowStart: number; count: number }>()

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request in `bucket`. */
  take(bucket: string): RateLimitResult {
    const now = this.now()
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS
    let b = this.buckets.get(bucket)
    if (!b || b.windowStart !== windowStart) {
      b = { windowStart, count: 0 }
      this.buckets.set(bucket, b)
    }
    b.count++
    return {
      ok: b.count <= this.limit,
      headers: {
        'X-Rate-Limit-Limit': String(this.limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, this.limit - b.count)),
        'X-Rate-Limit-Reset': String((windowStart + WINDOW_MS) / 1000),
      },
    }
  }

  clear(): void {
    this.buckets.clear()
  }
}
