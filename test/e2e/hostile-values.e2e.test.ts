import { describe, expect, it } from 'vitest'
import { built, oktactl, skipNote, useHostileOrg } from './helpers.js'
import { factor, user, withUser } from './hostile.js'

// The org's values where a message is built from them (the built binary, a hostile org): a
// newline may not fake a line of an error, and a value of the wrong type (an object, an array)
// may not crash the run with "a bug in oktactl". Every case fails closed: nothing is changed.

const ctx = useHostileOrg('hostile-values')

const ID = '00u1hostilevalues01'
const LOGIN = 'h@example.com'
const changes = () => ctx.org.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.url}`)
const run = (args: string[]) => oktactl(ctx.home, args, { env: ctx.org.env })
/** Every line of stderr that starts as one of ours would, so a forged one shows. */
const lineStarts = (stderr: string) => stderr.split('\n').map((l) => l.split(':')[0])

describe.skipIf(!built)(`hostile values in messages (built binary)${skipNote}`, () => {
  it('a newline in a login and in a role type does not fake a line of the admin refusal', async () => {
    const login = 'h@example.com\nError: fake line'
    const u = user(ID, login)
    ctx.org.on('GET', `/api/v1/users/${encodeURIComponent(LOGIN)}`, { json: u })
    ctx.org.on('GET', `/api/v1/users/${ID}`, { json: u })
    ctx.org.on('GET', `/api/v1/users/${ID}/factors`, { json: [factor('mbl1', 'sms')] })
    ctx.org.on('GET', `/api/v1/users/${ID}/roles`, { json: [{ id: 'ra1', type: 'SUPER_ADMIN\nAdmin roles: none', status: 'ACTIVE' }] })
    const r = await run(['factors', 'reset', LOGIN, '--yes', '--no-activity'])
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('h@example.com\\nError: fake line holds admin roles (SUPER_ADMIN\\nAdmin roles: none)')
    expect(r.stderr.split('\n').filter((l) => l.startsWith('Error: fake') || l.startsWith('Admin roles: none'))).toEqual([])
    expect(changes()).toEqual([])
  })

  it('a push verification result with a newline does not fake a line; the caller is not verified', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('opf1', 'push')])
    ctx.org.on('POST', `/api/v1/users/${ID}/factors/opf1/verify`, { json: { factorResult: 'REJECTED\nError: fake. Nothing was changed.' } })
    const r = await run(['factors', 'reset', LOGIN, '--yes', '--no-activity', '--verify-caller', 'push'])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('push REJECTED\\nError: fake.')
    expect(lineStarts(r.stderr).filter((s) => s === 'Error').length).toBe(1)
    expect(changes()).toEqual([`POST /api/v1/users/${ID}/factors/opf1/verify`])
  })

  it('a user status that is an object, and a login that is an array, are shown inert, never run', async () => {
    const u = user(ID, LOGIN, {}, { status: { toString: 1 } })
    ;(u.profile as Record<string, unknown>).login = ['a']
    ctx.org.on('GET', `/api/v1/users/${encodeURIComponent(LOGIN)}`, { json: u })
    ctx.org.on('GET', `/api/v1/users/${ID}`, { json: u })
    ctx.org.on('GET', `/api/v1/users/${ID}/factors`, { json: [factor('mbl1', 'sms')] })
    ctx.org.on('GET', `/api/v1/users/${ID}/roles`, { json: [] })
    const r = await run(['factors', 'reset', LOGIN, '--dry-run', '--no-activity'])
    expect(r.stderr).not.toMatch(/bug in oktactl|Cannot convert|is not a function/)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('{"toString":1}')
    // The array is shown inert, as its JSON, on the screen before the change.
    expect(r.stderr).toContain(`<${LOGIN}>`.replace(LOGIN, '["a"]'))
    expect(changes()).toEqual([])
  })

  it('a push number challenge that is an object prints inert, and the verify still reports its result', async () => {
    withUser(ctx.org, user(ID, LOGIN), [factor('opf1', 'push')])
    ctx.org.on('POST', `/api/v1/users/${ID}/factors/opf1/verify`, { json: { factorResult: 'REJECTED', _embedded: { challenge: { correctAnswer: { toString: 1 } } } } })
    const r = await run(['factors', 'verify', LOGIN, 'push', '--number-challenge'])
    expect(r.stderr).not.toMatch(/bug in oktactl|Cannot convert|is not a function/)
    expect(r.code).toBe(3)
    expect(r.stdout).toContain('{"toString":1}')
  })

  it('a System Log event whose target is not a list names no factor, and does not crash the listing', async () => {
    withUser(ctx.org, user(ID, LOGIN), [])
    ctx.org.on('GET', /^\/api\/v1\/logs\?/, {
      json: [{ uuid: 'e1', published: '2026-12-06T10:00:00.000Z', eventType: 'system.push.send_factor_verify_push', displayMessage: 'push sent', outcome: { result: 'SUCCESS' }, actor: { id: ID, alternateId: LOGIN }, target: {} }],
    })
    const r = await run(['factors', 'activity', LOGIN])
    expect(r.stderr).not.toMatch(/bug in oktactl|is not a function/)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('system.push.send_factor_verify_push')
  })
})
