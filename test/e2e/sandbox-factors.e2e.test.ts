import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js'
import { type Home, killStragglers, nowSeconds, oktactl, parseOtpauth, runnable, skipNote, tempHome, totpCode, tsvRows, wrongTotpCode } from './helpers.js'

// The built binary against a sandbox org running in this process on a free loopback port. The
// factor commands get their credentials the way a CI job passes them (OKTA_CLIENT_ORGURL,
// OKTA_CLIENT_TOKEN); the `sandbox` commands use a profile added with the token piped to stdin.

let sb: Sandbox
let home: Home
let creds: Record<string, string>
const run = (...args: string[]) => oktactl(home, args, { env: creds })

describe.skipIf(!runnable)(`e2e: the built oktactl against an in-process sandbox${skipNote}`, () => {
  beforeAll(async () => {
    home = tempHome('e2e-factors')
    // pushDelay 0.5 s: the first poll of a push usually finds it WAITING, so --wait really polls.
    sb = await startSandbox({ port: 0, stateFile: join(home.dir, 'sandbox.json'), pushDelay: 0.5 })
    creds = { OKTA_CLIENT_ORGURL: sb.url, OKTA_CLIENT_TOKEN: sb.token }
    const add = await oktactl(home, ['profile', 'add', 'sandbox', '--org', sb.url, '--token-stdin'], { stdin: `${sb.token}\n` })
    expect(add.code, add.stderr).toBe(0)
  })
  afterAll(async () => {
    killStragglers()
    await sb?.close()
    home?.remove()
  })

  it('TOTP: enroll with --qr-file/--secret-file (0600), activate with the computed code, verify with the next one; a replay or a wrong code exits 3', async () => {
    const qr = join(home.dir, 'dave-totp.png')
    const uriFile = join(home.dir, 'dave.uri')
    const enroll = await run('factors', 'enroll', 'dave@example.com', '--type', 'totp', '--qr-file', qr, '--secret-file', uriFile)
    expect(enroll.code, enroll.stderr).toBe(0)
    expect(tsvRows(enroll.stdout)[0]?.slice(1, 4)).toEqual(['token:software:totp', 'OKTA', 'PENDING_ACTIVATION'])
    for (const f of [qr, uriFile]) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600')
    expect(readFileSync(qr).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a') // a PNG
    const otp = parseOtpauth(readFileSync(uriFile, 'utf8'))
    expect(otp).toMatchObject({ algorithm: 'sha1', digits: 6, period: 30, label: `${new URL(sb.url).hostname}:dave@example.com` })
    expect(otp.secret).toMatch(/^[A-Z2-7]{16,}$/)
    expect(enroll.stdout + enroll.stderr).not.toContain(otp.secret)

    // The sandbox accepts the previous, current and next 30 s step, and never a step at or
    // before the last one used. Activate with this step's code and verify with the next step's:
    // both stay acceptable for the next 30 s at least, and nobody waits for the clock.
    const t = nowSeconds()
    const activate = await run('factors', 'activate', 'dave', 'totp', '--code', totpCode(otp, t))
    expect(activate.code, activate.stderr).toBe(0)
    const next = totpCode(otp, t + otp.period)
    const verify = await run('factors', 'verify', 'dave', 'totp', '--code', next, '--json')
    expect(verify.code, verify.stderr).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ factorResult: 'SUCCESS' })

    const replay = await run('factors', 'verify', 'dave', 'totp', '--code', next)
    expect(replay.code).toBe(3)
    expect(replay.stderr).toContain('E0000082')
    const wrong = await run('factors', 'verify', 'dave', 'totp', '--code', wrongTotpCode(otp, nowSeconds()))
    expect(wrong.code).toBe(3)
    expect(wrong.stdout).toBe('')
    expect(wrong.stderr).toContain('E0000068')
    expect(wrong.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })

  it('SMS: enroll, read the code with `sandbox outbox --code`, activate', async () => {
    const enroll = await run('factors', 'enroll', 'dave', '--type', 'sms', '--phone', '+15551234567', '--json')
    expect(enroll.code, enroll.stderr).toBe(0)
    const factor = JSON.parse(enroll.stdout) as { id: string; status: string }
    expect(factor.status).toBe('PENDING_ACTIVATION')
    const outbox = await oktactl(home, ['sandbox', 'outbox', 'dave', '--code'])
    expect(outbox.code, outbox.stderr).toBe(0)
    expect(outbox.stdout).toMatch(/^\d{6}\n$/)
    const activate = await run('factors', 'activate', 'dave', factor.id, '--code', outbox.stdout.trim(), '--json')
    expect(activate.code, activate.stderr).toBe(0)
    expect(JSON.parse(activate.stdout)).toMatchObject({ id: factor.id, factorType: 'sms', status: 'ACTIVE' })
  })

  it('push verify --wait: alice approves (exit 0), bob rejects (exit 3)', async () => {
    const [alice, bob] = await Promise.all([run('factors', 'verify', 'alice', 'push', '--wait', '--json'), run('factors', 'verify', 'bob', 'push', '--wait', '--json')])
    expect(alice.code, alice.stderr).toBe(0)
    expect(JSON.parse(alice.stdout)).toMatchObject({ factorResult: 'SUCCESS' })
    expect(bob.code, bob.stderr).toBe(3)
    expect(JSON.parse(bob.stdout)).toMatchObject({ factorResult: 'REJECTED' })
  })

  it('an unknown user exits 5; a bad token exits 4, and the token is not printed', async () => {
    const [unknown, badToken] = await Promise.all([
      run('factors', 'list', 'nobody@example.com'),
      oktactl(home, ['factors', 'list', 'alice'], { env: { ...creds, OKTA_CLIENT_TOKEN: '00wrongwrongwrongwrongwrongwrongwrongwrong' } }),
    ])
    expect(unknown.code, unknown.stderr).toBe(5)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toContain('No user "nobody@example.com"')
    expect(badToken.code, badToken.stderr).toBe(4)
    expect(badToken.stdout).toBe('')
    expect(badToken.stderr).toContain('E0000011')
    expect(badToken.stderr).not.toContain('00wrongwrong')
  })

  it('delete and reset: a factor, a user (an admin refused without --allow-admin), then the sandbox', async () => {
    /** The factor types `factors list` prints for a user (TSV, piped). */
    const types = async (user: string) => {
      const r = await run('factors', 'list', user)
      expect(r.code, r.stderr).toBe(0)
      return tsvRows(r.stdout).map((row) => row[1])
    }
    const del = await run('factors', 'delete', 'dave', 'sms', '--yes')
    expect(del.code, del.stderr).toBe(0)
    // The sms is gone; activating the OKTA TOTP also enrolled push and signed_nonce (Okta Verify).
    expect(await types('dave')).toEqual(['token:software:totp', 'push', 'signed_nonce'])

    const alice = await run('factors', 'reset', 'alice', '--yes')
    expect(alice.code, alice.stderr).toBe(0)
    expect(await types('alice')).toEqual([])

    const carol = await run('factors', 'reset', 'carol', '--yes')
    expect(carol.code, carol.stderr).toBe(4)
    expect(carol.stderr).toContain('SUPER_ADMIN')
    expect(carol.stderr).toContain('--allow-admin')
    expect(await types('carol')).toHaveLength(5) // nothing removed

    const reset = await oktactl(home, ['sandbox', 'reset'])
    expect(reset.code, reset.stderr).toBe(0)
    expect(await types('alice')).toEqual(['sms', 'token:software:totp', 'push', 'question'])
    expect(await types('dave')).toEqual([])
  })
})
