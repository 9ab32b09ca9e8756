import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.js'
import { org } from './helpers.js'

describe('sandbox server: auth, headers, errors', () => {
  it('answers 401 E0000011 without the SSWS token, with a Bearer token or a wrong token', async () => {
    const o = await org()
    for (const auth of [undefined, `Bearer ${o.sb.token}`, 'SSWS 00wrong', `SSWS ${o.sb.token}x`]) {
      const r = await fetch(`${o.sb.url}/api/v1/users/alice`, { headers: auth ? { Authorization: auth } : {} })
      expect(r.status).toBe(401)
      const body = (await r.json()) as { errorId: string }
      expect(body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorCauses: [] })
      expect(body.errorId).toBe(r.headers.get('x-okta-request-id'))
    }
    const admin = await fetch(`${o.sb.url}/_sandbox/outbox`)
    expect(admin.status).toBe(401)
  })

  it('sends X-Okta-Request-Id, Date from its clock, and rate-limit headers on every response', async () => {
    const o = await org()
    const a = await o.get('/api/v1/users/alice')
    const b = await o.get('/api/v1/users/nobody')
    expect(a.headers.get('x-okta-request-id')).toMatch(/^[\w-]{20,}$/)
    expect(a.headers.get('x-okta-request-id')).not.toBe(b.headers.get('x-okta-request-id'))
    expect(a.headers.get('date')).toBe(new Date(o.clock.t).toUTCString())
    expect(a.headers.get('content-type')).toBe('application/json')
    for (const r of [a, b]) {
      // GET /api/v1/users/{id} is its own family, 2,000 a minute by default (src/sandbox/ratelimit.ts)
      expect(r.headers.get('x-rate-limit-limit')).toBe('2000')
      expect(Number(r.headers.get('x-rate-limit-remaining'))).toBeLessThan(2000)
      expect(r.headers.get('x-rate-limit-reset')).toBe(String(Math.ceil(o.clock.t / 60_000) * 60))
    }
    expect(b.status).toBe(404)
    expect(b.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody (User)' })
    expect(b.body.errorId).toBe(b.headers.get('x-okta-request-id'))
  })

  it('answers malformed JSON with 400 E0000003, unknown routes with 404 and wrong methods with 405', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const bad = await o.call('POST', `/api/v1/users/${dave}/factors`, '{"factorType": "sms",')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ errorCode: 'E0000003', errorSummary: 'The request body was not well-formed.' })
    expect((await o.get('/api/v1/apps')).status).toBe(404)
    const put = await o.call('PUT', `/api/v1/users/${dave}/factors`, {})
    expect(put.status).toBe(405)
    expect(put.body.errorCode).toBe('E0000022')
    expect(put.headers.get('allow')).toBe('GET, POST')
  })

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/)
    await expect(startSandbox({ host: '192.168.1.10' })).rejects.toThrow(/loopback/)
    await expect(startSandbox({ push: 'maybe' as never })).rejects.toThrow(/push must be/)
  })
})

describe('sandbox users and roles', () => {
  it('finds a user by id, login, login shortname and "me", with Okta user fields', async () => {
    const o = await org()
    const byLogin = await o.get('/api/v1/users/alice%40example.com')
    expect(byLogin.status).toBe(200)
    const alice = byLogin.body
    expect(alice.id).toMatch(/^00u[A-Za-z0-9]{17}$/)
    expect(alice).toMatchObject({
      status: 'ACTIVE',
      profile: { login: 'alice@example.com', email: 'alice@example.com', firstName: 'Alice', lastName: 'Anderson' },
    })
    for (const k of ['created', 'activated', 'lastLogin', 'lastUpdated']) expect(alice[k]).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect((await o.get(`/api/v1/users/${alice.id}`)).body.id).toBe(alice.id)
    expect((await o.get('/api/v1/users/ALICE')).body.id).toBe(alice.id)
    expect(byLogin.headers.get('etag')).toMatch(/^W\/"/)
    expect((await o.get('/api/v1/users/me')).body.profile.login).toBe('carol@example.com')
  })

  it('links resetFactors only for users with at least one factor, with absolute URLs', async () => {
    const o = await org()
    const alice = (await o.get('/api/v1/users/alice')).body
    expect(alice._links.self.href).toBe(`${o.sb.url}/api/v1/users/${alice.id}`)
    expect(alice._links.resetFactors).toEqual({ href: `${o.sb.url}/api/v1/users/${alice.id}/lifecycle/reset_factors`, method: 'POST' })
    const dave = (await o.get('/api/v1/users/dave')).body
    expect(dave._links.resetFactors).toBeUndefined()
    expect(dave.lastLogin).toBeNull()
    expect((await o.get('/api/v1/users/erin')).body.status).toBe('DEPROVISIONED')
  })

  it('lists roles: carol is SUPER_ADMIN, the others have none', async () => {
    const o = await org()
    const carol = await o.userId('carol')
    const r = await o.get(`/api/v1/users/${carol}/roles`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual([
      {
        id: expect.stringMatching(/^ra1[A-Za-z0-9]{17}$/),
        label: 'Super Organization Administrator',
        type: 'SUPER_ADMIN',
        status: 'ACTIVE',
        created: expect.any(String),
        lastUpdated: expect.any(String),
        assignmentType: 'USER',
        _links: { assignee: { href: `${o.sb.url}/api/v1/users/${carol}` } },
      },
    ])
    expect((await o.get(`/api/v1/users/${await o.userId('alice')}/roles`)).body).toEqual([])
  })

  it('takes only user ids on the /factors and /roles routes, as the spec says (pathUserId)', async () => {
    const o = await org()
    for (const p of ['/api/v1/users/alice%40example.com/factors', '/api/v1/users/alice/roles']) {
      const r = await o.get(p)
      expect(r.status).toBe(404)
      expect(r.body.errorCode).toBe('E0000007')
    }
  })
})
