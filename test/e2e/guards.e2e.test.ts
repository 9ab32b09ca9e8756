import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { oktactl, skipNote, built, useHostileOrg } from './helpers.js'
import { factor, user, withUser, type HostileOrg } from './hostile.js'

// Issue 8 §3 against the built binary: every guard fails closed on a hostile org's answers.
// Anything not a well-formed answer counts against the change, with the reason said.

const ctx = useHostileOrg('guards')

const ID = '00u1guard'
const LOGIN = 'g@example.com'
const ROLES = `/api/v1/users/${ID}/roles`
const RESET = `/api/v1/users/${ID}/lifecycle/reset_factors`
const changes = () => ctx.org.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.url}`)
const auditLines = () => readFileSync(join(ctx.home.dir, 'state', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
const reset = (...extra: string[]) => oktactl(ctx.home, ['factors', 'reset', LOGIN, '--yes', ...extra], { env: ctx.org.env })

describe.skipIf(!built)(`guards fail closed on hostile answers (built binary)${skipNote}`, () => {
  const badRoles: Array<[string, Parameters<HostileOrg['on']>[2], RegExp]> = [
    ['a 204', { status: 204 }, /not a well-formed list: expected a JSON array, got an empty body/],
    ['an empty 200', { status: 200, body: '' }, /expected a JSON array, got an empty body/],
    ['null', { json: null }, /expected a JSON array, got null/],
    ['an object', { json: { type: 'SUPER_ADMIN' } }, /expected a JSON array, got an object/],
    ['HTML', { body: '<html><body>Sign in</body></html>', headers: { 'Content-Type': 'text/html' } }, /not JSON/],
    ['a role without a type', { json: [{ id: 'ra1' }] }, /type/],
    ['an array of strings', { json: ['SUPER_ADMIN'] }, /item 0 is a string/],
  ]
  for (const [name, answer, why] of badRoles) {
    it(`roles answered with ${name}: the user counts as an admin, the reset is refused (exit 4) and says why`, async () => {
      withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
      ctx.org.on('GET', ROLES, answer)
      const r = await reset()
      expect(r.code).toBe(4)
      expect(r.stderr).toMatch(why)
      expect(r.stderr).not.toContain('Admin roles: none')
      expect(r.stderr).not.toMatch(/bug in oktactl|is not a function/)
      expect(changes()).toEqual([])
    })
  }

  // Page 1 of the roles is empty and page 2 holds SUPER_ADMIN. A next link is followed however
  // its relation type is written (RFC 8288: case-insensitively); a Link header oktactl cannot
  // read is not "no next page" (the roles would read as none), so the roles are unknown. Either
  // way the reset is refused.
  for (const [name, link, followed] of [
    ['rel="next"', (u: string) => `<${u}?after=p2>; rel="next"`, true],
    ['rel="Next"', (u: string) => `<${u}?after=p2>; rel="Next"`, true],
    ['rel=NEXT unquoted, after a self link', (u: string) => `<${u}>; rel="self", <${u}?after=p2>; rel=NEXT`, true],
    ['without its angle brackets', (u: string) => `${u}?after=p2; rel="next"`, false],
    ['with the rel in single quotes', (u: string) => `<${u}?after=p2>; rel='next'`, false],
    ['naming two different next pages', (u: string) => `<${u}?after=p2>; rel="next", <${u}?after=p3>; rel="next"`, false],
  ] as const) {
    it(`roles: a Link header ${name} is ${followed ? 'followed to the admin role on page 2' : 'unreadable, so the roles are unknown'}; the reset is refused`, async () => {
      withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
      ctx.org.on('GET', ROLES, { json: [], headers: { Link: link(`${ctx.org.url}${ROLES}`) } })
      ctx.org.on('GET', `${ROLES}?after=p2`, { json: [{ id: 'ra1', type: 'SUPER_ADMIN', status: 'ACTIVE' }] })
      const r = await reset()
      expect(r.code).toBe(4)
      expect(r.stderr).not.toContain('Admin roles: none')
      if (followed) expect(r.stderr).toContain('SUPER_ADMIN')
      else expect(r.stderr).toContain('its Link header cannot be read')
      expect(changes()).toEqual([])
    })
  }

  it('roles: a next link that repeats itself is not followed forever, and counts as unknown', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
    ctx.org.on('GET', ROLES, { json: [], headers: { Link: `<${ctx.org.url}${ROLES}>; rel="next"` } })
    const r = await reset()
    expect(r.code).toBe(4)
    expect(changes()).toEqual([])
  })

  it('roles: two well-formed empty pages mean no roles, and the reset goes', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
    ctx.org.on('GET', ROLES, { json: [], headers: { Link: `<${ctx.org.url}${ROLES}?after=p2>; rel="next"` } })
    ctx.org.on('GET', `${ROLES}?after=p2`, { json: [] })
    ctx.org.on('POST', RESET, { status: 200, body: '' })
    const r = await reset()
    expect(r.stderr).toContain('Admin roles: none')
    expect(r.code).toBe(0)
    expect(changes()).toEqual([`POST ${RESET}`])
  })

  it('caller verification: a verify answer of 200 without factorResult does not verify the caller (exit 3), and the audit says so', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('opf1', 'push')])
    ctx.org.on('POST', `/api/v1/users/${ID}/factors/opf1/verify`, { json: { id: 'opf1' } })
    const r = await reset('--verify-caller', 'push')
    expect(r.code).toBe(3)
    expect(r.stderr).not.toContain('Caller verified')
    expect(changes()).toEqual([`POST /api/v1/users/${ID}/factors/opf1/verify`])
    const last = auditLines().at(-1)
    expect(last).toMatchObject({ outcome: 'refused', callerVerification: { method: 'push', result: 'UNKNOWN' } })
  })

  it('factors verify: 200 without factorResult is exit 3, not success', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
    ctx.org.on('POST', `/api/v1/users/${ID}/factors/mbl1/verify`, { json: {} })
    const r = await oktactl(ctx.home, ['factors', 'verify', LOGIN, 'sms', '--code', '123456'], { env: ctx.org.env })
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('without a factorResult')
  })

  it('factors activate: an answer whose status is not ACTIVE is exit 1, audited as unknown', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms', {}, { status: 'PENDING_ACTIVATION' })])
    ctx.org.on('POST', `/api/v1/users/${ID}/factors/mbl1/lifecycle/activate`, { json: { id: 'mbl1', factorType: 'sms', status: 'PENDING_ACTIVATION' } })
    const r = await oktactl(ctx.home, ['factors', 'activate', LOGIN, 'mbl1', '--code', '123456'], { env: ctx.org.env })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('not ACTIVE')
    expect(r.stderr).not.toContain('Activated')
    expect(auditLines().map((e) => e.outcome)).toEqual(['intent', 'unknown'])
  })

  it('a malformed 2xx is a clear exit 1 naming the request, never "a bug in oktactl"', async () => {
    withUser(ctx.org, user(ID, LOGIN))
    ctx.org.on('GET', `/api/v1/users/${ID}/factors`, { body: '[{"id": "mbl1", "factorType": "sms"', headers: { 'Content-Type': 'application/json' } })
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN], { env: ctx.org.env })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Okta returned an unexpected answer to GET /api/v1/users/${ID}/factors (HTTP 200): the body is not JSON`)
    expect(r.stderr).not.toMatch(/bug in oktactl|\n\s+at /)
  })

  it('JSON nested too deep is refused without a stack overflow', async () => {
    withUser(ctx.org, user(ID, LOGIN))
    ctx.org.on('GET', `/api/v1/users/${ID}/factors`, { body: `[${'['.repeat(5000)}${']'.repeat(5000)}]` })
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN], { env: ctx.org.env })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Okta returned an unexpected answer to GET')
  })

  it('an answer over 16 MiB to a reset is exit 1 (the change may have been made), audited as unknown; no crash', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
    ctx.org.on('POST', RESET, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const more = () => {
        while (sent < 40 && !res.destroyed) {
          sent++
          if (!res.write(chunk)) return void res.once('drain', more)
        }
        res.end()
      }
      res.on('error', () => {})
      more()
    })
    const r = await reset()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Okta returned an unexpected answer to POST ${RESET} (HTTP 200): the body is larger than 16 MiB. The change may have been made`)
    expect(auditLines().map((e) => e.outcome)).toEqual(['intent', 'unknown'])
  })

  it('a connection reset after the reset request was written is audited as unknown, not failed', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('mbl1', 'sms')])
    ctx.org.on('POST', RESET, (req) => void req.socket.destroy())
    const r = await reset()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('the change may have been made')
    expect(changes()).toEqual([`POST ${RESET}`])
    expect(auditLines().map((e) => e.outcome)).toEqual(['intent', 'unknown'])
  })

  it('--json errors from an Okta answer carry status, errorCode and errorId (an unknown factor id)', async () => {
    withUser(ctx.org, user(ID, LOGIN))
    const r = await oktactl(ctx.home, ['factors', 'get', LOGIN, 'nosuch', '--json'], { env: ctx.org.env })
    expect(r.code).toBe(5)
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { status: 404, errorCode: 'E0000007', errorId: 'oaeHOSTILE404' } })
  })
})
