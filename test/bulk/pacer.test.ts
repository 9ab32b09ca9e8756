import { describe, expect, it } from 'vitest'
import { PacingStopped, RatePacer, bucketKey } from '../../src/bulk/pacer.js'

/** A fake clock whose sleeps advance it. */
function clock(start = 1_800_000_000_000) {
  const c = { t: start, slept: [] as number[] }
  return {
    c,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms)
      c.t += ms
    },
  }
}

function headers(h: Record<string, string | number>) {
  const m = new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]))
  return { get: (k: string) => m.get(k.toLowerCase()) ?? null }
}

const URL_A = 'https://acme.okta.com/api/v1/users/00u1/factors'

describe('bucketKey', () => {
  it.each([
    ['GET', '/api/v1/users/alice%40example.com', 'GET /api/v1/users/{id}'],
    ['GET', 'https://acme.okta.com/api/v1/users/00u1abc/factors?x=1', 'GET /api/v1/users/{id}/factors'],
    ['DELETE', '/api/v1/users/00u1/factors/mbl1', 'DELETE /api/v1/users/{id}/factors/{id}'],
    ['GET', '/api/v1/users/00u1/factors/catalog', 'GET /api/v1/users/{id}/factors/catalog'],
    ['GET', '/api/v1/users/00u1/roles', 'GET /api/v1/users/{id}/roles'],
    ['POST', '/api/v1/users/00u1/lifecycle/reset_factors', 'POST /api/v1/users/{id}/lifecycle/reset_factors'],
    ['GET', '/api/v1/users/00u1/factors/opf1/transactions/v2mst.1', 'GET /api/v1/users/{id}/factors/{id}/transactions/{id}'],
    // listings: every page of one in the same bucket, apart from the per-user ones
    ['GET', '/api/v1/users?search=status%20eq%20%22ACTIVE%22&limit=200&after=00u9', 'GET /api/v1/users'],
    ['GET', '/api/v1/groups?q=Eng&limit=200', 'GET /api/v1/groups'],
    ['GET', '/api/v1/groups/00g1/users?limit=200&after=00u9', 'GET /api/v1/groups/{id}/users'],
  ])('%s %s → %s', (method, path, key) => {
    expect(bucketKey(method, path)).toBe(key)
  })
})

describe('RatePacer', () => {
  it('spends a bucket down to the headroom, then holds until the window resets', async () => {
    const k = clock()
    const p = new RatePacer({ headroomPercent: 10, now: k.now, sleep: k.sleep, marginMs: 0 })
    const reset = Math.floor(k.c.t / 1000) + 30
    const date = new Date(k.c.t).toUTCString()
    // first request: a probe (window unknown)
    ;(await p.acquire('GET', '/api/v1/users/00u1/factors'))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 20, 'X-Rate-Limit-Remaining': 19, 'X-Rate-Limit-Reset': reset, Date: date }) })
    // 19 left, headroom 2: 17 more go at once
    for (let i = 0; i < 17; i++) await p.acquire('GET', `/api/v1/users/00u${i}/factors`)
    expect(k.c.slept).toEqual([])
    // the next one waits for the reset (then probes the new window)
    const before = k.c.t
    await p.acquire('GET', '/api/v1/users/00u9/factors')
    expect(k.c.t - before).toBeGreaterThanOrEqual(reset * 1000 - before)
    expect(k.c.t - before).toBeLessThan(reset * 1000 - before + 1000)
    expect(p.stats).toMatchObject({ requests: 19, waits: 1, rateLimited: 0 })
  })

  it('counts requests in flight, so concurrent callers cannot all take the last slots', async () => {
    const k = clock()
    const p = new RatePacer({ headroomPercent: 0, now: k.now, sleep: k.sleep })
    ;(await p.acquire('POST', '/api/v1/users/00u1/lifecycle/reset_factors'))()
    p.observe({
      method: 'POST',
      url: 'https://o/api/v1/users/00u1/lifecycle/reset_factors',
      status: 200,
      headers: headers({ 'X-Rate-Limit-Limit': 5, 'X-Rate-Limit-Remaining': 3, 'X-Rate-Limit-Reset': Math.floor(k.c.t / 1000) + 10 }),
    })
    const granted: number[] = []
    const all = Array.from({ length: 6 }, (_, i) =>
      p.acquire('POST', `/api/v1/users/00u${i}/lifecycle/reset_factors`).then((release) => {
        granted.push(k.c.t)
        release()
      }),
    )
    await Promise.all(all)
    // 3 at once, then the rest after the reset
    expect(granted.filter((t) => t === granted[0])).toHaveLength(3)
    expect(p.stats.waits).toBe(1)
  })

  it('keeps the lower of what responses report, and learns a new window from a later reset', async () => {
    const k = clock()
    const p = new RatePacer({ headroomPercent: 0, now: k.now, sleep: k.sleep })
    const reset = Math.floor(k.c.t / 1000) + 60
    const obs = (remaining: number, r = reset, status = 200) =>
      p.observe({ method: 'GET', url: URL_A, status, headers: headers({ 'X-Rate-Limit-Limit': 100, 'X-Rate-Limit-Remaining': remaining, 'X-Rate-Limit-Reset': r }) })
    ;(await p.acquire('GET', URL_A))()
    obs(50)
    obs(80) // a late, stale answer: ignored
    obs(1, reset - 60) // an older window: ignored
    obs(0, reset, 429) // another client took the rest: hold
    expect(p.stats.rateLimited).toBe(1)
    await p.acquire('GET', URL_A)
    expect(p.stats.waits).toBe(1)
  })

  it('paces by the server clock (Date), not ours', async () => {
    const k = clock()
    const p = new RatePacer({ headroomPercent: 0, now: k.now, sleep: k.sleep, marginMs: 0 })
    const serverNow = k.c.t + 3_600_000 // the org's clock is an hour ahead of ours
    const reset = Math.floor(serverNow / 1000) + 20
    ;(await p.acquire('GET', URL_A))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 2, 'X-Rate-Limit-Remaining': 0, 'X-Rate-Limit-Reset': reset, Date: new Date(serverNow).toUTCString() }) })
    await p.acquire('GET', URL_A)
    // about 20 s, not an hour and 20 s
    expect(k.c.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(19_000)
    expect(k.c.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(21_000)
  })

  it('does not pace a bucket whose responses carry no rate-limit headers', async () => {
    const k = clock()
    const p = new RatePacer({ headroomPercent: 10, now: k.now, sleep: k.sleep })
    ;(await p.acquire('GET', URL_A))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({}) })
    await Promise.all(Array.from({ length: 50 }, () => p.acquire('GET', URL_A)))
    expect(k.c.slept).toEqual([])
  })

  it('stop(): abandons waits of users not yet changed; lets a user already changed finish', async () => {
    const k = { t: 1_800_000_000_000 }
    let wake: () => void = () => {}
    const p = new RatePacer({ headroomPercent: 0, now: () => k.t, sleep: () => new Promise<void>((r) => (wake = r)) })
    ;(await p.acquire('GET', URL_A))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 1, 'X-Rate-Limit-Remaining': 0, 'X-Rate-Limit-Reset': Math.floor(k.t / 1000) + 60 }) })
    const abandoned = p.acquire('GET', URL_A, true)
    const kept = p.acquire('GET', URL_A, false)
    p.stop()
    await expect(abandoned).rejects.toBeInstanceOf(PacingStopped)
    let done = false
    void kept.then(() => (done = true))
    await new Promise((r) => setTimeout(r, 5))
    expect(done).toBe(false)
    k.t += 61_000
    wake()
    await kept
  })
})

