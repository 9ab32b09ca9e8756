import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactBodyText, redactHeaders } from '../../src/api/redact.js'
import { ALICE_ID, ENV, ORG, TOKEN, factor, oktaError } from '../helpers/okta.js'
import { stub } from '../helpers/requests.js'
import { runCli } from '../helpers/run.js'

const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const TTY_ENV = { ...ENV, NO_COLOR: '1' }

/** Everything the user could see. */
const seen = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr

describe('--debug traces requests with every secret redacted', () => {
  it('enroll question: request line, headers, redacted body; neither token nor answer anywhere', async () => {
    stub('POST', FACTORS, [200, factor('question')])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'question', '--question', 'disliked_food', '--answer', '-', '--debug'], { env: ENV, stdin: 'mayonnaise\n' })
    expect(r.exitCode).toBe(0)
    const lines = r.stderr.split('\n')
    expect(lines).toContain(`[debug] → POST ${ORG}${FACTORS}`)
    expect(lines).toContain('[debug]   Authorization: SSWS [REDACTED]')
    expect(lines).toContain('[debug]   body: {"factorType":"question","provider":"OKTA","profile":{"question":"disliked_food","answer":"[REDACTED]"}}')
    expect(lines.some((l) => /^\[debug\] ← 200 OK \(\d+ ms\)$/.test(l))).toBe(true)
    expect(seen(r)).not.toContain(TOKEN)
    expect(seen(r)).not.toContain('mayonnaise')
  })

  it('verify totp: the passcode is redacted in the trace, also when Okta refuses it', async () => {
    const totp = factor('token:software:totp')
    stub('GET', `${FACTORS}/${totp.id}`, [200, totp])
    stub('POST', `${FACTORS}/${totp.id}/verify`, [403, oktaError('E0000068', 'Invalid Passcode/Answer'), { 'X-Okta-Request-Id': 'reqD' }])
    const r = await runCli(['factors', 'verify', ALICE_ID, totp.id, '--code', '918273', '--debug'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain(`[debug] → POST ${ORG}${FACTORS}/${totp.id}/verify\n`)
    expect(r.stderr).toContain('[debug]   body: {"passCode":"[REDACTED]"}\n')
    expect(r.stderr).toMatch(/\[debug\] ← 403 Forbidden \(\d+ ms\) X-Okta-Request-Id: reqD\n/)
    expect(r.stderr).toMatch(/OktaApiError: Okta HTTP 403 E0000068: Invalid Passcode\/Answer\n\s+at /) // --debug: stack
    expect(seen(r)).not.toContain('918273')
    expect(seen(r)).not.toContain(TOKEN)
  })

  it('activate with a code read from stdin', async () => {
    const sms = factor('sms', { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    stub('POST', `${FACTORS}/${sms.id}/lifecycle/activate`, [200, { ...sms, status: 'ACTIVE' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, sms.id, '--code', '-', '--debug', '--json'], { env: ENV, stdin: '564738\n' })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain('[debug]   body: {"passCode":"[REDACTED]"}\n')
    expect(seen(r)).not.toContain('564738')
    expect(seen(r)).not.toContain(TOKEN)
  })

  it('verify sms at a terminal: the prompted code is redacted', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    stub('POST', `${FACTORS}/${sms.id}/verify`, (s) => [200, { factorResult: s.body ? 'SUCCESS' : 'CHALLENGE' }], 2)
    const r = await runCli(['factors', 'verify', ALICE_ID, sms.id, '--debug'], { env: TTY_ENV, tty: true, answers: ['102938'] })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain('[debug]   body: {"passCode":"[REDACTED]"}\n')
    expect(seen(r)).not.toContain('102938')
    expect(seen(r)).not.toContain(TOKEN)
  })

  it('Symantec token enroll: passCode and nextPassCode redacted', async () => {
    stub('POST', FACTORS, [200, factor('token', { provider: 'SYMANTEC' })])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'VSMT14393584', '--passcode', '875498', '--next-passcode', '678195', '--debug'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain('[debug]   body: {"factorType":"token","provider":"SYMANTEC","profile":{"credentialId":"VSMT14393584"},"verify":{"passCode":"[REDACTED]","nextPassCode":"[REDACTED]"}}\n')
    expect(seen(r)).not.toMatch(/875498|678195/)
  })

  it('custom TOTP enroll: the shared secret sent is redacted', async () => {
    stub('POST', FACTORS, [200, factor('token:hotp', { provider: 'CUSTOM', profile: { sharedSecret: '484f97be3213b117e3a20438e291540a' } })])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'token:hotp', '--factor-profile-id', 'fpr1', '--shared-secret', '-', '--debug', '--json'], { env: ENV, stdin: '484f97be3213b117e3a20438e291540a\n' })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain('[debug]   body: {"factorType":"token:hotp","provider":"CUSTOM","factorProfileId":"fpr1","profile":{"sharedSecret":"[REDACTED]"}}\n')
    expect(JSON.parse(r.stdout).profile.sharedSecret).toBe(REDACTED)
    expect(seen(r)).not.toContain('484f97be3213b117e3a20438e291540a')
  })

  it('TOTP enroll, piped: the shared secret in Okta\'s answer is redacted in the trace', async () => {
    const f = factor('token:software:totp', { status: 'PENDING_ACTIVATION' })
    f._embedded = { activation: { timeStep: 30, sharedSecret: 'JBTWGV22G4ZGKV3N', encoding: 'base32', keyLength: 6 } }
    stub('POST', FACTORS, [200, f])
    // Off a terminal a TOTP enrollment must save its secret somewhere (issue 12 §4).
    const uriFile = join(mkdtempSync(join(tmpdir(), 'oktactl-redact-')), 'totp.uri')
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'totp', '--debug', '--secret-file', uriFile], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain('"sharedSecret":"[REDACTED]"')
    expect(seen(r)).not.toContain('JBTWGV22G4ZGKV3N')
    expect(seen(r)).not.toContain(TOKEN)
  })

  it('a 401 with --debug shows no token either', async () => {
    stub('GET', FACTORS, [401, oktaError('E0000011', 'Invalid token provided')])
    const r = await runCli(['factors', 'list', ALICE_ID, '--debug'], { env: ENV })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('[debug]   Authorization: SSWS [REDACTED]\n')
    expect(seen(r)).not.toContain(TOKEN)
  })

  it('without --debug there is no trace', async () => {
    stub('GET', FACTORS, [200, []])
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.stderr).not.toContain('[debug]')
  })
})

