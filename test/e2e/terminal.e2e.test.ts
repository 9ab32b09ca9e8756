import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { oktactl, skipNote, built, useHostileOrg } from './helpers.js'
import { factor, user, withUser } from './hostile.js'

// Issue 8 §2 against the built binary: the org's text never drives the terminal. Every byte the
// CLI writes is checked for raw control characters (ESC, BEL, CR, C1, bidi overrides).

const ctx = useHostileOrg('term')

const ID = '00u1term'
const LOGIN = 't@example.com'
// SGR 8 (conceal), OSC 0 (title), OSC 8 (link), OSC 52 (clipboard), clear screen, CR overwrite, C1 CSI, RTL override.
const NASTY = '\u001b[8m\u001b]0;owned\u0007\u001b]8;;https://evil.example/\u001b\\\u001b]52;c;ZXZpbA==\u0007\u001b[2J\rX\u009b31m\u202e'
/** Raw control characters other than newline (and tab, for TSV). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe.skipIf(!built)(`the org's text never drives the terminal (built binary)${skipNote}`, () => {
  it('the helpdesk confirmation screen: a lastName with a newline, a fake "Admin roles: none" and SGR 8 cannot hide a SUPER_ADMIN', async () => {
    withUser(ctx.org, user(ID, LOGIN, { lastName: `User\nAdmin roles: none\u001b[8m` }), [factor('mbl1', 'sms')])
    ctx.org.on('GET', `/api/v1/users/${ID}/roles`, { json: [{ id: 'ra1', type: 'SUPER_ADMIN', status: 'ACTIVE' }] })
    const r = await oktactl(ctx.home, ['factors', 'reset', LOGIN, '--yes'], { env: ctx.org.env })
    expect(r.code).toBe(4)
    expect(r.stderr).not.toMatch(RAW)
    const lines = r.stderr.split('\n')
    expect(lines.filter((l) => l.startsWith('Admin roles:'))).toEqual(['Admin roles: SUPER_ADMIN'])
    expect(lines[0]).toBe(`User:        Test User\\nAdmin roles: none\\e[8m <${LOGIN}> ${ID}`)
  })

  it('factors list, piped: device names, phone numbers and emails are escaped in the TSV', async () => {
    withUser(ctx.org, user(ID, LOGIN), [
      factor('opf1', 'push', { name: `iPhone${NASTY}`, platform: 'IOS' }),
      factor('mbl1', 'sms', { phoneNumber: `+1555\r\n${NASTY}` }),
      factor('emf1', 'email', { email: `a${NASTY}@example.com` }),
    ])
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN], { env: ctx.org.env })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(RAW)
    expect(r.stdout.trim().split('\n')).toHaveLength(3)
    expect(r.stdout).toContain('iPhone\\e[8m\\e]0;owned\\x07')
    // --json stays exact: the same text, escaped as JSON escapes it.
    const j = await oktactl(ctx.home, ['factors', 'list', LOGIN, '--json'], { env: ctx.org.env })
    expect((JSON.parse(j.stdout) as Array<{ profile: { name?: string } }>)[0]?.profile.name).toBe(`iPhone${NASTY}`)
  })

  it("Okta's errorSummary, errorCauses and errorId are escaped in the error", async () => {
    ctx.org.on('GET', `/api/v1/users/${encodeURIComponent(LOGIN)}`, {
      status: 403,
      json: { errorCode: 'E0000006', errorSummary: `You do not have permission${NASTY}\nAdmin roles: none`, errorId: `oae${NASTY}`, errorCauses: [{ errorSummary: `cause${NASTY}` }] },
    })
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN], { env: ctx.org.env })
    expect(r.code).toBe(4)
    expect(r.stderr).not.toMatch(RAW)
    expect(r.stderr).toContain('You do not have permission\\e[8m')
    expect(r.stderr.split('\n').some((l) => l.startsWith('Admin roles'))).toBe(false)
  })

  it('--debug traces a hostile body without its control characters', async () => {
    withUser(ctx.org, user(ID, LOGIN, { lastName: NASTY }))
    const r = await oktactl(ctx.home, ['--debug', 'factors', 'list', LOGIN], { env: ctx.org.env })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('[debug]')
    expect(r.stderr).not.toMatch(RAW)
  })

  it('printed next steps shell-quote values from the org', async () => {
    withUser(ctx.org, user(ID, LOGIN))
    const evil = 'mbl1;touch${IFS}pwned;#'
    ctx.org.on('POST', `/api/v1/users/${ID}/factors`, { json: factor(evil, 'sms', { phoneNumber: '+15550001111' }, { status: 'PENDING_ACTIVATION' }) })
    const r = await oktactl(ctx.home, ['factors', 'enroll', LOGIN, '--type', 'sms', '--phone', '+15550001111'], { env: ctx.org.env })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Next: oktactl factors activate ${LOGIN} 'mbl1;touch\${IFS}pwned;#' --code <code>`)
  })

  // covers: ./commands/audit/index.js
  it('oktactl audit replays entries with their control characters escaped', async () => {
    mkdirSync(join(ctx.home.dir, 'state'), { recursive: true })
    const line = { time: '2026-11-29T12:00:00.000Z', operator: 'kim', profile: null, org: 'https://acme.okta.com', command: 'factors reset', bulk: false, userId: `00u${NASTY}`, login: `x${NASTY}@example.com`, factors: [{ id: 'mbl1', type: `sms${NASTY}` }], ticket: `INC${NASTY}`, callerVerification: null, outcome: 'ok', reason: null, errorCode: null, requestId: `req${NASTY}` }
    writeFileSync(join(ctx.home.dir, 'state', 'audit.log'), `${JSON.stringify(line)}\n`)
    const r = await oktactl(ctx.home, ['audit'], { env: {} })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(RAW)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
  })

  // covers: ../../bulk/remove.js
  it('users-file values are escaped in the per-row errors', async () => {
    const r = await oktactl(ctx.home, ['factors', 'reset', '--users-file', '-', '--yes', '--report', join(ctx.home.dir, 'r.jsonl')], { env: ctx.org.env, stdin: `who${NASTY}\n` })
    expect(r.code).toBe(7)
    expect(r.stderr).toContain('who\\e[8m')
    expect(r.stderr).not.toMatch(RAW)
  })
})
