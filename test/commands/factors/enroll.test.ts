import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, ORG, TOKEN, factor, oktaError } from '../../helpers/okta.js'
import { stub, unmatched, type Sent } from '../../helpers/requests.js'
import { runCli, secretsOnStdin } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const LOOKUP = '/api/v1/users/alice%40example.com'
const aliceUser = { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }
const CREATED = '2026-11-29T11:59:30.000Z'

function enrolled(type: string, provider: string, status: string, extra: Record<string, unknown> = {}) {
  return factor(type, { provider, vendorName: provider, status, created: CREATED, lastUpdated: CREATED, ...extra })
}

const SECRET = 'JBTWGV22G4ZGKV3N'
/** Where a TOTP enrollment off a terminal saves its otpauth:// URI (without one it is refused). */
const secretOut = () => join(mkdtempSync(join(tmpdir(), 'oktactl-enroll-')), 'totp.uri')
function totpPending(provider = 'OKTA') {
  const f = enrolled('token:software:totp', provider, 'PENDING_ACTIVATION')
  f._embedded = {
    activation: {
      timeStep: 30,
      sharedSecret: SECRET,
      encoding: 'base32',
      keyLength: 6,
      _links: { qrcode: { href: `${ORG}/api/v1/users/${ALICE_ID}/factors/${f.id}/qr/20fiXpt1vIY1ZGkxwjcB`, type: 'image/png' } },
    },
  }
  return f
}

function pushPending() {
  const f = enrolled('push', 'OKTA', 'PENDING_ACTIVATION', { profile: {} })
  f._embedded = {
    activation: {
      expiresAt: '2026-11-29T12:05:00.000Z',
      factorResult: 'WAITING',
      _links: {
        qrcode: { href: `${ORG}/api/v1/users/${ALICE_ID}/factors/${f.id}/qr/00Ji8qVBNJD4LmjYy1WZO2`, type: 'image/png' },
        send: [{ name: 'email', href: `${ORG}/api/v1/users/${ALICE_ID}/factors/${f.id}/lifecycle/activate/email` }],
      },
    },
  }
  f._links = {
    poll: { href: `${ORG}/api/v1/users/${ALICE_ID}/factors/${f.id}/lifecycle/activate/poll`, hints: { allow: ['POST'] } },
  }
  return f
}

/** One enroll POST: what was sent. */
async function enroll(argv: string[], response: unknown, opts: { stdin?: string } = {}): Promise<{ sent: Sent; r: Awaited<ReturnType<typeof runCli>> }> {
  const calls = stub('POST', FACTORS, [200, response])
  const viaStdin = secretsOnStdin(argv)
  const r = await runCli(['factors', 'enroll', ALICE_ID, ...viaStdin.argv], { env: ENV, stdin: opts.stdin ?? viaStdin.stdin })
  expect(calls, r.stderr).toHaveLength(1)
  return { sent: calls[0] as Sent, r }
}

