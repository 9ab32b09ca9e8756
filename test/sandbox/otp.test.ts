import { generateSync } from 'otplib'
import { describe, expect, it } from 'vitest'
import { SEED_TOTP_SECRETS } from '../../src/sandbox/index.js'
import { T0, org } from './helpers.js'

const totp = (secret: string | Uint8Array, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) })
const MISMATCH = [{ errorSummary: "Your passcode doesn't match our records. Please try again." }]

describe('sandbox TOTP (RFC 6238, real codes)', () => {
  it("verifies alice's seeded TOTP: current, previous and next step pass; two steps off fails; a replay fails", async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const f = await o.factorOf(alice, 'token:software:totp', 'OKTA')
    const secret = SEED_TOTP_SECRETS['alice@example.com']
    const verify = (passCode: string) => o.post(`/api/v1/users/${alice}/factors/${f.id}/verify`, { passCode })

    const old = await verify(totp(secret, T0 - 60_000))
    expect(old.status).toBe(403)
    expect(old.body).toMatchObject({ errorCode: 'E0000068', errorSummary: 'Invalid Passcode/Answer', errorCauses: MISMATCH })

    const prev = await verify(totp(secret, T0 - 30_000))
    expect(prev.status).toBe(200)
    expect(prev.body).toEqual({ factorResult: 'SUCCESS' })

    const now = totp(secret, T0)
    expect((await verify(now)).body).toEqual({ factorResult: 'SUCCESS' })
    const replay = await verify(now)
    expect(replay.status).toBe(403)
    expect(replay.body.errorCode).toBe('E0000082')
    // The previous step is older than the last one used: also refused as a replay.
    expect((await verify(totp(secret, T0 - 30_000))).body.errorCode).toBe('E0000082')

    expect((await verify(totp(secret, T0 + 30_000))).body).toEqual({ factorResult: 'SUCCESS' })
    expect((await verify('12345')).body.errorCode).toBe('E0000068')
  })

  it('activates an enrolled TOTP with a code computed from the returned secret; Okta Verify brings push and signed_nonce along', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const e = await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'token:software:totp', provider: 'OKTA' })
    const secret = e.body._embedded.activation.sharedSecret as string
    const activate = (passCode: string) => o.post(`/api/v1/users/${dave}/factors/${e.body.id}/lifecycle/activate`, { passCode })
    expect((await activate('000000')).body.errorCode).toBe('E0000068')
    const ok = await activate(totp(secret, T0))
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ id: e.body.id, status: 'ACTIVE', _links: { verify: { href: expect.stringContaining('/verify') } } })
    expect(ok.body._embedded).toBeUndefined()
    const types = (await o.get(`/api/v1/users/${dave}/factors`)).body.map((f: any) => `${f.factorType}:${f.status}`)
    expect(types).toEqual(['token:software:totp:ACTIVE', 'push:ACTIVE', 'signed_nonce:ACTIVE'])
    // The code used to activate cannot verify again.
    expect((await o.post(`/api/v1/users/${dave}/factors/${e.body.id}/verify`, { passCode: totp(secret, T0) })).body.errorCode).toBe('E0000082')
  })

  it('verifies a custom TOTP (token:hotp) against its hex secret', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const hex = '484f97be3213b117e3a20438e291540a'
    const e = await o.post(`/api/v1/users/${dave}/factors?activate=true`, { factorType: 'token:hotp', provider: 'CUSTOM', factorProfileId: 'fpr20l2mDyaUGWGCa0g4', profile: { sharedSecret: hex } })
    const code = totp(Uint8Array.from(Buffer.from(hex, 'hex')), T0)
    expect((await o.post(`/api/v1/users/${dave}/factors/${e.body.id}/verify`, { passCode: code })).body).toEqual({ factorResult: 'SUCCESS' })
  })
})

