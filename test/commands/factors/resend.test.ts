import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, TOKEN, factor } from '../../helpers/okta.js'
import { rateLimited, stub, unmatched } from '../../helpers/requests.js'
import { FIXED_NOW, runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const CREATED = '2026-11-29T11:59:30.000Z'

describe('factors resend', () => {
  const sms = factor('sms', { status: 'PENDING_ACTIVATION', created: CREATED })
  const RESEND = `${FACTORS}/${sms.id}/resend`

  it('POSTs {"factorType": "sms"} to /resend; piped output is the factor', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', RESEND, [200, sms])
    const r = await runCli(['factors', 'resend', ALICE_ID, sms.id], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'POST', path: RESEND, query: {}, body: { factorType: 'sms' } })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(`${sms.id}\tsms\tOKTA\tPENDING_ACTIVATION\t+15551230001\t${CREATED}\n`)
    expect(r.stderr).toBe('')
  })

  it('sms --template-id is sent as the templateId query parameter', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', RESEND, [200, sms])
    const r = await runCli(['factors', 'resend', ALICE_ID, sms.id, '--template-id', 'cstk2flOtuCMDJK4b0g3'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.query).toEqual({ templateId: 'cstk2flOtuCMDJK4b0g3' })
    expect(sent[0]?.body).toEqual({ factorType: 'sms' })
  })

  it('on a terminal: a table and a success line', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    stub('POST', RESEND, [200, sms])
    const r = await runCli(['factors', 'resend', ALICE_ID, sms.id], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'ID                    TYPE  PROVIDER  STATUS              DETAIL        ENROLLED\n' +
        `${sms.id}  sms   OKTA      PENDING_ACTIVATION  +15551230001  just now\n`,
    )
    expect(r.stderr).toBe(`✓ Sent a new sms activation code to ${ALICE_ID}.\n`)
  })

  it('--json prints the factor (Okta\'s answer, or the factor when Okta sends no body)', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms], 2)
    stub('POST', RESEND, [200, { ...sms, lastUpdated: '2026-11-29T12:00:00.000Z' }])
    const r = await runCli(['factors', 'resend', ALICE_ID, sms.id, '--json'], { env: ENV })
    expect(JSON.parse(r.stdout)).toEqual({ ...sms, lastUpdated: '2026-11-29T12:00:00.000Z' })
    stub('POST', RESEND, [200, ''])
    const empty = await runCli(['factors', 'resend', ALICE_ID, sms.id, '--json'], { env: ENV })
    expect(empty.exitCode).toBe(0)
    expect(JSON.parse(empty.stdout)).toEqual(sms)
  })

  it.each(['call', 'email'])('resends %s by type, after resolving the login', async (type) => {
    const f = factor(type, { status: 'PENDING_ACTIVATION' })
    stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', FACTORS, [200, [f]])
    const sent = stub('POST', `${FACTORS}/${f.id}/resend`, [200, f])
    const r = await runCli(['factors', 'resend', ALICE, type], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.body).toEqual({ factorType: type })
    expect(sent[0]?.query).toEqual({})
  })

  it("an org's factor type in the refusal is shown escaped: a newline cannot fake a line", async () => {
    const odd = { ...factor('push', { status: 'PENDING_ACTIVATION' }), factorType: 'push\nAdmin roles: none' }
    stub('GET', `${FACTORS}/${odd.id}`, [200, odd])
    const r = await runCli(['factors', 'resend', ALICE_ID, odd.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(`Error: Only sms, call and email enrollments can be re-sent; ${odd.id} is push\\nAdmin roles: none.\n`)
  })

  it('refuses push (exit 2) without a resend request', async () => {
    const push = factor('push', { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const r = await runCli(['factors', 'resend', ALICE_ID, push.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(`Error: Only sms, call and email enrollments can be re-sent; ${push.id} is push.\n`)
    expect(unmatched).toEqual([])
  })

  it('refuses --template-id for email (exit 2) without a resend request', async () => {
    const email = factor('email', { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${email.id}`, [200, email])
    const r = await runCli(['factors', 'resend', ALICE_ID, email.id, '--template-id', 't1'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --template-id applies to sms factors only.\n')
    expect(unmatched).toEqual([])
  })

  it('never retries E0000109 (one SMS per 30 s): one POST, exit 6, and a hint', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const reply = rateLimited({ date: FIXED_NOW, resetInSeconds: 30, requestId: 'req109', code: 'E0000109' })
    const sent = stub('POST', RESEND, [429, { ...(reply[1] as object), errorSummary: 'An SMS message was recently sent. Please wait 30 seconds before trying again.' }, reply[2]])
    const r = await runCli(['factors', 'resend', ALICE_ID, sms.id], { env: ENV })
    expect(r.exitCode).toBe(6)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
    expect(r.stderr).toBe(
      'Error: Okta HTTP 429 E0000109: An SMS message was recently sent. Please wait 30 seconds before trying again.\n' +
        '  (errorId oaeRATELIMITED, X-Okta-Request-Id req109: quote these to Okta support)\n' +
        'Okta sends one code per phone every 30 seconds; wait, then try again. oktactl does not retry this, so the user is not sent a second code.\n',
    )
  })
})

describe('factors resend by type: the pending factor (resend applies to enrollments)', () => {
  it('one ACTIVE and one PENDING_ACTIVATION sms: `resend <user> sms` resends the pending one', async () => {
    const active = factor('sms', { status: 'ACTIVE' })
    const pending = factor('sms', { status: 'PENDING_ACTIVATION', profile: { phoneNumber: '+15551239999' } })
    stub('GET', FACTORS, [200, [active, pending]])
    const sent = stub('POST', `${FACTORS}/${pending.id}/resend`, [200, pending])
    const r = await runCli(['factors', 'resend', ALICE_ID, 'sms'], { env: ENV })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(sent.map((s) => [s.path, s.body])).toEqual([[`${FACTORS}/${pending.id}/resend`, { factorType: 'sms' }]])
    expect(unmatched).toEqual([])
  })

  it('two pending: a usage error listing them; nothing sent', async () => {
    const a = factor('email', { status: 'PENDING_ACTIVATION' })
    const b = factor('email', { status: 'PENDING_ACTIVATION' })
    stub('GET', FACTORS, [200, [factor('email'), a, b]])
    const r = await runCli(['factors', 'resend', ALICE_ID, 'email'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(`${ALICE_ID} has 2 PENDING_ACTIVATION email factors; name one by id:\n  ${a.id}`)
    expect(unmatched).toEqual([])
  })
})
