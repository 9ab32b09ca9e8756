import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, ORG, TOKEN, factor, oktaError } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const CREATED = '2026-11-29T11:59:30.000Z'

describe('factors activate: code factors', () => {
  const pending = factor('sms', { status: 'PENDING_ACTIVATION', created: CREATED })
  const active = { ...pending, status: 'ACTIVE' }
  const ACTIVATE = `${FACTORS}/${pending.id}/lifecycle/activate`

  it('POSTs {"passCode": "<code>"} (a string, leading zeros kept); piped output is the active factor', async () => {
    const got = stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const sent = stub('POST', ACTIVATE, [200, active])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--code', '012345'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(got).toHaveLength(1)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'POST', path: ACTIVATE, query: {}, body: { passCode: '012345' } })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(`${pending.id}\tsms\tOKTA\tACTIVE\t+15551230001\t${CREATED}\n`)
    expect(r.stderr).toBe('')
  })

  it('on a terminal: a table and a success line', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, active])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--code', '123456'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'ID                    TYPE  PROVIDER  STATUS  DETAIL        ENROLLED\n' +
        `${pending.id}  sms   OKTA      ACTIVE  +15551230001  just now\n`,
    )
    expect(r.stderr).toBe(`✓ Activated sms factor ${pending.id} of ${ALICE_ID}.\n`)
  })

  it('--json prints Okta\'s answer', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, active])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--code', '123456', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(active)
  })

  it('resolves the login and the factor type, then activates by ids', async () => {
    const lookup = stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    const list = stub('GET', FACTORS, [200, [factor('push'), pending]])
    const sent = stub('POST', ACTIVATE, [200, active])
    const r = await runCli(['factors', 'activate', ALICE, 'sms', '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect([lookup.length, list.length, sent.length]).toEqual([1, 1, 1])
  })

  it('reads --code - from stdin', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const sent = stub('POST', ACTIVATE, [200, active])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--code', '-'], { env: ENV, stdin: '654321\n' })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.body).toEqual({ passCode: '654321' })
  })

  it('asks for the code (masked) on a terminal', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const sent = stub('POST', ACTIVATE, [200, active])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id], { env: TTY_ENV, tty: true, answers: ['777888'] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'password', message: 'Code for the sms factor:' }])
    expect(sent[0]?.body).toEqual({ passCode: '777888' })
  })

  it('without --code off a terminal: exit 2, and no activate request', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --code is required when oktactl cannot ask (no terminal, or --no-input).\nPass --code <value>, or --code - to read it from stdin.\n')
    expect(unmatched).toEqual([])
  })

  it('--no-input on a terminal never prompts', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--no-input'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(2)
    expect(r.asked).toEqual([])
  })

  it('a wrong code (403 E0000068) exits 3 with the message and cause', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [403, oktaError('E0000068', 'Invalid Passcode/Answer', ["Your passcode doesn't match our records. Please try again."]), { 'X-Okta-Request-Id': 'reqBAD' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--code', '000000'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'Error: Okta HTTP 403 E0000068: Invalid Passcode/Answer\n' +
        "  - Your passcode doesn't match our records. Please try again.\n" +
        '  (errorId oaeTESTERRORID, X-Okta-Request-Id reqBAD: quote these to Okta support)\n',
    )
  })

  it('activates TOTP with the code from the app', async () => {
    const totp = factor('token:software:totp', { status: 'PENDING_ACTIVATION' })
    stub('GET', FACTORS, [200, [totp]])
    const sent = stub('POST', `${FACTORS}/${totp.id}/lifecycle/activate`, [200, { ...totp, status: 'ACTIVE' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, 'totp', '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.body).toEqual({ passCode: '123456' })
  })

  it('an already active factor: says so, sends no activate, exit 0', async () => {
    stub('GET', `${FACTORS}/${active.id}`, [200, active])
    const r = await runCli(['factors', 'activate', ALICE_ID, active.id, '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(`Factor ${active.id} (sms) of ${ALICE_ID} is already active.\n`)
    expect(r.stdout).toBe(`${active.id}\tsms\tOKTA\tACTIVE\t+15551230001\t${CREATED}\n`)
    expect(unmatched).toEqual([])
  })

  it.each<[string, string[], string]>([
    ['--wait for sms', ['--code', '1', '--wait'], 'Error: --wait applies to push factors only.\n'],
  ])('%s: exit 2, no activate request', async (_n, argv, stderr) => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, ...argv], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(stderr)
    expect(unmatched).toEqual([])
  })

  it.each(['u2f', 'webauthn'])('%s cannot be activated from the command line (exit 2)', async (type) => {
    const f = factor(type, { provider: 'FIDO', status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const r = await runCli(['factors', 'activate', ALICE_ID, f.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(`Error: A ${type} factor is activated in the user's browser, not from the command line.\n`)
  })
})

describe('factors activate by type: the pending factor is the one to activate', () => {
  const activeTotp = factor('token:software:totp', { status: 'ACTIVE' })
  const pendingTotp = factor('token:software:totp', { provider: 'GOOGLE', vendorName: 'GOOGLE', status: 'PENDING_ACTIVATION' })

  it('one ACTIVE and one PENDING_ACTIVATION TOTP: `activate <user> totp` activates the pending one', async () => {
    stub('GET', FACTORS, [200, [activeTotp, pendingTotp]])
    const sent = stub('POST', `${FACTORS}/${pendingTotp.id}/lifecycle/activate`, [200, { ...pendingTotp, status: 'ACTIVE' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, 'totp', '--code', '123456'], { env: ENV })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(sent.map((s) => [s.path, s.body])).toEqual([[`${FACTORS}/${pendingTotp.id}/lifecycle/activate`, { passCode: '123456' }]])
    expect(unmatched).toEqual([])
  })

  it('two pending (and one active): a usage error listing only the pending ones; nothing sent', async () => {
    const pending2 = factor('token:software:totp', { status: 'PENDING_ACTIVATION' })
    stub('GET', FACTORS, [200, [activeTotp, pendingTotp, pending2]])
    const r = await runCli(['factors', 'activate', ALICE_ID, 'totp', '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(2)
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toBe(`Error: ${ALICE_ID} has 2 PENDING_ACTIVATION token:software:totp factors; name one by id:`)
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 4))).toEqual([
      [pendingTotp.id, 'token:software:totp', 'GOOGLE', 'PENDING_ACTIVATION'],
      [pending2.id, 'token:software:totp', 'OKTA', 'PENDING_ACTIVATION'],
    ])
    expect(unmatched).toEqual([])
  })

  it('two active, none pending: the ambiguity error lists both, as before', async () => {
    const google = { ...pendingTotp, status: 'ACTIVE' }
    stub('GET', FACTORS, [200, [activeTotp, google]])
    const r = await runCli(['factors', 'activate', ALICE_ID, 'totp', '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(`has 2 token:software:totp factors; name one by id:\n  ${activeTotp.id}`)
    expect(unmatched).toEqual([])
  })

  it('a factor id is used as given, even when another is pending', async () => {
    stub('GET', `${FACTORS}/${activeTotp.id}`, [200, activeTotp])
    const r = await runCli(['factors', 'activate', ALICE_ID, activeTotp.id, '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(`Factor ${activeTotp.id} (token:software:totp) of ${ALICE_ID} is already active.\n`)
  })
})

describe('factors activate: push', () => {
  const pending = factor('push', { status: 'PENDING_ACTIVATION', created: CREATED, profile: {} })
  const ACTIVATE = `${FACTORS}/${pending.id}/lifecycle/activate`
  const POLL = `${ACTIVATE}/poll`
  const QR = `${ORG}${FACTORS}/${pending.id}/qr/00fukNElRS_Tz6k-CFhg3pH4KO2dj2guhmaapXWbc4`
  const started = {
    ...pending,
    _embedded: { activation: { expiresAt: '2026-11-29T12:05:00.000Z', factorResult: 'WAITING', _links: { qrcode: { href: QR, type: 'image/png' } } } },
    _links: { poll: { href: `${ORG}${POLL}`, hints: { allow: ['POST'] } } },
  }

  it('without --wait: a bodiless activate POST starts a new activation; the QR link goes to stderr', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const sent = stub('POST', ACTIVATE, [200, started])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]).toMatchObject({ path: ACTIVATE, query: {}, body: undefined })
    expect(r.stderr).toBe(`Ask the user to scan the activation QR code in Okta Verify: ${QR}\n`)
    expect(r.stdout).toBe(`${pending.id}\tpush\tOKTA\tPENDING_ACTIVATION\t\t${CREATED}\n`)
  })

  it('--wait follows _links.poll (POST) until ACTIVE', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, started])
    const polls = stub('POST', POLL, (_s, n) => (n === 1 ? [200, { factorResult: 'WAITING' }] : [200, { ...pending, status: 'ACTIVE', profile: { name: 'Pixel 9' } }]), 2)
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(polls.map((p) => [p.method, p.path, p.body])).toEqual([['POST', POLL, undefined], ['POST', POLL, undefined]])
    expect(r.sleeps).toEqual([2000])
    expect(JSON.parse(r.stdout)).toMatchObject({ id: pending.id, status: 'ACTIVE', profile: { name: 'Pixel 9' } })
  })

  it('--wait on a pending activation that has a poll link waits on it: no new activation, the enrolment QR stays valid', async () => {
    const withPoll = { ...pending, _links: { poll: { href: `${ORG}${POLL}`, hints: { allow: ['POST'] } } } }
    stub('GET', `${FACTORS}/${pending.id}`, [200, withPoll])
    const polls = stub('POST', POLL, [200, { ...pending, status: 'ACTIVE' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(polls.map((p) => p.path)).toEqual([POLL])
    expect(unmatched).toEqual([])
    expect(JSON.parse(r.stdout)).toMatchObject({ id: pending.id, status: 'ACTIVE' })
  })

  it('--restart starts a new activation even when one is pending', async () => {
    const withPoll = { ...pending, _links: { poll: { href: `${ORG}${POLL}`, hints: { allow: ['POST'] } } } }
    stub('GET', `${FACTORS}/${pending.id}`, [200, withPoll])
    const sent = stub('POST', ACTIVATE, [200, started])
    stub('POST', POLL, [200, { ...pending, status: 'ACTIVE' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait', '--restart'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(r.stderr).toContain(`Ask the user to scan the activation QR code in Okta Verify: ${QR}\n`)
  })

  it('--wait on a terminal: success line and table', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, started])
    stub('POST', POLL, [200, { ...pending, status: 'ACTIVE', profile: { name: 'Pixel 9' } }])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain(`✓ Push factor ${pending.id} is active.\n`)
    expect(r.stdout).toBe(
      'ID                    TYPE  PROVIDER  STATUS  DETAIL   ENROLLED\n' +
        `${pending.id}  push  OKTA      ACTIVE  Pixel 9  just now\n`,
    )
  })

  it('--wait-timeout runs out: exit 3', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, started])
    // Polls at 0, 2 and 4 s: a wait of 4 s ends at 4 s (it gave up at 2 s before the deadline was real).
    const polls = stub('POST', POLL, [200, { factorResult: 'WAITING' }], 3)
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait', '--wait-timeout', '4'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(polls).toHaveLength(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Error: Gave up waiting for the QR code to be scanned.\nRaise --wait-timeout')
  })

  it('Okta reports TIMEOUT: exit 3', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, started])
    stub('POST', POLL, [200, { factorResult: 'TIMEOUT' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('Error: Push activation timeout.\n')
  })

  it('--code does not apply to push (exit 2, no activate request)', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--code', '123456'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: Push factors are activated by scanning the QR code; --code does not apply.\n')
    expect(unmatched).toEqual([])
  })

  it('--wait-timeout must be a positive number (exit 2, nothing sent)', async () => {
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait', '--wait-timeout', 'soon'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --wait-timeout must be a positive number of seconds (got "soon").\n')
    expect(unmatched).toEqual([])
  })

  it('refuses to follow a poll link to another host', async () => {
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    stub('POST', ACTIVATE, [200, { ...started, _links: { poll: { href: `https://evil.example.com${POLL}` } } }])
    const r = await runCli(['factors', 'activate', ALICE_ID, pending.id, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Error: Refusing to follow a link to another host: https://evil.example.com\n')
    expect(unmatched).toEqual([])
  })
})