describe('sandbox SMS, voice and email codes (outbox)', () => {
  it('activates sms with the code from the outbox; a wrong code is 403 E0000068', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const e = await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } })
    const [sent] = await o.outbox('dave@example.com')
    expect(sent).toMatchObject({ userId: dave, login: 'dave@example.com', factorId: e.body.id, channel: 'sms', to: '+15551234567', time: new Date(T0).toISOString() })
    const activate = (passCode: string) => o.post(`/api/v1/users/${dave}/factors/${e.body.id}/lifecycle/activate`, { passCode })
    const wrong = await activate(sent.code === '000000' ? '111111' : '000000')
    expect(wrong.status).toBe(403)
    expect(wrong.body.errorCauses).toEqual(MISMATCH)
    const ok = await activate(sent.code)
    expect(ok.body.status).toBe('ACTIVE')
    expect((await activate(sent.code)).body.errorCauses).toEqual([{ errorSummary: 'The factor is already active.' }])
  })

  it('resends within 30 seconds: 429 E0000109 for sms, E0000133 for call; fine afterwards', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const sms = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } })).body
    const call = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } })).body
    const resend = (f: any) => o.post(`/api/v1/users/${dave}/factors/${f.id}/resend`, { factorType: f.factorType })
    const s1 = await resend(sms)
    expect(s1.status).toBe(429)
    expect(s1.body).toMatchObject({ errorCode: 'E0000109', errorSummary: 'An SMS message was recently sent. Please wait 30 seconds before trying again.' })
    expect((await resend(call)).body.errorCode).toBe('E0000133')
    o.tick(30_000)
    const s2 = await resend(sms)
    expect(s2.status).toBe(200)
    expect(s2.body).toMatchObject({ id: sms.id, status: 'PENDING_ACTIVATION' })
    expect((await resend(call)).status).toBe(200)
    const codes = (await o.outbox('dave')).filter((x) => x.factorId === sms.id)
    expect(codes.map((x) => x.purpose)).toEqual(['enroll', 'resend'])
    // Only the newest code activates.
    const act = (c: string) => o.post(`/api/v1/users/${dave}/factors/${sms.id}/lifecycle/activate`, { passCode: c })
    if (codes[0].code !== codes[1].code) expect((await act(codes[0].code)).status).toBe(403)
    expect((await act(codes[1].code)).status).toBe(200)
    expect((await resend({ ...sms, factorType: 'call' })).body.errorCode).toBe('E0000001')
  })

  it('sends one email per address every 5 seconds: enroll, resend and verify challenges are 429 E0000118 in between', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const f = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'email', provider: 'OKTA', profile: { email: 'dave@example.com' } })).body
    const resend = () => o.post(`/api/v1/users/${dave}/factors/${f.id}/resend`, { factorType: 'email' })
    o.tick(4_999)
    const early = await resend()
    expect(early.status).toBe(429)
    expect(early.body).toEqual({
      errorCode: 'E0000118',
      errorSummary: 'An email was recently sent. Please wait 5 seconds before trying again.',
      errorLink: 'E0000118',
      errorId: early.headers.get('x-okta-request-id'),
      errorCauses: [],
    })
    // Re-enrolling the pending factor sends too, so it is refused the same way, and changes nothing.
    expect((await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'email', provider: 'OKTA', profile: { email: 'dave@example.com' } })).body.errorCode).toBe('E0000118')
    o.tick(1)
    expect((await resend()).status).toBe(200)
    const sent = await o.outbox('dave')
    expect(sent.map((x) => x.purpose)).toEqual(['enroll', 'resend'])
    expect((await o.post(`/api/v1/users/${dave}/factors/${f.id}/lifecycle/activate`, { passCode: sent[1].code })).body.status).toBe('ACTIVE')

    // Verify challenges (a body without passCode) count against the same address.
    o.tick(5_000)
    const verify = (body?: unknown) => o.post(`/api/v1/users/${dave}/factors/${f.id}/verify`, body)
    expect((await verify()).body.factorResult).toBe('CHALLENGE')
    expect((await verify({})).body.errorCode).toBe('E0000118')
    o.tick(5_000)
    expect((await verify({})).body.factorResult).toBe('CHALLENGE')
    // Another address is not held up.
    const carol = await o.userId('carol')
    const carolEmail = await o.factorOf(carol, 'email')
    expect((await o.post(`/api/v1/users/${carol}/factors/${carolEmail.id}/verify`)).body.factorResult).toBe('CHALLENGE')
  })

  it('limits push activation links like codes: 5 s per email address', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const push = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'push', provider: 'OKTA' })).body
    const send = () => o.post(`/api/v1/users/${dave}/factors/${push.id}/lifecycle/activate/email`)
    expect((await send()).status).toBe(200)
    expect((await send()).body.errorCode).toBe('E0000118')
    o.tick(5_000)
    expect((await send()).status).toBe(200)
  })

  it('challenges an active sms factor (no body), then verifies the code', async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const sms = await o.factorOf(alice, 'sms')
    const c = await o.post(`/api/v1/users/${alice}/factors/${sms.id}/verify`)
    expect(c.status).toBe(200)
    const self = `${o.sb.url}/api/v1/users/${alice}/factors/${sms.id}`
    expect(c.body).toEqual({
      factorResult: 'CHALLENGE',
      profile: { phoneNumber: '+15555550101' },
      _links: { verify: { href: `${self}/verify`, hints: { allow: ['POST'] } }, factor: { href: self, hints: { allow: ['GET', 'DELETE'] } } },
    })
    const again = await o.post(`/api/v1/users/${alice}/factors/${sms.id}/verify`)
    expect(again.body.errorCode).toBe('E0000109')
    const [sent] = await o.outbox('alice')
    expect(sent.purpose).toBe('verify')
    expect((await o.post(`/api/v1/users/${alice}/factors/${sms.id}/verify`, { passCode: sent.code })).body).toEqual({ factorResult: 'SUCCESS' })
    // A code works once.
    expect((await o.post(`/api/v1/users/${alice}/factors/${sms.id}/verify`, { passCode: sent.code })).status).toBe(403)
  })

  it('email codes live tokenLifetimeSeconds', async () => {
    const o = await org()
    const carol = await o.userId('carol')
    const email = await o.factorOf(carol, 'email')
    await o.post(`/api/v1/users/${carol}/factors/${email.id}/verify?tokenLifetimeSeconds=60`)
    const [sent] = await o.outbox('carol')
    expect(sent).toMatchObject({ channel: 'email', to: 'carol@example.com' })
    o.tick(61_000)
    expect((await o.post(`/api/v1/users/${carol}/factors/${email.id}/verify`, { passCode: sent.code })).body.errorCode).toBe('E0000068')
  })

  it('allows 5 activation attempts per 5 minutes, then 429 E0000047 (resend too), then recovers', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const f = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'email', provider: 'OKTA', profile: { email: 'dave@example.com' } })).body
    const [sent] = await o.outbox('dave')
    const wrong = sent.code === '999999' ? '888888' : '999999'
    const activate = (passCode: string) => o.post(`/api/v1/users/${dave}/factors/${f.id}/lifecycle/activate`, { passCode })
    for (let i = 0; i < 5; i++) expect((await activate(wrong)).status).toBe(403)
    const limited = await activate(sent.code)
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' })
    expect((await o.post(`/api/v1/users/${dave}/factors/${f.id}/resend`, { factorType: 'email' })).body.errorCode).toBe('E0000047')
    o.tick(5 * 60_000)
    expect((await activate(sent.code)).status).toBe(403) // the first code has expired by now
    expect((await o.post(`/api/v1/users/${dave}/factors/${f.id}/resend`, { factorType: 'email' })).status).toBe(200)
    const fresh = (await o.outbox('dave')).at(-1)
    expect((await activate(fresh.code)).body.status).toBe('ACTIVE')
  })
})

