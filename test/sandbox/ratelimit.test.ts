import { describe, expect, it } from 'vitest'
import { org } from './helpers.js'

describe('sandbox rate limits', () => {
  it('counts per (method, route) bucket in minute windows; over the limit is 429 E0000047; the next window recovers', async () => {
    const o = await org({ rateLimit: 3 })
    o.clock.t = Date.UTC(2025, 0, 1, 12, 0, 10) // 10 s into a minute
    const reset = String(Date.UTC(2025, 0, 1, 12, 1, 0) / 1000)
    const seen = []
    for (let i = 0; i < 3; i++) {
      const r = await o.get('/api/v1/users/alice')
      seen.push([r.status, r.headers.get('x-rate-limit-remaining'), r.headers.get('x-rate-limit-reset')])
    }
    expect(seen).toEqual([[200, '2', reset], [200, '1', reset], [200, '0', reset]])
    const over = await o.get('/api/v1/users/bob')
    expect(over.status).toBe(429)
    expect(over.headers.get('x-rate-limit-limit')).toBe('3')
    expect(over.headers.get('x-rate-limit-remaining')).toBe('0')
    expect(over.headers.get('x-rate-limit-reset')).toBe(reset)
    expect(over.body).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorId: over.headers.get('x-okta-request-id') })
    // The client's wait (reset − Date) comes out right from the headers alone.
    expect(Number(reset) - Date.parse(over.headers.get('date')!) / 1000).toBe(50)

    // Another route is another bucket.
    expect((await o.get('/api/v1/users/carol')).status).toBe(429) // GET users/{id} is still limited …
    expect((await o.get('/_sandbox/outbox')).status).toBe(200) // … admin routes are not limited …
    const roles = await o.get('/api/v1/users/00u00000000000000000/roles')
    expect(roles.status).toBe(404) // … and roles has its own bucket

    o.tick(50_000)
    const after = await o.get('/api/v1/users/alice')
    expect(after.status).toBe(200)
    expect(after.headers.get('x-rate-limit-remaining')).toBe('2')
  })

  it('POST /_sandbox/reset clears the buckets', async () => {
    const o = await org({ rateLimit: 1 })
    await o.get('/api/v1/users/alice')
    expect((await o.get('/api/v1/users/alice')).status).toBe(429)
    expect((await o.post('/_sandbox/reset')).status).toBe(200)
    expect((await o.get('/api/v1/users/alice')).status).toBe(200)
  })
})
