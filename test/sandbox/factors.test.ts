import { describe, expect, it } from 'vitest'
import { org } from './helpers.js'

const ID20 = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}[A-Za-z0-9]{17}$`))

describe('sandbox factors: list, get, catalog, questions', () => {
  it("lists alice's four ACTIVE seeded factors with Okta ids and absolute links", async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const r = await o.get(`/api/v1/users/${alice}/factors`)
    expect(r.status).toBe(200)
    expect(r.body.map((f: any) => [f.factorType, f.provider, f.status])).toEqual([
      ['sms', 'OKTA', 'ACTIVE'],
      ['token:software:totp', 'OKTA', 'ACTIVE'],
      ['push', 'OKTA', 'ACTIVE'],
      ['question', 'OKTA', 'ACTIVE'],
    ])
    const [sms, totp, push, question] = r.body
    expect(sms.id).toEqual(ID20('mbl'))
    expect(totp.id).toEqual(ID20('ost'))
    expect(push.id).toEqual(ID20('opf'))
    expect(question.id).toEqual(ID20('ufs'))
    const self = `${o.sb.url}/api/v1/users/${alice}/factors/${sms.id}`
    expect(sms._links).toEqual({
      verify: { href: `${self}/verify`, hints: { allow: ['POST'] } },
      self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
      user: { href: `${o.sb.url}/api/v1/users/${alice}`, hints: { allow: ['GET'] } },
    })
    expect(question.profile).toEqual({ question: 'disliked_food', questionText: 'What is the food you least liked as a child?' })
    expect(question._links.questions.href).toBe(`${o.sb.url}/api/v1/users/${alice}/factors/questions`)
    expect(JSON.stringify(r.body)).not.toContain('mayonnaise')

    const one = await o.get(`/api/v1/users/${alice}/factors/${sms.id}`)
    expect(one.body).toEqual(sms)
    const missing = await o.get(`/api/v1/users/${alice}/factors/mbl00000000000000000`)
    expect(missing.status).toBe(404)
    expect(missing.body.errorSummary).toBe('Not found: Resource not found: mbl00000000000000000 (UserFactor)')
    expect((await o.get(`/api/v1/users/${await o.userId('dave')}/factors`)).body).toEqual([])
  })

  it('lists the catalog with enroll links for what the user has not set up', async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const r = await o.get(`/api/v1/users/${alice}/factors/catalog`)
    expect(r.status).toBe(200)
    const byKey = Object.fromEntries(r.body.map((c: any) => [`${c.factorType}/${c.provider}`, c]))
    expect(Object.keys(byKey)).toEqual([
      'question/OKTA', 'token:software:totp/OKTA', 'token:software:totp/GOOGLE', 'sms/OKTA', 'call/OKTA', 'email/OKTA',
      'push/OKTA', 'token/RSA', 'token/SYMANTEC', 'token:hardware/YUBICO', 'token:hotp/CUSTOM', 'u2f/FIDO', 'webauthn/FIDO',
    ])
    expect(byKey['sms/OKTA']).toMatchObject({ enrollment: 'OPTIONAL', status: 'ACTIVE', _embedded: { phones: [{ profile: { phoneNumber: '+15555550101' }, status: 'ACTIVE' }] } })
    expect(byKey['sms/OKTA']._links.enroll).toBeUndefined()
    expect(byKey['call/OKTA']).toMatchObject({ status: 'NOT_SETUP', _links: { enroll: { href: `${o.sb.url}/api/v1/users/${alice}/factors`, hints: { allow: ['POST'] } } } })
  })

  it('lists the 20 security questions', async () => {
    const o = await org()
    const r = await o.get(`/api/v1/users/${await o.userId('dave')}/factors/questions`)
    expect(r.status).toBe(200)
    expect(r.body).toHaveLength(20)
    expect(r.body[0]).toEqual({ question: 'disliked_food', questionText: 'What is the food you least liked as a child?' })
    expect(r.body.map((q: any) => q.question)).toContain('favorite_sports_player')
  })
})

describe('sandbox factors: enroll', () => {
  const enroll = async (o: Awaited<ReturnType<typeof org>>, body: unknown, query = '') =>
    o.post(`/api/v1/users/${await o.userId('dave')}/factors${query}`, body)

  it('enrolls sms as PENDING_ACTIVATION with activate and resend links, and sends a code', async () => {
    const o = await org()
    const r = await enroll(o, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } }, '?templateId=cstk2flOtuCMDJK4b0g3')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: ID20('mbl'), factorType: 'sms', provider: 'OKTA', vendorName: 'OKTA', status: 'PENDING_ACTIVATION', profile: { phoneNumber: '+15551234567' } })
    const self = `${o.sb.url}/api/v1/users/${await o.userId('dave')}/factors/${r.body.id}`
    expect(r.body._links.activate).toEqual({ href: `${self}/lifecycle/activate`, hints: { allow: ['POST'] } })
    expect(r.body._links.resend).toEqual([{ name: 'sms', href: `${self}/resend`, hints: { allow: ['POST'] } }])
    expect(r.body._links.self.hints.allow).toEqual(['GET'])
    const [sent] = await o.outbox('dave')
    expect(sent).toMatchObject({ channel: 'sms', to: '+15551234567', factorId: r.body.id, purpose: 'enroll', templateId: 'cstk2flOtuCMDJK4b0g3', code: expect.stringMatching(/^\d{6}$/) })
  })

  it('enrolls sms, call and email ACTIVE with activate=true, sending nothing', async () => {
    const o = await org()
    const sms = await enroll(o, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } }, '?activate=true')
    const call = await enroll(o, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15551234568', phoneExtension: '1234' } }, '?activate=true')
    const email = await enroll(o, { factorType: 'email', provider: 'OKTA', profile: { email: 'dave@example.com' } }, '?activate=true&tokenLifetimeSeconds=600')
    expect([sms, call, email].map((r) => [r.status, r.body.status])).toEqual([[200, 'ACTIVE'], [200, 'ACTIVE'], [200, 'ACTIVE']])
    expect(call.body.id).toEqual(ID20('clf'))
    expect(call.body.profile).toEqual({ phoneNumber: '+15551234568', phoneExtension: '1234' })
    expect(email.body.id).toEqual(ID20('emf'))
    expect(await o.outbox('dave')).toEqual([])
  })

  it('enrolls TOTP (OKTA and GOOGLE) with the activation secret and a QR code link', async () => {
    const o = await org()
    for (const [provider, prefix] of [['OKTA', 'ost'], ['GOOGLE', 'uft']] as const) {
      const r = await enroll(o, { factorType: 'token:software:totp', provider })
      expect(r.body).toMatchObject({ id: ID20(prefix), status: 'PENDING_ACTIVATION', profile: { credentialId: 'dave@example.com' } })
      const a = r.body._embedded.activation
      expect(a).toMatchObject({ timeStep: 30, encoding: 'base32', keyLength: 6, sharedSecret: expect.stringMatching(/^[A-Z2-7]{32}$/) })
      expect(a._links.qrcode).toEqual({ href: expect.stringMatching(new RegExp(`^${o.sb.url}/api/v1/users/.+/factors/${r.body.id}/qr/`)), type: 'image/png' })
      const png = await fetch(a._links.qrcode.href, { headers: { Authorization: `SSWS ${o.sb.token}` } })
      expect(png.status).toBe(200)
      expect(png.headers.get('content-type')).toBe('image/png')
      expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG')
    }
  })

  it('enrolls push PENDING_ACTIVATION with the poll (POST) and activate links and the activation object', async () => {
    const o = await org()
    const r = await enroll(o, { factorType: 'push', provider: 'OKTA' })
    const self = `${o.sb.url}/api/v1/users/${await o.userId('dave')}/factors/${r.body.id}`
    expect(r.body.status).toBe('PENDING_ACTIVATION')
    expect(r.body._links.poll).toEqual({ href: `${self}/lifecycle/activate/poll`, hints: { allow: ['POST'] } })
    expect(r.body._links.activate.href).toBe(`${self}/lifecycle/activate`)
    expect(r.body._embedded.activation).toEqual({
      expiresAt: new Date(o.clock.t + 10 * 60_000).toISOString(),
      factorResult: 'WAITING',
      _links: {
        qrcode: { href: expect.stringContaining(`${self}/qr/`), type: 'image/png' },
        send: [
          { name: 'email', href: `${self}/lifecycle/activate/email`, hints: { allow: ['POST'] } },
          { name: 'sms', href: `${self}/lifecycle/activate/sms`, hints: { allow: ['POST'] } },
        ],
      },
    })
  })

  it('enrolls question, token:hotp, RSA, Symantec and YubiKey ACTIVE; u2f and webauthn PENDING with activation data', async () => {
    const o = await org()
    const q = await enroll(o, { factorType: 'question', provider: 'OKTA', profile: { question: 'first_award', answer: 'spelling bee' } })
    expect(q.body).toMatchObject({ id: ID20('ufs'), status: 'ACTIVE', profile: { question: 'first_award', questionText: 'What did you earn your first medal or award for?' } })
    const hotp = await enroll(o, { factorType: 'token:hotp', provider: 'CUSTOM', factorProfileId: 'fpr20l2mDyaUGWGCa0g4', profile: { sharedSecret: '484f97be3213b117e3a20438e291540a' } }, '?activate=true')
    expect(hotp.body).toMatchObject({ id: ID20('chf'), status: 'ACTIVE', factorProfileId: 'fpr20l2mDyaUGWGCa0g4', profile: {} })
    const rsa = await enroll(o, { factorType: 'token', provider: 'RSA', profile: { credentialId: 'dave@example.com' }, verify: { passCode: '5275875498' } })
    expect(rsa.body).toMatchObject({ id: ID20('rsa'), status: 'ACTIVE', profile: { credentialId: 'dave@example.com' } })
    const vip = await enroll(o, { factorType: 'token', provider: 'SYMANTEC', profile: { credentialId: 'VSMT14393584' }, verify: { passCode: '875498', nextPassCode: '678195' } })
    expect(vip.body).toMatchObject({ id: ID20('ufv'), status: 'ACTIVE' })
    const yk = await enroll(o, { factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji' } })
    expect(yk.body).toMatchObject({ id: ID20('ykf'), status: 'ACTIVE', profile: { credentialId: 'cccccceukngd' } })
    const u2f = await enroll(o, { factorType: 'u2f', provider: 'FIDO' })
    expect(u2f.body).toMatchObject({ id: ID20('fuf'), status: 'PENDING_ACTIVATION', _embedded: { activation: { version: 'U2F_V2', nonce: expect.any(String), timeoutSeconds: 20 } } })
    const wa = await enroll(o, { factorType: 'webauthn', provider: 'FIDO' })
    expect(wa.body._embedded.activation).toMatchObject({ challenge: expect.any(String), rp: { name: 'oktactl sandbox' }, user: { name: 'dave@example.com' } })
    const list = (await o.get(`/api/v1/users/${await o.userId('dave')}/factors`)).body
    expect(list).toHaveLength(7)
  })

  it.each([
    ['no body', undefined, 'The request body is required'],
    ['unknown type', { factorType: 'carrier_pigeon', provider: 'OKTA' }, 'The factor type carrier_pigeon with provider OKTA is not enabled for enrollment'],
    ['bad provider', { factorType: 'sms', provider: 'GOOGLE', profile: { phoneNumber: '+15551234567' } }, 'The factor type sms with provider GOOGLE is not enabled for enrollment'],
    ['missing phone', { factorType: 'call', provider: 'OKTA' }, 'phoneNumber: The field cannot be left blank'],
    ['short answer', { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'yam' } }, 'answer: The security question answer must be at least 4 characters in length'],
    ['unknown question', { factorType: 'question', provider: 'OKTA', profile: { question: 'favorite_color', answer: 'blue!' } }, "question: 'favorite_color' is not a supported security question"],
    ['unverified email', { factorType: 'email', provider: 'OKTA', profile: { email: 'someone@else.com' } }, 'Only verified primary or secondary email can be enrolled.'],
    ['hotp without factorProfileId', { factorType: 'token:hotp', provider: 'CUSTOM', profile: { sharedSecret: '484f97be3213b117e3a2' } }, 'factorProfileId: The field cannot be left blank'],
  ])('refuses %s with 400 E0000001', async (_name, body, cause) => {
    const o = await org()
    const r = await enroll(o, body)
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: factorEnrollRequest', errorCauses: [{ errorSummary: cause }] })
  })

  it("takes phone numbers as Okta's examples write them (+1-555-415-1337) and keeps them in E.164", async () => {
    const o = await org()
    const sms = await enroll(o, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+1-555-415-1337' } })
    expect(sms.status).toBe(200)
    expect(sms.body.profile).toEqual({ phoneNumber: '+15554151337' })
    const [sent] = await o.outbox('dave')
    expect(sent).toMatchObject({ channel: 'sms', to: '+15554151337' })
    const call = await enroll(o, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+44 (20) 7183.8750', phoneExtension: '1234' } })
    expect(call.body.profile).toEqual({ phoneNumber: '+442071838750', phoneExtension: '1234' })
    expect((await o.get(`/api/v1/users/${await o.userId('dave')}/factors/${call.body.id}`)).body.profile.phoneNumber).toBe('+442071838750')
    // The same number written another way is the same number: no updatePhone needed.
    o.tick(30_000)
    expect((await enroll(o, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+1 555 415 1337' } })).body).toMatchObject({ id: sms.body.id, status: 'PENDING_ACTIVATION' })
    // An empty or null extension is none.
    const o2 = await org()
    const none = await enroll(o2, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15554151337', phoneExtension: '' } }, '?activate=true')
    expect(none.body.profile).toEqual({ phoneNumber: '+15554151337', phoneExtension: null })
  })

  it.each([
    ['no plus (no default country)', '555-415-1337'],
    ['letters', '+1-555-CALL-NOW'],
    ['more than 15 digits', '+1234567890123456'],
    ['a leading zero country code', '+0 555 415 1337'],
    ['just a plus', '+'],
  ])('refuses a phone number with %s: 400 E0000098', async (_name, phoneNumber) => {
    const o = await org()
    for (const factorType of ['sms', 'call']) {
      const r = await enroll(o, { factorType, provider: 'OKTA', profile: { phoneNumber } })
      expect(r.status).toBe(400)
      expect(r.body).toEqual({ errorCode: 'E0000098', errorSummary: 'This phone number is invalid.', errorLink: 'E0000098', errorId: expect.any(String), errorCauses: [] })
    }
    expect(await o.outbox('dave')).toEqual([])
  })

  it.each([['ext9'], ['1234567890123456'], [1234], ['12 34']])('refuses the call extension %j: 400 E0000121', async (phoneExtension) => {
    const o = await org()
    const r = await enroll(o, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+1-555-415-1337', phoneExtension } })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ errorCode: 'E0000121', errorSummary: 'Invalid phone extension. Please enter a valid phone extension.', errorCauses: [] })
    expect(await o.outbox('dave')).toEqual([])
  })

  it('refuses a second factor of a type already set up, and bad query parameters', async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const r = await o.post(`/api/v1/users/${alice}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15559999999' } })
    expect(r.status).toBe(400)
    expect(r.body.errorCauses).toEqual([{ errorSummary: 'A factor of this type is already set up.' }])
    const q = await o.post(`/api/v1/users/${alice}/factors?activate=yes`, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15559999999' } })
    expect(q.status).toBe(400)
    const l = await o.post(`/api/v1/users/${alice}/factors?tokenLifetimeSeconds=0`, { factorType: 'email', provider: 'OKTA', profile: { email: 'alice@example.com' } })
    expect(l.body.errorCauses[0].errorSummary).toMatch(/tokenLifetimeSeconds/)
  })

  it('refuses a wrong RSA or YubiKey passcode at enrollment with 403 E0000068', async () => {
    const o = await org()
    const rsa = await enroll(o, { factorType: 'token', provider: 'RSA', profile: { credentialId: 'dave' }, verify: { passCode: '12ab' } })
    const yk = await enroll(o, { factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: 'not-a-yubikey-otp' } })
    for (const r of [rsa, yk]) {
      expect(r.status).toBe(403)
      expect(r.body).toMatchObject({ errorCode: 'E0000068', errorCauses: [{ errorSummary: "Your passcode doesn't match our records. Please try again." }] })
    }
  })

  it('re-enrolling a pending sms with another number needs updatePhone=true', async () => {
    const o = await org()
    const first = await enroll(o, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } })
    o.tick(31_000)
    const other = { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15557654321' } }
    const refused = await enroll(o, other)
    expect(refused.body.errorCauses).toEqual([{ errorSummary: 'There is an existing verified phone number.' }])
    const updated = await enroll(o, other, '?updatePhone=true')
    expect(updated.body).toMatchObject({ id: first.body.id, status: 'PENDING_ACTIVATION', profile: { phoneNumber: '+15557654321' } })
    expect((await o.outbox('dave')).map((e) => e.to)).toEqual(['+15551234567', '+15557654321'])
  })
})

