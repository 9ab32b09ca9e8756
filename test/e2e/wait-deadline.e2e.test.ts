import { describe, expect, it } from 'vitest'
import { built, oktactl, skipNote, useHostileOrg } from './helpers.js'
import { factor, user, withUser } from './hostile.js'

// --wait-timeout on the built binary: the process exits at the deadline (not when a rate-limited
// or slow poll would have finished: no timer or socket of the abandoned poll keeps it alive), and
// a wait that ends without an answer prints what is needed to go on.

const ctx = useHostileOrg('wait-deadline')
const UID = '00u1waitdeadline0001'
const LOGIN = 'w@example.com'
const PUSH = 'opf1waitdeadline0001'
const TX = 'v2mst.waitDeadlineTx01'

function pushOrg() {
  const { org } = ctx
  withUser(org, user(UID, LOGIN), [factor(PUSH, 'push', { name: 'Phone' })])
  const poll = `${org.url}/api/v1/users/${UID}/factors/${PUSH}/transactions/${TX}`
  org.on('POST', `/api/v1/users/${UID}/factors/${PUSH}/verify`, { status: 201, json: { factorResult: 'WAITING', _links: { poll: { href: poll } } } })
  return `/api/v1/users/${UID}/factors/${PUSH}/transactions/${TX}`
}
const pollAgain = `Check it with: oktactl factors poll ${LOGIN} ${PUSH} ${TX} --wait`

describe.skipIf(!built)(`e2e: --wait-timeout is a deadline${skipNote}`, () => {
  it('verify --wait --wait-timeout 3, the poll answered 429 with a reset 20 s ahead: exits 3 after about 3 s', async () => {
    const tx = pushOrg()
    // A reset 20 s after the time of each answer.
    ctx.org.on('GET', tx, (_req, res) => {
      const now = Date.now()
      res.writeHead(429, {
        'Content-Type': 'application/json',
        Date: new Date(now).toUTCString(),
        'X-Rate-Limit-Limit': '1',
        'X-Rate-Limit-Remaining': '0',
        'X-Rate-Limit-Reset': String(Math.floor(now / 1000) + 20),
      })
      res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorCauses: [] }))
    })
    const r = await oktactl(ctx.home, ['factors', 'verify', LOGIN, 'push', '--wait', '--wait-timeout', '3'], { env: ctx.org.env, timeoutMs: 30_000 })
    expect(r.code, r.stderr).toBe(3)
    expect(r.ms).toBeGreaterThanOrEqual(2900)
    // Wide of the deadline, for a busy machine: the old behaviour took 42 s.
    expect(r.ms).toBeLessThan(15_000)
    expect(r.stdout).toBe(`WAITING\t${PUSH}\t${TX}\t\n`)
    expect(r.stderr).toContain(pollAgain)
    expect(r.stderr).not.toContain('retry 2 of 2')
    expect(ctx.org.requests.filter((q) => q.url === tx)).toHaveLength(1)
  })

  it('a poll that takes 20 s is abandoned at the deadline, and the process exits then', async () => {
    const tx = pushOrg()
    ctx.org.on('GET', tx, { delayMs: 20_000, json: { factorResult: 'WAITING' } })
    const r = await oktactl(ctx.home, ['factors', 'verify', LOGIN, 'push', '--wait', '--wait-timeout', '3'], { env: ctx.org.env, timeoutMs: 30_000 })
    expect(r.code, r.stderr).toBe(3)
    expect(r.ms).toBeGreaterThanOrEqual(2900)
    expect(r.ms).toBeLessThan(15_000) // not the 20 s answer, nor the 30 s request timeout
    expect(r.stderr).toContain(pollAgain)
    expect(ctx.org.requests.filter((q) => q.url === tx)).toHaveLength(1) // no retry after the deadline
  })

  it('a 502 on the poll: exit 1, the transaction on stdout and the poll command on stderr', async () => {
    const tx = pushOrg()
    ctx.org.on('GET', tx, { status: 502, json: { errorSummary: 'Bad Gateway' } })
    const r = await oktactl(ctx.home, ['factors', 'verify', LOGIN, 'push', '--wait'], { env: ctx.org.env })
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toBe(`WAITING\t${PUSH}\t${TX}\t\n`)
    expect(r.stderr).toContain(pollAgain)
  })

  it('enroll --type push --wait with a 502 on the activation poll: exit 1, the new factor on stdout, the activate command on stderr', async () => {
    const { org } = ctx
    withUser(org, user(UID, LOGIN))
    const id = 'opf1waitdeadlinenew1'
    const pending = factor(id, 'push', {}, {
      status: 'PENDING_ACTIVATION',
      created: '2026-11-29T11:59:30.000Z',
      _links: { poll: { href: `${org.url}/api/v1/users/${UID}/factors/${id}/lifecycle/activate/poll` } },
      _embedded: { activation: { factorResult: 'WAITING', _links: { qrcode: { href: `${org.url}/api/v1/users/${UID}/factors/${id}/qr/abc` } } } },
    })
    org.on('POST', `/api/v1/users/${UID}/factors`, { json: pending })
    org.on('POST', `/api/v1/users/${UID}/factors/${id}/lifecycle/activate/poll`, { status: 502, json: { errorSummary: 'Bad Gateway' } })
    const r = await oktactl(ctx.home, ['factors', 'enroll', LOGIN, '--type', 'push', '--wait'], { env: org.env })
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toBe(`${id}\tpush\tOKTA\tPENDING_ACTIVATION\t\t2026-11-29T11:59:30.000Z\n`)
    expect(r.stderr).toContain(`Push factor ${id} is not active yet. Go on with: oktactl factors activate ${LOGIN} ${id} --wait`)
  })
})
