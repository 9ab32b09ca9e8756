import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, ORG, TOKEN, factor, oktaError } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli, secretsOnStdin } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const UA = /^oktactl\/\d+\.\d+\.\d+ node\/v\d+/
const wrongCode = oktaError('E0000068', 'Invalid Passcode/Answer', ["Your passcode doesn't match our records. Please try again."])

describe('factors verify: codes and answers', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['token:software:totp', ['--code', '123456'], { passCode: '123456' }],
    ['token:hotp', ['--code', '654321'], { passCode: '654321' }],
    ['token', ['--code', '5275875498'], { passCode: '5275875498' }],
    ['token', ['--code', '875498', '--next-code', '678195'], { passCode: '875498', nextPassCode: '678195' }],
    ['token:hardware', ['--code', 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji'], { passCode: 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji' }],
    ['question', ['--answer', 'mayonnaise'], { answer: 'mayonnaise' }],
    ['sms', ['--code', '012345'], { passCode: '012345' }],
    ['call', ['--code', '123456'], { passCode: '123456' }],
    ['email', ['--code', '123456'], { passCode: '123456' }],
  ])('%s %j: one POST /verify with the body', async (type, argv, body) => {
    const f = factor(type)
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = stub('POST', `${FACTORS}/${f.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const viaStdin = secretsOnStdin(argv)
    const r = await runCli(['factors', 'verify', ALICE_ID, f.id, ...viaStdin.argv], { env: ENV, stdin: viaStdin.stdin })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'POST', path: `${FACTORS}/${f.id}/verify`, query: {}, body })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(sent[0]?.headers['user-agent']).toMatch(UA)
    expect(sent[0]?.headers['x-forwarded-for']).toBeUndefined()
    expect(r.stdout).toBe(`SUCCESS\t${f.id}\t\t\n`)
    expect(r.stderr).toBe('')
  })

  it('token: --code - --next-code - read the first and second lines of stdin', async () => {
    const f = factor('token')
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = stub('POST', `${FACTORS}/${f.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, f.id, '--code', '-', '--next-code', '-'], { env: ENV, stdin: '875498\n678195\n' })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(sent[0]?.body).toEqual({ passCode: '875498', nextPassCode: '678195' })
  })

  it('SUCCESS on a terminal: a result table', async () => {
    const totp = factor('token:software:totp')
    stub('GET', FACTORS, [200, [totp]])
    stub('POST', `${FACTORS}/${totp.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, 'totp', '--code', '123456'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('RESULT   FACTOR                TRANSACTION  ANSWER\n' + `SUCCESS  ${totp.id}\n`)
    expect(r.stderr).toBe('')
  })

  it('--json prints Okta\'s result object', async () => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    stub('POST', `${FACTORS}/${totp.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '123456', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ factorResult: 'SUCCESS' })
  })

  it('resolves the login once and the factor type, then verifies by ids', async () => {
    const q = factor('question')
    const lookup = stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    const list = stub('GET', FACTORS, [200, [factor('sms'), q]])
    const sent = stub('POST', `${FACTORS}/${q.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE, 'question', '--answer', '-'], { env: ENV, stdin: 'mayonnaise\n' })
    expect(r.exitCode).toBe(0)
    expect([lookup.length, list.length, sent.length]).toEqual([1, 1, 1])
  })

  it('a wrong code (403 E0000068) exits 3 with the message and cause', async () => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    stub('POST', `${FACTORS}/${totp.id}/verify`, [403, wrongCode, { 'X-Okta-Request-Id': 'reqWRONG' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '000000'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'Error: Okta HTTP 403 E0000068: Invalid Passcode/Answer\n' +
        "  - Your passcode doesn't match our records. Please try again.\n" +
        '  (errorId oaeTESTERRORID, X-Okta-Request-Id reqWRONG: quote these to Okta support)\n',
    )
  })

  it('a wrong code with --json: the error is a JSON object on stderr', async () => {
    const q = factor('question')
    stub('GET', `${FACTORS}/${q.id}`, [200, q])
    stub('POST', `${FACTORS}/${q.id}/verify`, [403, wrongCode, { 'X-Okta-Request-Id': 'reqWRONG' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, q.id, '--answer', '-', '--json'], { env: ENV, stdin: 'ketchup\n' })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toBe('')
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: 'Okta HTTP 403 E0000068: Invalid Passcode/Answer',
        exitCode: 3,
        status: 403,
        errorCode: 'E0000068',
        errorSummary: 'Invalid Passcode/Answer',
        errorCauses: ["Your passcode doesn't match our records. Please try again."],
        errorId: 'oaeTESTERRORID',
        requestId: 'reqWRONG',
      },
    })
  })

  it('reads --code - and --answer - from stdin', async () => {
    const totp = factor('token:software:totp')
    const q = factor('question')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    stub('GET', `${FACTORS}/${q.id}`, [200, q])
    const a = stub('POST', `${FACTORS}/${totp.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const b = stub('POST', `${FACTORS}/${q.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    expect((await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '-'], { env: ENV, stdin: '123456\n' })).exitCode).toBe(0)
    expect((await runCli(['factors', 'verify', ALICE_ID, q.id, '--answer', '-'], { env: ENV, stdin: 'mayonnaise on toast\n' })).exitCode).toBe(0)
    expect(a[0]?.body).toEqual({ passCode: '123456' })
    expect(b[0]?.body).toEqual({ answer: 'mayonnaise on toast' })
  })

  it('--code - at a terminal says it is reading stdin (rather than hang silently); piped, it says nothing', async () => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    stub('POST', `${FACTORS}/${totp.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '-'], { env: ENV, tty: true, stdin: '123456\n' })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe('Reading --code from stdin; type it, then Enter and Ctrl-D.\n')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    stub('POST', `${FACTORS}/${totp.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const piped = await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '-'], { env: ENV, stdin: '123456\n' })
    expect(piped.stderr).toBe('')
  })

  it('--code - with empty stdin is a usage error, and nothing is verified', async () => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '-'], { env: ENV, stdin: '' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --code - read nothing from stdin.\n')
    expect(unmatched).toEqual([])
  })

  it('question on a terminal asks for the answer, showing the question', async () => {
    const q = factor('question')
    stub('GET', `${FACTORS}/${q.id}`, [200, q])
    const sent = stub('POST', `${FACTORS}/${q.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, q.id], { env: TTY_ENV, tty: true, answers: ['mayonnaise'] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'password', message: 'Answer to "What is the food you least liked as a child?":' }])
    expect(sent[0]?.body).toEqual({ answer: 'mayonnaise' })
  })

  it('TOTP without --code off a terminal: exit 2, nothing verified', async () => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --code is required when oktactl cannot ask (no terminal, or --no-input).\nPass --code <value>, or --code - to read it from stdin.\n')
    expect(unmatched).toEqual([])
  })

  it('sends --template-id, --token-lifetime, --forwarded-for, --user-agent and --accept-language as Okta expects', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, [200, { factorResult: 'CHALLENGE', profile: { phoneNumber: '+15551230001' } }])
    const r = await runCli(
      ['factors', 'verify', ALICE_ID, sms.id, '--template-id', 'cstk2flOtuCMDJK4b0g3', '--token-lifetime', '120', '--forwarded-for', '203.0.113.7', '--user-agent', 'HelpdeskPortal/2.0', '--accept-language', 'fr'],
      { env: ENV },
    )
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.query).toEqual({ templateId: 'cstk2flOtuCMDJK4b0g3', tokenLifetimeSeconds: '120' })
    expect(sent[0]?.body).toBeUndefined()
    expect(sent[0]?.headers['x-forwarded-for']).toBe('203.0.113.7')
    expect(sent[0]?.headers['user-agent']).toBe('HelpdeskPortal/2.0')
    expect(sent[0]?.headers['accept-language']).toBe('fr')
  })

  it.each<[string, string[], string]>([
    ['--number-challenge for totp', ['--code', '1', '--number-challenge'], 'Error: --number-challenge and --wait apply to push factors only.\n'],
    ['--wait for totp', ['--code', '1', '--wait'], 'Error: --number-challenge and --wait apply to push factors only.\n'],
  ])('%s: exit 2, nothing verified', async (_n, argv, stderr) => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id, ...argv], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(stderr)
    expect(unmatched).toEqual([])
  })

  it('--token-lifetime out of range: exit 2 before any request', async () => {
    const r = await runCli(['factors', 'verify', ALICE_ID, 'sms', '--token-lifetime', '0'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --token-lifetime must be 1 to 86400 seconds (got "0").\n')
    expect(unmatched).toEqual([])
  })

  it.each(['u2f', 'webauthn', 'signed_nonce'])('%s cannot be verified from the command line (exit 2)', async (type) => {
    const f = factor(type)
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const r = await runCli(['factors', 'verify', ALICE_ID, f.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(`Error: A ${type} factor cannot be verified from the command line; it needs the user's browser or device.\n`)
    expect(unmatched).toEqual([])
  })
})

describe('factors verify: sms, call and email challenges', () => {
  it.each(['sms', 'call', 'email'])('%s without a code, off a terminal: a bodiless POST sends the challenge; exit 0', async (type) => {
    const f = factor(type)
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = stub('POST', `${FACTORS}/${f.id}/verify`, [200, { factorResult: 'CHALLENGE', profile: f.profile }])
    const r = await runCli(['factors', 'verify', ALICE_ID, f.id], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ query: {}, body: undefined })
    expect(r.stdout).toBe(`CHALLENGE\t${f.id}\t\t\n`)
    expect(r.stderr).toBe(`A code was sent by ${type} to ${ALICE_ID}. Verify it with: oktactl factors verify ${ALICE_ID} ${f.id} --code -\n`)
    expect(r.asked).toEqual([])
  })

  it('sms without a code, --json: the CHALLENGE object', async () => {
    const sms = factor('sms')
    const challenge = { factorResult: 'CHALLENGE', profile: { phoneNumber: '+15551230001' }, _links: { verify: { href: `${ORG}${FACTORS}/${sms.id}/verify`, hints: { allow: ['POST'] } } } }
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    stub('POST', `${FACTORS}/${sms.id}/verify`, [200, challenge])
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id, '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(challenge)
  })

  it('sms without a code, on a terminal: sends the challenge, asks for the code, verifies it', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, (s) => (s.body === undefined ? [200, { factorResult: 'CHALLENGE' }] : [200, { factorResult: 'SUCCESS' }]), 2)
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id], { env: TTY_ENV, tty: true, answers: [' 123456 '] })
    expect(r.exitCode).toBe(0)
    expect(sent.map((s) => s.body)).toEqual([undefined, { passCode: '123456' }])
    expect(r.asked).toEqual([{ kind: 'password', message: 'Code sent by sms to the user:' }])
    expect(r.stdout).toBe('RESULT   FACTOR                TRANSACTION  ANSWER\n' + `SUCCESS  ${sms.id}\n`)
    expect(r.stderr).toBe('')
  })

  it('--no-input at a terminal: sends the challenge and does not ask', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, [200, { factorResult: 'CHALLENGE' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id, '--no-input'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([])
    expect(sent.map((s) => s.body)).toEqual([undefined])
    // At a terminal the line breaks before the command, which stays whole for pasting.
    expect(r.stderr).toBe(`A code was sent by sms to ${ALICE_ID}. Verify it with:\n  oktactl factors verify ${ALICE_ID} ${sms.id} --code -\n`)
  })

  it('the verify-it-with step keeps the --profile given', async () => {
    const added = await runCli(['profile', 'add', 'prod', '--org', ORG, '--token-stdin'], { env: {}, stdin: `${TOKEN}\n` })
    expect(added.exitCode).toBe(0)
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    stub('POST', `${FACTORS}/${sms.id}/verify`, [200, { factorResult: 'CHALLENGE' }])
    const r = await runCli(['--profile', 'prod', 'factors', 'verify', ALICE_ID, sms.id], { env: {}, home: added.home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(`A code was sent by sms to ${ALICE_ID}. Verify it with: oktactl --profile prod factors verify ${ALICE_ID} ${sms.id} --code -\n`)
  })

  it('stdout piped but a person at the terminal: still asks (on stderr), prints TSV', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    stub('POST', `${FACTORS}/${sms.id}/verify`, (s) => [200, { factorResult: s.body ? 'SUCCESS' : 'CHALLENGE' }], 2)
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id], { env: TTY_ENV, tty: true, stdoutTTY: false, answers: ['123456'] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toHaveLength(1)
    expect(r.stdout).toBe(`SUCCESS\t${sms.id}\t\t\n`)
  })

  it('email on a terminal with a wrong code three times: exit 3', async () => {
    const email = factor('email')
    stub('GET', `${FACTORS}/${email.id}`, [200, email])
    stub('POST', `${FACTORS}/${email.id}/verify`, (s) => (s.body === undefined ? [200, { factorResult: 'CHALLENGE' }] : [403, wrongCode]), 4)
    const r = await runCli(['factors', 'verify', ALICE_ID, email.id], { env: TTY_ENV, tty: true, answers: ['999999', '999998', '999997'] })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('Error: Okta HTTP 403 E0000068: Invalid Passcode/Answer\n')
  })

  it('call --code - reads the code from stdin: one POST', async () => {
    const call = factor('call')
    stub('GET', `${FACTORS}/${call.id}`, [200, call])
    const sent = stub('POST', `${FACTORS}/${call.id}/verify`, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, call.id, '--code', '-'], { env: ENV, stdin: '246810\n' })
    expect(r.exitCode).toBe(0)
    expect(sent.map((s) => s.body)).toEqual([{ passCode: '246810' }])
  })
})