describe('RatePacer wait cap', () => {
  it('a reset ten years away is waited at most the 429 cap (90 s), and the wait is announced', async () => {
    const k = clock()
    const notices: string[] = []
    const p = new RatePacer({ headroomPercent: 0, now: k.now, sleep: k.sleep, marginMs: 0, notice: (l) => notices.push(l) })
    ;(await p.acquire('GET', '/api/v1/users/00u1/factors'))()
    const tenYears = Math.floor(k.c.t / 1000) + 10 * 365 * 24 * 3600
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 20, 'X-Rate-Limit-Remaining': 0, 'X-Rate-Limit-Reset': tenYears, Date: new Date(k.c.t).toUTCString() }) })
    const before = k.c.t
    await p.acquire('GET', '/api/v1/users/00u2/factors')
    expect(k.c.t - before).toBeLessThanOrEqual(90_000 * 2) // at most one capped wait before the re-probe
    expect(k.c.t - before).toBeGreaterThanOrEqual(90_000)
    expect(notices[0]).toMatch(/^Rate limit: pausing 90 s for GET \/api\/v1\/users\/\{id\}\/factors to reset \(the org named a reset \d+ s away; waiting at most 90 s\)\.$/)
  })

  it('short waits are not announced', async () => {
    const k = clock()
    const notices: string[] = []
    const p = new RatePacer({ headroomPercent: 0, now: k.now, sleep: k.sleep, marginMs: 0, notice: (l) => notices.push(l) })
    ;(await p.acquire('GET', '/api/v1/users/00u1/factors'))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 20, 'X-Rate-Limit-Remaining': 0, 'X-Rate-Limit-Reset': Math.floor(k.c.t / 1000) + 2, Date: new Date(k.c.t).toUTCString() }) })
    await p.acquire('GET', '/api/v1/users/00u2/factors')
    expect(notices).toEqual([])
  })
})

describe('the ETA under pacing (timeNeeded)', () => {
  it('is the wait for the next window when this one is spent and the rest fit in the next', async () => {
    // The case: a paced run that has spent its window; 190 users left, the window opens in 35 s.
    const k = clock()
    const p = new RatePacer({ headroomPercent: 10, now: k.now, sleep: k.sleep })
    ;(await p.acquire('GET', URL_A))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 600, 'X-Rate-Limit-Remaining': 60, 'X-Rate-Limit-Reset': Math.floor(k.c.t / 1000) + 35, Date: new Date(k.c.t).toUTCString() }) })
    expect(p.timeNeeded(190, 1)).toBe(35_000)
  })

  it('adds whole windows for what does not fit in the next one, per bucket, the slowest deciding', async () => {
    const k = clock()
    const p = new RatePacer({ headroomPercent: 0, now: k.now, sleep: k.sleep })
    const reset = Math.floor(k.c.t / 1000) + 10
    // 10 users done so far, each one request to A; 5 of 100 left in this window
    for (let i = 0; i < 10; i++) (await p.acquire('GET', URL_A))()
    p.observe({ method: 'GET', url: URL_A, status: 200, headers: headers({ 'X-Rate-Limit-Limit': 100, 'X-Rate-Limit-Remaining': 5, 'X-Rate-Limit-Reset': reset, Date: new Date(k.c.t).toUTCString() }) })
    expect(p.timeNeeded(5, 10)).toBeUndefined() // fits in what is left: no floor
    expect(p.timeNeeded(105, 10)).toBe(10_000) // 5 now, 100 in the next window
    expect(p.timeNeeded(106, 10)).toBe(70_000) // one more window
    expect(p.timeNeeded(0, 10)).toBe(0)
    expect(p.timeNeeded(5, 0)).toBeUndefined() // nothing done yet: unknown
  })
})