describe('sandbox factors: delete and reset', () => {
  it('deletes a factor (204, removeRecoveryEnrollment accepted); deleting push also removes the Okta Verify TOTP', async () => {
    const o = await org()
    const alice = await o.userId('alice')
    const sms = await o.factorOf(alice, 'sms')
    const d = await o.del(`/api/v1/users/${alice}/factors/${sms.id}?removeRecoveryEnrollment=true`)
    expect(d.status).toBe(204)
    expect(d.body).toBeUndefined()
    expect((await o.get(`/api/v1/users/${alice}/factors/${sms.id}`)).status).toBe(404)
    const push = await o.factorOf(alice, 'push')
    expect((await o.del(`/api/v1/users/${alice}/factors/${push.id}`)).status).toBe(204)
    const left = (await o.get(`/api/v1/users/${alice}/factors`)).body.map((f: any) => f.factorType)
    expect(left).toEqual(['question'])
  })

  it('resets all factors: 200 with an empty body, and the resetFactors link goes away', async () => {
    const o = await org()
    const r = await o.post('/api/v1/users/carol@example.com/lifecycle/reset_factors')
    expect(r.status).toBe(200)
    expect(r.body).toBeUndefined()
    const carol = await o.userId('carol')
    expect((await o.get(`/api/v1/users/${carol}/factors`)).body).toEqual([])
    expect((await o.get(`/api/v1/users/${carol}`)).body._links.resetFactors).toBeUndefined()
    expect((await o.post('/api/v1/users/nobody/lifecycle/reset_factors')).status).toBe(404)
  })

  it('lets you read a DEPROVISIONED user but refuses every change with 403 E0000038', async () => {
    const o = await org()
    const erin = await o.userId('erin')
    const list = await o.get(`/api/v1/users/${erin}/factors`)
    expect(list.status).toBe(200)
    expect(list.body.map((f: any) => f.factorType)).toEqual(['sms', 'question'])
    const sms = list.body[0]
    const attempts = [
      await o.post(`/api/v1/users/${erin}/factors`, { factorType: 'push', provider: 'OKTA' }),
      await o.del(`/api/v1/users/${erin}/factors/${sms.id}`),
      await o.post(`/api/v1/users/${erin}/factors/${sms.id}/verify`),
      await o.post(`/api/v1/users/${erin}/lifecycle/reset_factors`),
    ]
    for (const r of attempts) {
      expect(r.status).toBe(403)
      expect(r.body).toMatchObject({ errorCode: 'E0000038', errorSummary: "This operation is not allowed in the user's current status." })
    }
    expect((await o.get(`/api/v1/users/${erin}/factors`)).body).toHaveLength(2)
  })
})