describe('sandbox security question and tokens', () => {
  it('verifies an answer (case and surrounding spaces do not matter); a wrong one is 403 E0000068', async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const q = await o.factorOf(alice, 'question')
    expect((await o.post(`/api/v1/users/${alice}/factors/${q.id}/verify`, { answer: ' Mayonnaise ' })).body).toEqual({ factorResult: 'SUCCESS' })
    const wrong = await o.post(`/api/v1/users/${alice}/factors/${q.id}/verify`, { answer: 'ketchup' })
    expect(wrong.status).toBe(403)
    expect(wrong.body.errorCode).toBe('E0000068')
    expect((await o.post(`/api/v1/users/${alice}/factors/${q.id}/verify`, {})).body.errorCode).toBe('E0000001')
  })

  it('verifies RSA tokens (6–10 digits) and YubiKey OTPs (matching key, no replay)', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const rsa = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'token', provider: 'RSA', profile: { credentialId: 'dave' }, verify: { passCode: '123456' } })).body
    expect((await o.post(`/api/v1/users/${dave}/factors/${rsa.id}/verify`, { passCode: '98765432' })).body).toEqual({ factorResult: 'SUCCESS' })
    expect((await o.post(`/api/v1/users/${dave}/factors/${rsa.id}/verify`, { passCode: 'abc' })).status).toBe(403)
    const otp = (tail: string) => `cccccceukngd${tail.padEnd(32, 'c')}`
    const yk = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: otp('b') } })).body
    const v = (p: string) => o.post(`/api/v1/users/${dave}/factors/${yk.id}/verify`, { passCode: p })
    expect((await v(otp('d'))).body).toEqual({ factorResult: 'SUCCESS' })
    expect((await v(otp('d'))).body.errorCode).toBe('E0000082')
    expect((await v(`ddddddddddde${'c'.repeat(32)}`)).body.errorCode).toBe('E0000068')
  })

  it('refuses to verify a factor that is not active yet', async () => {
    const o = await org()
    const dave = await o.userId('dave')
    const f = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'token:software:totp', provider: 'GOOGLE' })).body
    const r = await o.post(`/api/v1/users/${dave}/factors/${f.id}/verify`, { passCode: '123456' })
    expect(r.status).toBe(400)
    expect(r.body.errorCode).toBe('E0000001')
  })
})