describe('factors verify: a wrong code at a terminal is asked again, within the same challenge', () => {
  const retryNote = (left: number) =>
    `! Wrong code: ${left} ${left === 1 ? 'try' : 'tries'} left. The code already sent still works: type it again (no new one is sent).\n`

  it.each(['sms', 'call', 'email'])('%s: wrong, wrong, right: one challenge, three codes, exit 0; the tries left on stderr', async (type) => {
    const f = factor(type)
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = stub('POST', `${FACTORS}/${f.id}/verify`, (s) =>
      s.body === undefined ? [200, { factorResult: 'CHALLENGE' }]
      : (s.body as { passCode: string }).passCode === '246810' ? [200, { factorResult: 'SUCCESS' }]
      : [403, wrongCode], 4)
    const r = await runCli(['factors', 'verify', ALICE_ID, f.id], { env: TTY_ENV, tty: true, answers: ['111111', ' 222222 ', '246810'] })
    expect(r.exitCode, r.stderr).toBe(0)
    // The challenge (a bodiless POST) is sent once: no second SMS, no 429.
    expect(sent.map((s) => s.body)).toEqual([undefined, { passCode: '111111' }, { passCode: '222222' }, { passCode: '246810' }])
    expect(r.asked).toEqual(Array.from({ length: 3 }, () => ({ kind: 'password', message: `Code sent by ${type} to the user:` })))
    expect(r.stderr).toBe(retryNote(2) + retryNote(1))
    expect(r.stdout).toBe('RESULT   FACTOR                TRANSACTION  ANSWER\n' + `SUCCESS  ${f.id}\n`)
  })

  it('three wrong codes: exit 3 with Okta\'s error, after three tries and one challenge', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, (s) => (s.body === undefined ? [200, { factorResult: 'CHALLENGE' }] : [403, wrongCode, { 'X-Okta-Request-Id': 'reqWRONG' }]), 4)
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id], { env: TTY_ENV, tty: true, answers: ['111111', '222222', '333333'] })
    expect(r.exitCode).toBe(3)
    expect(sent.filter((s) => s.body === undefined)).toHaveLength(1)
    expect(r.asked).toHaveLength(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      retryNote(2) + retryNote(1) +
        'Error: Okta HTTP 403 E0000068: Invalid Passcode/Answer\n' +
        "  - Your passcode doesn't match our records. Please try again.\n" +
        '  (errorId oaeTESTERRORID, X-Okta-Request-Id reqWRONG: quote these to Okta support)\n',
    )
  })

  it.each<[string, number, unknown, number]>([
    ['a locked user (403 E0000069)', 403, oktaError('E0000069', 'User Locked'), 3],
    ['an expired code (403 E0000083)', 403, oktaError('E0000083', 'Each code can only be used once.'), 3],
    ['a rate limit (429 E0000047)', 429, oktaError('E0000047', 'API call exceeded rate limit due to too many requests.'), 6],
  ])('%s is not a wrong code: no second try', async (_what, status, body, exit) => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, (s) => (s.body === undefined ? [200, { factorResult: 'CHALLENGE' }] : [status, body]), 2)
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id, '--max-retries', '0'], { env: TTY_ENV, tty: true, answers: ['111111'] })
    expect(r.exitCode).toBe(exit)
    expect(sent).toHaveLength(2)
    expect(r.asked).toHaveLength(1)
    expect(r.stderr).not.toContain('Wrong code')
  })

  it('--code at a terminal: one try, as before (a wrong code exits 3, nothing asked)', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, [403, wrongCode])
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id, '--code', '111111'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(3)
    expect(sent.map((s) => s.body)).toEqual([{ passCode: '111111' }])
    expect(r.asked).toEqual([])
    expect(r.stderr).not.toContain('Wrong code')
  })

  it('--code - (stdin) at a terminal: one try, as before', async () => {
    const call = factor('call')
    stub('GET', `${FACTORS}/${call.id}`, [200, call])
    const sent = stub('POST', `${FACTORS}/${call.id}/verify`, [403, wrongCode])
    const r = await runCli(['factors', 'verify', ALICE_ID, call.id, '--code', '-'], { env: TTY_ENV, tty: true, stdin: '111111\n' })
    expect(r.exitCode).toBe(3)
    expect(sent).toHaveLength(1)
    expect(r.asked).toEqual([])
  })
})