describe('factors enroll: the request for every type and flag', () => {
  // Bodies as in okta-api.md §2 (the spec's examples, with an E.164 phone).
  it.each<[string, string[], Record<string, unknown>, Record<string, string>]>([
    ['sms', ['--type', 'sms', '--phone', '+15554151337'], { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15554151337' } }, {}],
    ['sms, phone written with spaces and dashes', ['--type', 'sms', '--phone', '+1 (555) 415-1337'], { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15554151337' } }, {}],
    ['sms with every query flag', ['--type', 'sms', '--phone', '+15554151337', '--activate', '--update-phone', '--template-id', 'cstk2flOtuCMDJK4b0g3', '--token-lifetime', '600'],
      { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15554151337' } },
      { activate: 'true', updatePhone: 'true', templateId: 'cstk2flOtuCMDJK4b0g3', tokenLifetimeSeconds: '600' }],
    ['call', ['--type', 'call', '--phone', '+15554151337'], { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15554151337' } }, {}],
    ['call with extension', ['--type', 'call', '--phone', '+15554151337', '--extension', '1234', '--update-phone'],
      { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15554151337', phoneExtension: '1234' } }, { updatePhone: 'true' }],
    ['email', ['--type', 'email', '--email', 'test@gmail.com'], { factorType: 'email', provider: 'OKTA', profile: { email: 'test@gmail.com' } }, {}],
    ['email, auto-activated, code lifetime', ['--type', 'email', '--email', 'test@gmail.com', '--activate', '--token-lifetime', '86400'],
      { factorType: 'email', provider: 'OKTA', profile: { email: 'test@gmail.com' } }, { activate: 'true', tokenLifetimeSeconds: '86400' }],
    ['push', ['--type', 'push'], { factorType: 'push', provider: 'OKTA' }, {}],
    ['push, explicit provider in lower case', ['--type', 'push', '--provider', 'okta'], { factorType: 'push', provider: 'OKTA' }, {}],
    ['question', ['--type', 'question', '--question', 'disliked_food', '--answer', 'mayonnaise'],
      { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } }, {}],
    ['totp (Okta Verify by default)', ['--type', 'token:software:totp', '--secret-file', secretOut()], { factorType: 'token:software:totp', provider: 'OKTA' }, {}],
    ['totp alias, Google', ['--type', 'totp', '--provider', 'GOOGLE', '--qr-file', secretOut()], { factorType: 'token:software:totp', provider: 'GOOGLE' }, {}],
    ['RSA token', ['--type', 'token', '--provider', 'RSA', '--credential-id', 'dade.murphy@example.com', '--passcode', '5275875498'],
      { factorType: 'token', provider: 'RSA', profile: { credentialId: 'dade.murphy@example.com' }, verify: { passCode: '5275875498' } }, {}],
    ['Symantec token', ['--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'VSMT14393584', '--passcode', '875498', '--next-passcode', '678195'],
      { factorType: 'token', provider: 'SYMANTEC', profile: { credentialId: 'VSMT14393584' }, verify: { passCode: '875498', nextPassCode: '678195' } }, {}],
    ['YubiKey', ['--type', 'token:hardware', '--passcode', 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji'],
      { factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji' } }, {}],
    ['custom TOTP (only auto-activation)', ['--type', 'token:hotp', '--factor-profile-id', 'fpr20l2mDyaUGWGCa0g4', '--shared-secret', '484f97be3213b117e3a20438e291540a'],
      { factorType: 'token:hotp', provider: 'CUSTOM', factorProfileId: 'fpr20l2mDyaUGWGCa0g4', profile: { sharedSecret: '484f97be3213b117e3a20438e291540a' } }, { activate: 'true' }],
    ['u2f', ['--type', 'u2f'], { factorType: 'u2f', provider: 'FIDO' }, {}],
    ['webauthn', ['--type', 'webauthn'], { factorType: 'webauthn', provider: 'FIDO' }, {}],
  ])('%s', async (_name, argv, body, query) => {
    const { sent, r } = await enroll(argv, enrolled(String(body.factorType), String(body.provider), 'ACTIVE'))
    expect(r.exitCode, r.stderr).toBe(0)
    expect(sent.method).toBe('POST')
    expect(sent.path).toBe(FACTORS)
    expect(sent.body).toEqual(body)
    expect(sent.query).toEqual(query)
    expect(sent.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(sent.headers['content-type']).toBe('application/json')
    expect(sent.headers['accept-language']).toBeUndefined()
  })

  it('sms --accept-language sends the Accept-Language header', async () => {
    const { sent, r } = await enroll(['--type', 'sms', '--phone', '+15554151337', '--accept-language', 'de'], enrolled('sms', 'OKTA', 'PENDING_ACTIVATION'))
    expect(r.exitCode).toBe(0)
    expect(sent.headers['accept-language']).toBe('de')
    expect(sent.query).toEqual({})
  })

  it('reads --answer - , --passcode - and --shared-secret - from stdin', async () => {
    const q = await enroll(['--type', 'question', '--question', 'disliked_food', '--answer', '-'], enrolled('question', 'OKTA', 'ACTIVE'), { stdin: 'mayonnaise\n' })
    expect(q.sent.body).toEqual({ factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } })
    const y = await enroll(['--type', 'token:hardware', '--passcode', '-'], enrolled('token:hardware', 'YUBICO', 'ACTIVE'), { stdin: 'cccccc123\n' })
    expect(y.sent.body).toEqual({ factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: 'cccccc123' } })
    const h = await enroll(['--type', 'hotp', '--factor-profile-id', 'fpr1', '--shared-secret', '-'], enrolled('token:hotp', 'CUSTOM', 'ACTIVE'), { stdin: 'abcdef0123\n' })
    expect(h.sent.body).toEqual({ factorType: 'token:hotp', provider: 'CUSTOM', factorProfileId: 'fpr1', profile: { sharedSecret: 'abcdef0123' } })
  })

  it('resolves a login once and enrolls by id', async () => {
    const lookup = stub('GET', LOOKUP, [200, aliceUser])
    const sent = stub('POST', FACTORS, [200, enrolled('push', 'OKTA', 'ACTIVE')])
    const r = await runCli(['factors', 'enroll', ALICE, '--type', 'push'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(lookup).toHaveLength(1)
    expect(sent[0]?.path).toBe(FACTORS)
  })
})

describe('factors enroll: usage errors send nothing (exit 2)', () => {
  it.each<[string, string[], string]>([
    ['no --type', [], "Error: required option '--type <factorType>' not specified\n"],
    ['an unknown type', ['--type', 'carrier-pigeon'], 'Error: Cannot enroll factor type "carrier-pigeon" through the API.\nTypes: question, sms, call, email, push, token:software:totp, token, token:hardware, token:hotp, u2f, webauthn\n'],
    ['signed_nonce (FastPass)', ['--type', 'signed_nonce'], 'Error: Cannot enroll factor type "signed_nonce" through the API.\nTypes: question, sms, call, email, push, token:software:totp, token, token:hardware, token:hotp, u2f, webauthn\n'],
    ['a provider that does not offer the type', ['--type', 'sms', '--provider', 'GOOGLE', '--phone', '+15554151337'], 'Error: Provider GOOGLE does not offer sms; use OKTA.\n'],
    ['token without a provider', ['--type', 'token', '--credential-id', 'x', '--passcode', '1'], 'Error: --provider RSA or --provider SYMANTEC is required for --type token.\n'],
    ['sms without --phone', ['--type', 'sms'], 'Error: --phone is required for --type sms (E.164, e.g. +15551234567).\n'],
    ['a phone that is not E.164', ['--type', 'sms', '--phone', '555-1234'], 'Error: --phone "555-1234" is not an E.164 number such as +15551234567.\n'],
    ['an extension that is not digits', ['--type', 'call', '--phone', '+15554151337', '--extension', 'ext9'], 'Error: --extension must be up to 15 digits.\n'],
    ['--phone for email', ['--type', 'email', '--email', 'a@b.c', '--phone', '+15554151337'], 'Error: --phone does not apply to --type email.\n'],
    ['email without --email', ['--type', 'email'], 'Error: --email is required for --type email.\n'],
    ['a bad email', ['--type', 'email', '--email', 'alice'], 'Error: --email "alice" is not an email address.\n'],
    ['question without --question', ['--type', 'question', '--answer', 'mayonnaise'], 'Error: --question <key> is required for --type question.\nList the keys with `oktactl factors questions <user>`.\n'],
    ['an answer shorter than 4', ['--type', 'question', '--question', 'disliked_food', '--answer', 'abc'], 'Error: The answer must be at least 4 characters.\n'],
    ['question without --answer off a terminal', ['--type', 'question', '--question', 'disliked_food'], 'Error: --answer is required when oktactl cannot ask (no terminal, or --no-input).\nPass --answer - and the value on stdin.\n'],
    ['token without --credential-id', ['--type', 'token', '--provider', 'RSA', '--passcode', '1'], 'Error: --credential-id is required for --type token.\n'],
    ['hotp without --factor-profile-id', ['--type', 'token:hotp', '--shared-secret', 'abc'], 'Error: --factor-profile-id is required for --type token:hotp (custom TOTP).\n'],
    ['--activate for push', ['--type', 'push', '--activate'], 'Error: --activate works for sms, call, email, token:hotp only; activate push with `oktactl factors activate`.\n'],
    ['--wait for sms', ['--type', 'sms', '--phone', '+15554151337', '--wait'], 'Error: --wait does not apply to --type sms.\n'],
    ['--qr-file for push', ['--type', 'push', '--qr-file', 'x.png'], 'Error: --qr-file does not apply to --type push.\n'],
    ['--secret-file for sms', ['--type', 'sms', '--phone', '+15554151337', '--secret-file', 'x.txt'], 'Error: --secret-file applies to --type token:software:totp only.\n'],
    ['--template-id for email', ['--type', 'email', '--email', 'a@b.c', '--template-id', 't'], 'Error: --template-id does not apply to --type email.\n'],
    ['--token-lifetime out of range', ['--type', 'email', '--email', 'a@b.c', '--token-lifetime', '86401'], 'Error: --token-lifetime must be 1 to 86400 seconds (got "86401").\n'],
    ['--token-lifetime 0', ['--type', 'sms', '--phone', '+15554151337', '--token-lifetime', '0'], 'Error: --token-lifetime must be 1 to 86400 seconds (got "0").\n'],
  ])('%s', async (_name, argv, stderr) => {
    const viaStdin = secretsOnStdin(argv)
    const r = await runCli(['factors', 'enroll', ALICE_ID, ...viaStdin.argv], { env: ENV, stdin: viaStdin.stdin })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(stderr)
    expect(unmatched).toEqual([])
  })
})

describe('factors enroll: output', () => {
  it('sms: one TSV row piped, and the next step on stderr', async () => {
    const f = enrolled('sms', 'OKTA', 'PENDING_ACTIVATION', { profile: { phoneNumber: '+15554151337' } })
    const { r } = await enroll(['--type', 'sms', '--phone', '+15554151337'], f)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(`${f.id}\tsms\tOKTA\tPENDING_ACTIVATION\t+15554151337\t${CREATED}\n`)
    expect(r.stderr).toBe(`A code was sent by sms. Next: oktactl factors activate ${ALICE_ID} ${f.id} --code <code>\n`)
  })

  it('sms: a table on a terminal', async () => {
    const f = enrolled('sms', 'OKTA', 'PENDING_ACTIVATION', { profile: { phoneNumber: '+15554151337' } })
    stub('POST', FACTORS, [200, f])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'sms', '--phone', '+15554151337'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'ID                    TYPE  PROVIDER  STATUS              DETAIL        ENROLLED\n' +
        `${f.id}  sms   OKTA      PENDING_ACTIVATION  +15554151337  just now\n`,
    )
    expect(r.stderr).toBe(`A code was sent by sms. Next: oktactl factors activate ${ALICE_ID} ${f.id} --code <code>\n`)
  })

  it('the next step keeps the --profile given, so it runs against the same org', async () => {
    const added = await runCli(['profile', 'add', 'prod', '--org', ORG, '--token-stdin'], { env: {}, stdin: `${TOKEN}\n` })
    expect(added.exitCode).toBe(0)
    const f = enrolled('sms', 'OKTA', 'PENDING_ACTIVATION', { profile: { phoneNumber: '+15554151337' } })
    stub('POST', FACTORS, [200, f])
    const r = await runCli(['-p', 'prod', 'factors', 'enroll', ALICE_ID, '--type', 'sms', '--phone', '+15554151337'], { env: {}, home: added.home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(`A code was sent by sms. Next: oktactl --profile prod factors activate ${ALICE_ID} ${f.id} --code <code>\n`)
  })

  it('sms --json: the factor as Okta returned it', async () => {
    const f = enrolled('sms', 'OKTA', 'PENDING_ACTIVATION', { profile: { phoneNumber: '+15554151337' } })
    const { r } = await enroll(['--type', 'sms', '--phone', '+15554151337', '--json'], f)
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(f)
  })

  it('question: the answer never appears in the output; success is reported on a terminal', async () => {
    const f = enrolled('question', 'OKTA', 'ACTIVE')
    stub('POST', FACTORS, [200, f])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'question', '--question', 'disliked_food'], { env: TTY_ENV, tty: true, answers: ['mayonnaise'] })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(`✓ Enrolled question (${f.id}); status ACTIVE.\n`)
    expect(r.stdout).toContain('What is the food you least liked as a child?')
    expect(r.stdout + r.stderr).not.toContain('mayonnaise')
  })

  it('question on a terminal asks for the answer (masked) when --answer is missing', async () => {
    const sent = stub('POST', FACTORS, [200, enrolled('question', 'OKTA', 'ACTIVE')])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'question', '--question', 'disliked_food'], { env: TTY_ENV, tty: true, answers: ['  mayonnaise '] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'password', message: 'Answer to the security question:' }])
    expect(sent[0]?.body).toEqual({ factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } })
  })

  it('Symantec token on a terminal asks for both codes', async () => {
    const sent = stub('POST', FACTORS, [200, enrolled('token', 'SYMANTEC', 'ACTIVE')])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'VSMT1'], { env: TTY_ENV, tty: true, answers: ['875498', '678195'] })
    expect(r.exitCode).toBe(0)
    expect(r.asked.map((a) => a.message)).toEqual(['Code shown on the token:', 'Next code shown on the token:'])
    expect(sent[0]?.body).toEqual({ factorType: 'token', provider: 'SYMANTEC', profile: { credentialId: 'VSMT1' }, verify: { passCode: '875498', nextPassCode: '678195' } })
  })

  it('Symantec token with both codes from stdin (--passcode - --next-passcode -): one line each', async () => {
    const sent = stub('POST', FACTORS, [200, enrolled('token', 'SYMANTEC', 'ACTIVE')])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'VSMT1', '--passcode', '-', '--next-passcode', '-'], { env: ENV, stdin: '875498\n678195\n' })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(sent[0]?.body).toEqual({ factorType: 'token', provider: 'SYMANTEC', profile: { credentialId: 'VSMT1' }, verify: { passCode: '875498', nextPassCode: '678195' } })
  })

  it.each(['u2f', 'webauthn'])('%s: pending, activated in the browser; says so', async (type) => {
    const f = enrolled(type, 'FIDO', 'PENDING_ACTIVATION', { profile: {} })
    const { r } = await enroll(['--type', type], f)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(`${f.id}\t${type}\tFIDO\tPENDING_ACTIVATION\t\t${CREATED}\n`)
    expect(r.stderr).toBe(`The ${type} factor must be activated from the user's browser or device.\n`)
  })

  it('email --activate: active at once, no code sent; success on a terminal', async () => {
    const f = enrolled('email', 'OKTA', 'ACTIVE', { profile: { email: 'alice@example.com' } })
    const sent = stub('POST', FACTORS, [200, f])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'email', '--email', 'alice@example.com', '--activate'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(sent[0]?.query).toEqual({ activate: 'true' })
    expect(r.stderr).toBe(`✓ Enrolled email (${f.id}); status ACTIVE.\n`)
  })

  it('maps "already set up" (400 E0000001) to exit 1 with the cause', async () => {
    stub('POST', FACTORS, [400, oktaError('E0000001', 'Api validation failed: factorEnrollRequest', ['A factor of this type is already set up.']), { 'X-Okta-Request-Id': 'reqABC' }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'Error: Okta HTTP 400 E0000001: Api validation failed: factorEnrollRequest\n' +
        '  - A factor of this type is already set up.\n' +
        '  (errorId oaeTESTERRORID, X-Okta-Request-Id reqABC: quote these to Okta support)\n',
    )
  })
})

describe('factors enroll: TOTP', () => {
  const account = `${encodeURIComponent('acme.okta.com')}:${encodeURIComponent(ALICE)}`
  const uri = `otpauth://totp/${account}?secret=${SECRET}&issuer=acme.okta.com&algorithm=SHA1&digits=6&period=30`

  it('on a terminal: the table, a QR code of the otpauth:// URI, the secret and the next step', async () => {
    stub('GET', LOOKUP, [200, aliceUser])
    const f = totpPending()
    stub('POST', FACTORS, [200, f])
    const r = await runCli(['factors', 'enroll', ALICE, '--type', 'totp'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    // NO_COLOR: the QR code is drawn with plain characters, no escape sequences.
    const qr = await QRCode.toString(uri, { type: 'utf8' })
    expect(r.stdout).not.toContain('\u001b[')
    expect(r.stdout).toBe(
      'ID                    TYPE                 PROVIDER  STATUS              DETAIL             ENROLLED\n' +
        `${f.id}  token:software:totp  OKTA      PENDING_ACTIVATION  alice@example.com  just now\n` +
        '\nScan this with the authenticator app (Okta Verify or any TOTP app):\n' +
        (qr.endsWith('\n') ? qr : `${qr}\n`) +
        `Secret (if the code cannot be scanned): ${SECRET}\n`,
    )
    expect(r.stderr).toBe(`Next: oktactl factors activate ${ALICE} ${f.id} --code <code from the app>\n`)
  })

  it('with colour, draws the QR code black on white for the terminal', async () => {
    stub('GET', LOOKUP, [200, aliceUser])
    stub('POST', FACTORS, [200, totpPending()])
    const r = await runCli(['factors', 'enroll', ALICE, '--type', 'totp'], { env: ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain(await QRCode.toString(uri, { type: 'terminal', small: true }))
  })

  it('names Google Authenticator for --provider GOOGLE', async () => {
    stub('POST', FACTORS, [200, totpPending('GOOGLE')])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'totp', '--provider', 'google'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('\nScan this with the authenticator app (Google Authenticator):\n')
  })

  it('--json redacts sharedSecret and prints nothing else on stdout', async () => {
    const f = totpPending()
    stub('POST', FACTORS, [200, f])
    const file = secretOut()
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'totp', '--json', '--secret-file', file], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    const printed = JSON.parse(r.stdout)
    expect(printed._embedded.activation.sharedSecret).toBe('[REDACTED]')
    // The QR code image encodes the secret too: its link is redacted as well.
    const activation = f._embedded?.activation
    expect(printed).toEqual({
      ...f,
      _embedded: { activation: { ...activation, sharedSecret: '[REDACTED]', _links: { qrcode: { ...activation?._links?.qrcode, href: '[REDACTED]' } } } },
    })
    expect(r.stdout + r.stderr).not.toContain(SECRET)
    expect(r.stdout + r.stderr).not.toContain(String(activation?._links?.qrcode?.href))
    expect(readFileSync(file, 'utf8')).toContain(`?secret=${SECRET}&`)
  })

  // Okta shows the secret once, in the enroll answer: off a terminal, or with --json (which never
  // prints it), it would be lost, leaving a pending factor nobody can activate.
  it.each<[string, string[], { tty?: boolean; stdoutTTY?: boolean }, string]>([
    ['piped', [], {}, 'it is shown only on a terminal, and stdout is not one'],
    ['a person at the terminal, stdout piped', [], { tty: true, stdoutTTY: false }, 'it is shown only on a terminal, and stdout is not one'],
    ['--json, piped', ['--json'], {}, 'it is shown only on a terminal, never in --json'],
    ['--json at a terminal', ['--json'], { tty: true }, 'it is shown only on a terminal, never in --json'],
    ['Google, piped', ['--provider', 'GOOGLE'], {}, 'it is shown only on a terminal, and stdout is not one'],
    ['token:software:totp by its name, piped', [], {}, 'it is shown only on a terminal, and stdout is not one'],
  ])('without --secret-file or --qr-file, %s: exit 2, nothing sent (no user lookup either)', async (name, extra, io, why) => {
    const type = name.startsWith('token:software:totp') ? 'token:software:totp' : 'totp'
    const r = await runCli(['factors', 'enroll', ALICE, '--type', type, ...extra], { env: TTY_ENV, ...io })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    const message = `The TOTP secret would be lost: ${why}. Nothing was sent.`
    const hint = 'Save it with --secret-file <file> (the otpauth:// URI) or --qr-file <png> (both written with mode 0600).'
    if (extra.includes('--json')) expect(JSON.parse(r.stderr)).toEqual({ error: { message, exitCode: 2, hint } })
    else expect(r.stderr).toBe(`Error: ${message}\n${hint}\n`)
    expect(unmatched).toEqual([])
  })

  it.each<[string, (dir: string) => string[]]>([
    ['--qr-file under a file', (dir) => ['--qr-file', join(dir, 'afile', 'qr.png')]],
    ['--secret-file that is a directory', (dir) => ['--secret-file', dir]],
  ])('%s: refused before anything is sent, so no pending factor is left with its secret lost', async (_name, flags) => {
    const dir = mkdtempSync(join(tmpdir(), 'oktactl-enroll-'))
    writeFileSync(join(dir, 'afile'), '')
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'totp', ...flags(dir)], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(/^Error: Cannot write .*: (it is a directory|\S+afile is not a directory)\. Nothing was sent\.\n/)
    expect(unmatched).toEqual([])
  })

  it('piped with --secret-file: no secret on stdout or stderr, the URI in the file, the next step', async () => {
    const f = totpPending()
    stub('POST', FACTORS, [200, f])
    const file = secretOut()
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'totp', '--secret-file', file], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(`${f.id}\ttoken:software:totp\tOKTA\tPENDING_ACTIVATION\talice@example.com\t${CREATED}\n`)
    expect(r.stderr).toBe(`Next: oktactl factors activate ${ALICE_ID} ${f.id} --code <code from the app>\n`)
    expect(readFileSync(file, 'utf8')).toBe(`otpauth://totp/${encodeURIComponent('acme.okta.com')}:${ALICE_ID}?secret=${SECRET}&issuer=acme.okta.com&algorithm=SHA1&digits=6&period=30\n`)
  })

  it('--json piped with --qr-file: enrolls; the secret only in the PNG', async () => {
    const f = totpPending()
    stub('POST', FACTORS, [200, f])
    const png = join(mkdtempSync(join(tmpdir(), 'oktactl-enroll-')), 'qr.png')
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'totp', '--json', '--qr-file', png], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)._embedded.activation.sharedSecret).toBe('[REDACTED]')
    expect(statSync(png).mode & 0o777).toBe(0o600)
    expect(r.stdout + r.stderr).not.toContain(SECRET)
  })

  it('--qr-file writes the QR code as a PNG and --secret-file the otpauth:// URI, both mode 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oktactl-totp-'))
    const png = join(dir, 'sub', 'alice.png')
    const txt = join(dir, 'alice.uri')
    stub('GET', LOOKUP, [200, aliceUser])
    stub('POST', FACTORS, [200, totpPending()])
    const r = await runCli(['factors', 'enroll', ALICE, '--type', 'totp', '--qr-file', png, '--secret-file', txt], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(statSync(png).mode & 0o777).toBe(0o600)
    expect(statSync(txt).mode & 0o777).toBe(0o600)
    expect(readFileSync(txt, 'utf8')).toBe(`${uri}\n`)
    const expected = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 300 })
    expect(readFileSync(png).equals(expected)).toBe(true)
    expect(r.stdout).not.toContain(SECRET)
    expect(r.stderr).toContain(`QR code written to ${png} (mode 0600: it contains the secret).\n`)
    expect(r.stderr).not.toContain('The TOTP secret is shown only on a terminal')
  })
})

