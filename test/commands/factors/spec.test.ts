import { describe, expect, it } from 'vitest'
import { specAvailable, specSuiteName, validateRequest } from '../../contract/spec.js'
import { ALICE_ID, ENV, factor } from '../../helpers/okta.js'
import { stub, type Sent } from '../../helpers/requests.js'
import { runCli, secretsOnStdin } from '../../helpers/run.js'

/**
 * The bodies oktactl actually sends for enroll, activate, verify and resend, checked against
 * Okta's OpenAPI spec (test/contract/spec.ts: the spec patched for its known defects). The
 * per-verb tests pin the exact bodies; this proves those bodies are what the spec accepts.
 */
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`

async function send(method: 'POST', path: string, argv: string[], opts: { stdin?: string; status?: number; reply?: unknown } = {}): Promise<Sent> {
  const calls = stub(method, path, [opts.status ?? 200, opts.reply ?? { factorResult: 'SUCCESS' }])
  const viaStdin = secretsOnStdin(argv)
  const r = await runCli(viaStdin.argv, { env: ENV, stdin: opts.stdin ?? viaStdin.stdin })
  expect(r.exitCode, r.stderr).toBe(0)
  expect(calls).toHaveLength(1)
  return calls[0] as Sent
}

describe.skipIf(!specAvailable)(specSuiteName('request bodies oktactl sends match Okta\'s spec'), () => {
  it.each<[string, string[]]>([
    ['sms', ['--type', 'sms', '--phone', '+1 555 415 1337']],
    ['call', ['--type', 'call', '--phone', '+15554151337', '--extension', '1234']],
    ['email', ['--type', 'email', '--email', 'alice@example.com']],
    ['push', ['--type', 'push']],
    ['question', ['--type', 'question', '--question', 'disliked_food', '--answer', 'mayonnaise']],
    // Off a terminal a TOTP enroll needs somewhere to put the secret (or it is refused unsent).
    ['totp', ['--type', 'totp', '--secret-file', 'totp.secret']],
    ['totp GOOGLE', ['--type', 'totp', '--provider', 'GOOGLE', '--secret-file', 'totp.secret']],
    ['token RSA', ['--type', 'token', '--provider', 'RSA', '--credential-id', 'dade.murphy@example.com', '--passcode', '5275875498']],
    ['token SYMANTEC', ['--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'VSMT14393584', '--passcode', '875498', '--next-passcode', '678195']],
    ['token:hardware', ['--type', 'token:hardware', '--passcode', 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji']],
    ['token:hotp', ['--type', 'token:hotp', '--factor-profile-id', 'fpr20l2mDyaUGWGCa0g4', '--shared-secret', '484f97be3213b117e3a20438e291540a']],
    ['u2f', ['--type', 'u2f']],
    ['webauthn', ['--type', 'webauthn']],
  ])('enrollFactor: %s', async (_n, argv) => {
    const sent = await send('POST', FACTORS, ['factors', 'enroll', ALICE_ID, ...argv], {
      reply: factor('sms', { status: 'ACTIVE' }),
    })
    expect(validateRequest('enrollFactor', sent.body)).toEqual([])
  })

  it.each(['sms', 'call', 'email', 'token:software:totp'])('activateFactor: %s with a code', async (type) => {
    const f = factor(type, { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = await send('POST', `${FACTORS}/${f.id}/lifecycle/activate`, ['factors', 'activate', ALICE_ID, f.id, '--code', '123456'], {
      reply: { ...f, status: 'ACTIVE' },
    })
    expect(validateRequest('activateFactor', sent.body, { factorType: type })).toEqual([])
  })

  it('activateFactor: push (no body)', async () => {
    const f = factor('push', { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = await send('POST', `${FACTORS}/${f.id}/lifecycle/activate`, ['factors', 'activate', ALICE_ID, f.id], { reply: f })
    expect(sent.body).toBeUndefined()
    expect(validateRequest('activateFactor', sent.body, { factorType: 'push' })).toEqual([])
  })

  it.each<[string, string[]]>([
    ['sms', ['--code', '123456']],
    ['sms', []],
    ['call', ['--code', '123456']],
    ['email', ['--code', '123456']],
    ['question', ['--answer', 'mayonnaise']],
    ['token:software:totp', ['--code', '123456']],
    ['token:hotp', ['--code', '123456']],
    ['token:hardware', ['--code', 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji']],
    ['token', ['--code', '5275875498']],
    ['push', []],
    ['push', ['--number-challenge']],
  ])('verifyFactor: %s %j', async (type, argv) => {
    const f = factor(type)
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const challenge = type === 'push' ? { factorResult: 'WAITING' } : argv.length ? { factorResult: 'SUCCESS' } : { factorResult: 'CHALLENGE' }
    const sent = await send('POST', `${FACTORS}/${f.id}/verify`, ['factors', 'verify', ALICE_ID, f.id, ...argv], {
      status: type === 'push' ? 201 : 200,
      reply: challenge,
    })
    expect(validateRequest('verifyFactor', sent.body, { factorType: type })).toEqual([])
  })

  it('verifyFactor: token --next-code sends nextPassCode, which the spec\'s token branch does not list', async () => {
    // The issue asks for --next-code (tokens that need two codes, as the enroll body's
    // verify.nextPassCode). The spec's verify request for `token` has passCode only, so this is
    // the one known deviation; everything else in the body must still match.
    const f = factor('token', { provider: 'SYMANTEC' })
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = await send('POST', `${FACTORS}/${f.id}/verify`, ['factors', 'verify', ALICE_ID, f.id, '--code', '875498', '--next-code', '678195'])
    expect(sent.body).toEqual({ passCode: '875498', nextPassCode: '678195' })
    expect(validateRequest('verifyFactor', sent.body, { factorType: 'token' })).toEqual(['/ must NOT have additional properties (nextPassCode)'])
    expect(validateRequest('verifyFactor', { passCode: '875498' }, { factorType: 'token' })).toEqual([])
  })

  it.each(['sms', 'call', 'email'])('resendEnrollFactor: %s', async (type) => {
    const f = factor(type, { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const sent = await send('POST', `${FACTORS}/${f.id}/resend`, ['factors', 'resend', ALICE_ID, f.id], { reply: f })
    expect(validateRequest('resendEnrollFactor', sent.body)).toEqual([])
  })

  it('the validator is not a rubber stamp', () => {
    expect(validateRequest('enrollFactor', { factorType: 'sms', provider: 'GOOGLE', profile: { phoneNumber: '+15554151337' } })).not.toEqual([])
    expect(validateRequest('resendEnrollFactor', { factorType: 'push' })).not.toEqual([])
    expect(validateRequest('activateFactor', { passCode: 123456 }, { factorType: 'sms' })).not.toEqual([])
  })
})