describe('factors verify: push', () => {
  const push = factor('push')
  const TX = 'v2mst.GldKV5VxTrifyeZmWSQguA'
  const TX_PATH = `${FACTORS}/${push.id}/transactions/${TX}`
  const waiting = (extra: Record<string, unknown> = {}) => ({
    expiresAt: '2026-11-29T12:05:00.000Z',
    factorResult: 'WAITING',
    _links: {
      poll: { href: `${ORG}${TX_PATH}`, hints: { allow: ['GET'] } },
      cancel: { href: `${ORG}${TX_PATH}`, hints: { allow: ['DELETE'] } },
    },
    ...extra,
  })

  it('without --wait: a bodiless POST (201 WAITING); shows the transaction id; exit 0', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const sent = stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()])
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]).toMatchObject({ query: {}, body: undefined })
    expect(sent[0]?.headers['user-agent']).toMatch(UA)
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toBe(`Push sent to ${ALICE_ID}. Check it with: oktactl factors poll ${ALICE_ID} ${push.id} ${TX} --wait\n`)
  })

  it('without --wait on a terminal and with --json', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push], 2)
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()], 2)
    const tty = await runCli(['factors', 'verify', ALICE_ID, push.id], { env: TTY_ENV, tty: true })
    expect(tty.exitCode).toBe(0)
    expect(tty.stdout).toBe(
      'RESULT   FACTOR                TRANSACTION                   ANSWER\n' + `WAITING  ${push.id}  ${TX}\n`,
    )
    const json = await runCli(['factors', 'verify', ALICE_ID, push.id, '--json'], { env: ENV })
    expect(json.exitCode).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual(waiting())
  })

  it('--number-challenge sends {"useNumberMatchingChallenge": true} and shows the number', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const sent = stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting({ _embedded: { challenge: { correctAnswer: 72 } } })])
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--number-challenge'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.body).toEqual({ useNumberMatchingChallenge: true })
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t72\n`)
    expect(r.stderr).toBe(
      'Number challenge: the user must pick 72 in Okta Verify.\n' +
        `Push sent to ${ALICE_ID}. Check it with: oktactl factors poll ${ALICE_ID} ${push.id} ${TX} --wait\n`,
    )
  })

  it('--wait polls the transaction (GET, every 2 s) until SUCCESS: exit 0', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()])
    const polls = stub('GET', TX_PATH, (_s, n) => (n < 3 ? [200, waiting()] : [200, { factorResult: 'SUCCESS' }]), 3)
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(polls.map((p) => `${p.method} ${p.path}`)).toEqual(Array(3).fill(`GET ${TX_PATH}`))
    expect(polls.every((p) => p.headers.authorization === `SSWS ${TOKEN}`)).toBe(true)
    expect(r.sleeps).toEqual([2000, 2000])
    expect(r.stdout).toBe(`SUCCESS\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toBe('')
  })

  it('--number-challenge --wait on a terminal: the number, a spinner, then the result table', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting({ _embedded: { challenge: { correctAnswer: 38 } } })])
    stub('GET', TX_PATH, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--number-challenge', '--wait'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stderr.startsWith('Number challenge: the user must pick 38 in Okta Verify.\n')).toBe(true)
    expect(r.stderr).toContain(`Waiting for ${ALICE_ID} to answer the push (number 38)…`)
    expect(r.stdout).toBe(
      'RESULT   FACTOR                TRANSACTION                   ANSWER\n' + `SUCCESS  ${push.id}  ${TX}  38\n`,
    )
  })

  it.each(['REJECTED', 'TIMEOUT'])('--wait: %s exits 3', async (final) => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()])
    const result = { factorResult: final, _links: { verify: { href: `${ORG}${FACTORS}/${push.id}/verify` } } }
    stub('GET', TX_PATH, [200, result])
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toBe(`${final}\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toBe(`Error: Verification ${final.toLowerCase()}.\n`)
  })

  it('--wait --json: REJECTED prints the result on stdout and the error as JSON on stderr', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()])
    stub('GET', TX_PATH, [200, { factorResult: 'REJECTED' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait', '--json'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(JSON.parse(r.stdout)).toEqual({ factorResult: 'REJECTED' })
    expect(JSON.parse(r.stderr)).toEqual({ error: { message: 'Verification rejected.', exitCode: 3 } })
  })

  it('--wait-timeout runs out while still WAITING: exit 3', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()])
    const polls = stub('GET', TX_PATH, [200, waiting()], 3)
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait', '--wait-timeout', '5'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(polls).toHaveLength(3)
    expect(r.sleeps).toEqual([2000, 2000])
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t\n`)
    // The command to pick the push up again comes first: the wait is over, the push may not be.
    expect(r.stderr).toBe(
      `The push to ${ALICE_ID} may still be answered. Check it with: oktactl factors poll ${ALICE_ID} ${push.id} ${TX} --wait\n` +
        'Error: Gave up waiting: the result is still WAITING.\nRaise --wait-timeout, or poll again later.\n',
    )
  })

  it.each<[string, string[]]>([
    ['--code', ['--code', '123456']],
    ['--answer', ['--answer', '-']],
  ])('push with %s: exit 2, no verify request', async (_n, argv) => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, ...argv], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: Push factors take no --code or --answer.\n')
    expect(unmatched).toEqual([])
  })
})

describe('long-lived secrets are not taken from argv', () => {
  it.each<[string, string[]]>([
    ['verify --answer', ['factors', 'verify', ALICE_ID, 'question', '--answer', 'mayonnaise']],
    ['enroll --answer', ['factors', 'enroll', ALICE_ID, '--type', 'question', '--question', 'disliked_food', '--answer', 'mayonnaise']],
    ['enroll --shared-secret', ['factors', 'enroll', ALICE_ID, '--type', 'token:hotp', '--factor-profile-id', 'fpr1', '--shared-secret', '484f97be3213b117e3a20438e291540a']],
  ])('%s with a literal value: usage error (exit 2), the value is not echoed, nothing is sent', async (_n, argv) => {
    const r = await runCli(argv, { env: ENV })
    const flag = argv.find((a) => a === '--answer' || a === '--shared-secret')!
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      `Error: ${flag} takes no value on the command line, where process lists and shell history would keep it.\n` +
        `Use ${flag} - and pipe it in (e.g. printf '%s\\n' "$SECRET" | oktactl … ${flag} -), or leave ${flag} out at a terminal to be asked with the input hidden.\n`,
    )
    expect(r.stderr).not.toContain(argv.at(-1))
    expect(unmatched).toEqual([])
  })
})
