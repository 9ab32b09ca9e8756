// Okta-like rate limits: one bucket per (method, route template), 60-second windows aligned to
// the minute (X-Rate-Limit-Reset is the end of the current window in epoch seconds).

export interface RateLimitResult {
  ok: boolean
  headers: { 'X-Rate-Limit-Limit': string; 'X-Rate-Limit-Remaining': string; 'X-Rate-Limit-Reset': string }
}

const WINDOW_MS = 60_000

/**
 * Per-minute limits by endpoint family, modelled on Okta's published defaults for the
 * management API (an org's real limits depend on its edition and add-ons). Each (method, route
 * template) is its own bucket with its family's limit; listing users is its own bucket.
 */
export const FAMILY_LIMITS: ReadonlyArray<{ family: string; test: (bucket: string) => boolean; limit: number }> = [
  { family: 'GET /api/v1/users (list and search users)', test: (b) => b === 'GET /api/v1/users', limit: 600 },
  { family: 'GET /api/v1/users/{id} (one user)', test: (b) => b === 'GET /api/v1/users/{id}', limit: 2000 },
  { family: '/api/v1/groups (list groups)', test: (b) => b === 'GET /api/v1/groups', limit: 500 },
  { family: '/api/v1/groups/{id}… (a group, its members)', test: (b) => b.startsWith('GET /api/v1/groups/'), limit: 1000 },
  { family: 'every other /api/v1/users… endpoint (factors, roles, lifecycle)', test: () => true, limit: 600 },
]

export function familyLimit(bucket: string): number {
  return FAMILY_LIMITS.find((f) => f.test(bucket))?.limit ?? 600
}

export class RateLimiter {
  private readonly buckets = new Map<string, { windowStart: number; count: number }>()

  constructor(
    /** One limit for every bucket (`--rate-limit`), or each family's default. */
    private readonly limit: number | undefined,
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
    const limit = this.limit ?? familyLimit(bucket)
    return {
      ok: b.count <= limit,
      headers: {
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, limit - b.count)),
        'X-Rate-Limit-Reset': String((windowStart + WINDOW_MS) / 1000),
      },
    }
  }

  clear(): void {
    this.buckets.clear()
  }
}