describe('factors enroll: push', () => {
  it('without --wait: the QR link and the next step on stderr', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(`${f.id}\tpush\tOKTA\tPENDING_ACTIVATION\t\t${CREATED}\n`)
    expect(r.stderr).toBe(
      `Ask the user to scan the activation QR code in Okta Verify: ${ORG}/api/v1/users/${ALICE_ID}/factors/${f.id}/qr/00Ji8qVBNJD4LmjYy1WZO2\n` +
        `Next: oktactl factors activate ${ALICE_ID} ${f.id} --wait\n`,
    )
  })

  it('--wait POSTs the poll link every 2 s until the factor is ACTIVE', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    const active = { ...f, status: 'ACTIVE', _embedded: undefined, _links: {}, profile: { name: "Alice's iPhone", platform: 'IOS' } }
    const polls = stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, (_s, n) =>
      n < 3 ? [200, { factorResult: 'WAITING', expiresAt: '2026-11-29T12:05:00.000Z' }] : [200, active], 3)
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(polls).toHaveLength(3)
    expect(polls.every((p) => p.body === undefined && p.headers.authorization === `SSWS ${TOKEN}`)).toBe(true)
    expect(r.sleeps).toEqual([2000, 2000])
    expect(JSON.parse(r.stdout)).toMatchObject({ id: f.id, status: 'ACTIVE', profile: { name: "Alice's iPhone" } })
  })

  it('--wait on a terminal: spinner on stderr, then the active factor', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, [200, { ...f, status: 'ACTIVE', profile: { name: 'Pixel' } }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait'], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain(`Waiting for ${ALICE_ID} to scan the QR code in Okta Verify…`)
    expect(r.stderr).toContain(`✓ Push factor ${f.id} is active.\n`)
    expect(r.stderr).not.toContain("✓ Enrolled push") // one success line, not two
    expect(r.stdout).toBe(
      'ID                    TYPE  PROVIDER  STATUS  DETAIL  ENROLLED\n' +
        `${f.id}  push  OKTA      ACTIVE  Pixel   just now\n`,
    )
  })

  it('--wait exits 3 when the activation times out at Okta', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, [200, { factorResult: 'TIMEOUT' }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toBe('')
    // The hint names this user and factor, so the new factor is not lost.
    expect(r.stderr).toContain(`Error: Push activation timeout.\nStart a new activation (a new QR code) with \`oktactl factors activate ${ALICE_ID} ${f.id} --restart --wait\`.\n`)
  })

  it('--wait without a poll link from Okta: exit 1, nothing polled', async () => {
    const f = { ...pushPending(), _links: {} }
    stub('POST', FACTORS, [200, f])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Error: Okta returned no poll link for this push activation.\n')
    expect(unmatched).toEqual([])
  })

  it('--wait-timeout: gives up after the time allowed (exit 3)', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    // Polls at 0, 2, 4 and 6 s: the wait lasts the 6 s asked for.
    const polls = stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, [200, { factorResult: 'WAITING' }], 4)
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait', '--wait-timeout', '6'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(polls).toHaveLength(4)
    expect(r.sleeps).toEqual([2000, 2000, 2000])
    expect(r.stderr).toContain('Error: Gave up waiting for the QR code to be scanned.\n')
  })
})
