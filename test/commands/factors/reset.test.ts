import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, TOKEN, factor } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const RESET = `/api/v1/users/${ALICE_ID}/lifecycle/reset_factors`
const LOOKUP = '/api/v1/users/alice%40example.com'
const alice = { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }
const CREATED = '2026-11-29T11:59:30.000Z'
// Issue 5: reset first shows who the user is and checks their admin roles: a GET of the user (the
// login lookup already returns it) and a GET of its roles, and three lines on stderr.
// …and the user's last 24 hours of MFA activity from the System Log (issue 11).
const WHO = `User:        <${ALICE}> ${ALICE_ID}\nStatus:      ACTIVE, last login never\nAdmin roles: none\nMFA activity in the last 24 h: 0 pushes sent, 0 denied, 0 verified, 0 failed, 0 resets.\n`
function whoAndRoles(opts: { byId: boolean; times?: number; logs?: boolean }) {
  if (opts.byId) stub('GET', `/api/v1/users/${ALICE_ID}`, [200, alice], opts.times)
  stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []], opts.times)
  // bulk runs do not read the System Log (one more request per user); one user's reset does
  if (opts.logs !== false) stub('GET', '/api/v1/logs', [200, []], opts.times)
}

describe('factors reset', () => {
  const sms = factor('sms', { created: CREATED })
  const push = factor('push', { created: CREATED })
  const willReset = `Will reset every factor of ${ALICE} (${ALICE_ID}): sms ${sms.id}, push ${push.id}.\n`
  // At a terminal (120 columns in these tests) the same line breaks between words.
  const willResetTTY = `Will reset every factor of ${ALICE} (${ALICE_ID}): sms ${sms.id}, push\n  ${push.id}.\n`

  it('--yes: resolves the login, lists, then one bodiless POST lifecycle/reset_factors; prints what was removed', async () => {
    const lookup = stub('GET', LOOKUP, [200, alice])
    whoAndRoles({ byId: false })
    stub('GET', FACTORS, [200, [sms, push]])
    const sent = stub('POST', RESET, [200, ''])
    const r = await runCli(['factors', 'reset', ALICE, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(lookup).toHaveLength(1)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'POST', path: RESET, query: {}, body: undefined })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(
      `removed\t${sms.id}\tsms\tOKTA\t+15551230001\t${CREATED}\n` + `removed\t${push.id}\tpush\tOKTA\tAlice's iPhone · IOS\t${CREATED}\n`,
    )
    expect(r.stderr).toBe(WHO + willReset)
  })

  it('--json prints the removed factors', async () => {
    whoAndRoles({ byId: true })
    stub('GET', FACTORS, [200, [sms, push]])
    stub('POST', RESET, [200, ''])
    const r = await runCli(['factors', 'reset', ALICE_ID, '--yes', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ dryRun: false, userId: ALICE_ID, login: ALICE, factors: [sms, push] })
  })

  it('no factors: nothing to reset, no POST; [] with --json', async () => {
    whoAndRoles({ byId: true, times: 2 })
    stub('GET', FACTORS, [200, []], 2)
    const r = await runCli(['factors', 'reset', ALICE_ID, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`${WHO}${ALICE_ID} has no factors; nothing to reset.\n`)
    const json = await runCli(['factors', 'reset', ALICE_ID, '--yes', '--json'], { env: ENV })
    expect(JSON.parse(json.stdout)).toEqual({ dryRun: false, userId: ALICE_ID, login: ALICE, factors: [] })
    expect(unmatched).toEqual([])
  })

  it('without --yes off a terminal: exit 2 and no request at all', async () => {
    const r = await runCli(['factors', 'reset', ALICE], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("Error: Refusing to reset a user's factors without confirmation.\nPass --yes to confirm when oktactl cannot ask (no terminal, or --no-input).\n")
    expect(unmatched).toEqual([])
  })

  it('at a terminal: lists the factors, asks, resets on yes', async () => {
    stub('GET', LOOKUP, [200, alice])
    whoAndRoles({ byId: false })
    stub('GET', FACTORS, [200, [sms, push]])
    const sent = stub('POST', RESET, [200, ''])
    const r = await runCli(['factors', 'reset', ALICE], { env: TTY_ENV, tty: true, answers: [true] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'confirm', message: 'Reset all 2 factors?' }])
    expect(sent).toHaveLength(1)
    expect(r.stderr).toBe(WHO + willResetTTY + `✓ Reset 2 factors of ${ALICE} (${ALICE_ID}); the user enrolls again at next sign-in.\n`)
    expect(r.stdout).toBe(
      'RESULT   ID                    TYPE  PROVIDER  DETAIL                ENROLLED\n' +
        `removed  ${sms.id}  sms   OKTA      +15551230001          just now\n` +
        `removed  ${push.id}  push  OKTA      Alice's iPhone · IOS  just now\n`,
    )
  })

  it('at a terminal: declining exits 130 and resets nothing', async () => {
    stub('GET', LOOKUP, [200, alice])
    whoAndRoles({ byId: false })
    stub('GET', FACTORS, [200, [sms, push]])
    const r = await runCli(['factors', 'reset', ALICE], { env: TTY_ENV, tty: true, answers: [false] })
    expect(r.exitCode).toBe(130)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(WHO + willResetTTY + 'Error: Cancelled; nothing was changed.\n')
    expect(unmatched).toEqual([])
  })

  it('a POST that fails with 500 is not sent again (exit 1)', async () => {
    whoAndRoles({ byId: true })
    stub('GET', FACTORS, [200, [sms]])
    const sent = stub('POST', RESET, [500, { errorCode: 'E0000009', errorSummary: 'Internal Server Error', errorCauses: [] }])
    const r = await runCli(['factors', 'reset', ALICE_ID, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
    expect(r.stderr).toContain('Error: Okta HTTP 500 E0000009: Internal Server Error\n')
  })
})

describe('factors reset --types: one DELETE per factor, push first', () => {
  const push = factor('push', { created: CREATED })
  const totp = factor('token:software:totp', { created: CREATED })
  const sms = factor('sms', { created: CREATED })

  it("removes push before Okta Verify TOTP, and the TOTP's 404 (Okta removed it with push) is not a failure", async () => {
    for (const argv of [['factors', 'reset', ALICE_ID, '--types', 'totp,push', '--yes'], ['factors', 'reset', '--users-file', '-', '--types', 'totp,push', '--yes']]) {
      const bulk = argv.includes('--users-file')
      if (bulk) stub('GET', `/api/v1/users/${ALICE_ID}`, [200, alice])
      whoAndRoles({ byId: !bulk, logs: !bulk })
      stub('GET', FACTORS, [200, [sms, totp, push]])
      const order: string[] = []
      stub('DELETE', `${FACTORS}/${push.id}`, (s) => (order.push(s.path), [204]))
      stub('DELETE', `${FACTORS}/${totp.id}`, (s) => (order.push(s.path), [404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found', errorCauses: [] }]))
      const r = await runCli(argv, { env: ENV, stdin: `${ALICE_ID}\n` })
      expect(r.exitCode, r.stderr).toBe(0)
      expect(order).toEqual([`${FACTORS}/${push.id}`, `${FACTORS}/${totp.id}`])
      expect(unmatched).toEqual([])
    }
  })

  it('a TOTP 404 without push removed first is a failure', async () => {
    whoAndRoles({ byId: true })
    stub('GET', FACTORS, [200, [totp]])
    stub('DELETE', `${FACTORS}/${totp.id}`, [404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found', errorCauses: [] }])
    const r = await runCli(['factors', 'reset', ALICE_ID, '--types', 'totp', '--yes'], { env: ENV })
    expect(r.exitCode).toBe(5)
  })
})