describe('redact helpers', () => {
  it('redact() replaces secret values at any depth, leaves the rest, and copies', () => {
    const input = {
      factorType: 'token',
      profile: { credentialId: 'c', sharedSecret: 's', answer: 'a' },
      verify: { passCode: '1', nextPassCode: '2' },
      list: [{ password: 'p', keep: 'k' }],
      nested: { token: null, secret: { deeper: 'x' } },
    }
    expect(redact(input)).toEqual({
      factorType: 'token',
      profile: { credentialId: 'c', sharedSecret: REDACTED, answer: REDACTED },
      verify: { passCode: REDACTED, nextPassCode: REDACTED },
      list: [{ password: REDACTED, keep: 'k' }],
      nested: { token: null, secret: { deeper: 'x' } },
    })
    expect(input.verify.passCode).toBe('1')
  })

  it('redactHeaders() keeps the scheme of Authorization and hides DPoP and cookies', () => {
    expect(redactHeaders({ Authorization: `SSWS ${TOKEN}`, DPoP: 'eyJ.x.y', Cookie: 'sid=1', Accept: 'application/json' })).toEqual({
      Authorization: 'SSWS [REDACTED]',
      DPoP: REDACTED,
      Cookie: REDACTED,
      Accept: 'application/json',
    })
    expect(redactHeaders({ authorization: 'Bearer abc.def' })).toEqual({ authorization: 'Bearer [REDACTED]' })
  })

  it('redactBodyText() handles JSON, form bodies and plain text', () => {
    expect(redactBodyText('{"passCode":"123456","factorType":"sms"}')).toBe('{"passCode":"[REDACTED]","factorType":"sms"}')
    expect(redactBodyText('grant_type=client_credentials&client_assertion=eyJ.a.b&scope=okta.users.read')).toBe(
      'grant_type=client_credentials&client_assertion=%5BREDACTED%5D&scope=okta.users.read',
    )
    expect(redactBodyText('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>')
    expect(redactBodyText('')).toBe('')
  })
})

describe('redactHeaders', () => {
  it.each<[string, string, string]>([
    ['Authorization', 'SSWS 00abc', 'SSWS [REDACTED]'],
    ['Authorization', 'SSWS 00abc\r', 'SSWS [REDACTED]'],
    ['authorization', 'SSWS 00a\nbc', 'SSWS [REDACTED]'],
    ['Authorization', 'DPoP eyJ.x.y', 'DPoP [REDACTED]'],
    ['Authorization', '00tokenwithoutscheme', '[REDACTED]'],
    ['Authorization', 'Bearer\r\nX-Injected: 1', '[REDACTED]'],
    ['Proxy-Authorization', 'Basic dXNlcjpwYXNz', 'Basic [REDACTED]'],
    ['DPoP', 'eyJ.proof', '[REDACTED]'],
    ['Cookie', 'sid=1', '[REDACTED]'],
  ])('%s: %j → %j', (name, value, shown) => {
    expect(redactHeaders({ [name]: value, Accept: 'application/json' })).toEqual({ [name]: shown, Accept: 'application/json' })
  })
})
