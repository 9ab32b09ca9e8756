import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, TOKEN, factor, oktaError } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const CREATED = '2026-11-29T11:59:30.000Z'
// Issue 5: delete first shows who the user is and checks their admin roles: a GET of the user (the
// login lookup already returns it) and a GET of its roles, and three lines on stderr.
const alice = { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }
// …and the user's last 24 hours of MFA activity from the System Log (issue 11).
const WHO = `User:        <${ALICE}> ${ALICE_ID}\nStatus:      ACTIVE, last login never\nAdmin roles: none\nMFA activity in the last 24 h: 0 pushes sent, 0 denied, 0 verified, 0 failed, 0 resets.\n`
function whoAndRoles(opts: { byId: boolean } = { byId: true }) {
  if (opts.byId) stub('GET', `/api/v1/users/${ALICE_ID}`, [200, alice])
  stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
  stub('GET', '/api/v1/logs', [200, []])
}

describe('factors delete', () => {
  const sms = factor('sms', { created: CREATED })
  const ONE = `${FACTORS}/${sms.id}`
  const willDelete = `${WHO}Will delete the sms factor ${sms.id} (+15551230001) of ${ALICE_ID}.\n`

  it.each(['delete', 'unenroll', 'rm'])('%s --yes: DELETE without a query; piped output is the deleted factor', async (verb) => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    const sent = stub('DELETE', ONE, [204])
    const r = await runCli(['factors', verb, ALICE_ID, sms.id, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'DELETE', path: ONE, query: {}, body: undefined })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(`removed\t${sms.id}\tsms\tOKTA\t+15551230001\t${CREATED}\n`)
    expect(r.stderr).toBe(willDelete)
  })

  it('--remove-recovery sends removeRecoveryEnrollment=true (the real parameter name)', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    const sent = stub('DELETE', ONE, [204])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--remove-recovery', '-y'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.query).toEqual({ removeRecoveryEnrollment: 'true' })
    expect(r.stderr).toBe(willDelete + 'The phone number is also removed as a recovery method.\n')
  })

  it('--json prints the deleted factor, as it was, in one document that says it was no dry run', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    stub('DELETE', ONE, [204])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ dryRun: false, userId: ALICE_ID, login: ALICE, factors: [sms] })
  })

  it('resolves login and type, then deletes by ids', async () => {
    stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    whoAndRoles({ byId: false })
    stub('GET', FACTORS, [200, [sms, factor('push')]])
    const sent = stub('DELETE', ONE, [204])
    const r = await runCli(['factors', 'rm', ALICE, 'sms', '--yes'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.path).toBe(ONE)
    expect(r.stderr).toBe(`${WHO}Will delete the sms factor ${sms.id} (+15551230001) of ${ALICE} (${ALICE_ID}).\n`)
  })

  it('without --yes off a terminal: exit 2 and no request at all', async () => {
    const r = await runCli(['factors', 'delete', ALICE, 'sms'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('Error: Refusing to delete a factor without confirmation.\nPass --yes to confirm when oktactl cannot ask (no terminal, or --no-input).\n')
    expect(unmatched).toEqual([])
  })

  it('--no-input at a terminal without --yes: exit 2, no request', async () => {
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--no-input'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(2)
    expect(r.asked).toEqual([])
    expect(unmatched).toEqual([])
  })

  it('at a terminal: shows the factor, asks, deletes on yes; success line and table', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    const sent = stub('DELETE', ONE, [204])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id], { env: TTY_ENV, tty: true, answers: [true] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'confirm', message: 'Delete this factor?' }])
    expect(sent).toHaveLength(1)
    expect(r.stderr).toBe(willDelete + `✓ Deleted sms factor ${sms.id} of ${ALICE_ID}.\n`)
    expect(r.stdout).toBe(
      // What happened, not the status it had: a removed factor is not ACTIVE.
      'RESULT   ID                    TYPE  PROVIDER  DETAIL        ENROLLED\n' + `removed  ${sms.id}  sms   OKTA      +15551230001  just now\n`,
    )
  })

  it('at a terminal: declining exits 130 and deletes nothing', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id], { env: TTY_ENV, tty: true, answers: [false] })
    expect(r.exitCode).toBe(130)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(willDelete + 'Error: Cancelled; nothing was changed.\n')
    expect(unmatched).toEqual([])
  })

  it('--yes at a terminal does not ask', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    stub('DELETE', ONE, [204])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([])
  })

  it('push: warns that Okta removes the Okta Verify TOTP and FastPass with it', async () => {
    const push = factor('push')
    whoAndRoles()
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('DELETE', `${FACTORS}/${push.id}`, [204])
    const r = await runCli(['factors', 'delete', ALICE_ID, push.id, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(
      `${WHO}Will delete the push factor ${push.id} (Alice's iPhone · IOS) of ${ALICE_ID}.\n` +
        "! Okta also removes the user's Okta Verify TOTP and FastPass enrollments with it.\n",
    )
  })

  it('--remove-recovery for a non-phone factor: exit 2, nothing deleted', async () => {
    const email = factor('email')
    whoAndRoles() // the System Log read starts with the rest of the screen, so it is sent here too
    stub('GET', `${FACTORS}/${email.id}`, [200, email])
    const r = await runCli(['factors', 'delete', ALICE_ID, email.id, '--remove-recovery', '--yes'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --remove-recovery applies to sms and call factors only.\n')
    expect(unmatched).toEqual([])
  })

  it('a 404 on DELETE exits 5', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    stub('DELETE', ONE, [404, oktaError('E0000007', `Not found: Resource not found: ${sms.id} (UserFactor)`)])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(r.stdout).toBe('')
  })

  it('a deactivated user (403 E0000038) exits 4 with the reason', async () => {
    whoAndRoles()
    stub('GET', ONE, [200, sms])
    stub('DELETE', ONE, [403, oktaError('E0000038', "This operation is not allowed in the user's current status.")])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toBe(
      willDelete +
        "Error: Okta HTTP 403 E0000038: This operation is not allowed in the user's current status.\n" +
        '  (errorId oaeTESTERRORID: quote these to Okta support)\n',
    )
  })
})
