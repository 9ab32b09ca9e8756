import { describe, expect, it } from 'vitest'
import { oktactl, skipNote, built, useHostileOrg } from './helpers.js'
import { factor, user, withUser } from './hostile.js'

// The hostile-org fixture itself, against the built binary: scripted answers reach the CLI and
// every request the CLI sent is recorded.

const ctx = useHostileOrg('hostile')

describe.skipIf(!built)(`hostile org fixture${skipNote}`, () => {
  it('answers a scripted user and factors, and records the requests', async () => {
    withUser(ctx.org, user('00u1hostile', 'h@example.com'), [factor('mbl1', 'sms', { phoneNumber: '+15550001111' })])
    const r = await oktactl(ctx.home, ['factors', 'list', 'h@example.com', '--json'], { env: ctx.org.env })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: 'mbl1', factorType: 'sms' }])
    expect(ctx.org.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /api/v1/users/h%40example.com', 'GET /api/v1/users/00u1hostile/factors'])
  })
})
