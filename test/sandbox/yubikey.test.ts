import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type TestOrg, org, tempDir } from './helpers.js'

const TOKENS = '/api/v1/org/factors/yubikey_token/tokens'
const SEED = { serialNumber: '7886622', publicId: 'ccccccijgibu', privateId: 'b74be6169486', aesKey: '1fcc6d8ce39bf1604e0b17f3e0a11067' }
const OTP = (publicId: string) => publicId + 'fgkukfctkcvfidnetljjiknckkcjulji'

async function upload(o: TestOrg, n: number) {
  const ids: string[] = []
  for (const [i, tail] of ['bbbbbb', 'dddddd', 'eeeeee'].slice(0, n).entries()) {
    const publicId = 'cccccc' + tail
    const r = await o.post(TOKENS, { ...SEED, serialNumber: String(1000 + i), publicId })
    expect(r.status).toBe(200)
    ids.push(r.body.id)
    o.tick(1000)
  }
  return ids
}

describe('sandbox YubiKey OTP inventory (/api/v1/org/factors/yubikey_token/tokens)', () => {
  it('uploads a seed: UNASSIGNED, the serial padded to 12 digits; ACTIVE with user and deactivate links once a user enrolls the key', async () => {
    const o = await org()
    const up = await o.post(TOKENS, SEED)
    expect(up.status).toBe(200)
    const self = `${o.sb.url}${TOKENS}/${up.body.id}`
    expect(up.body).toEqual({
      id: expect.stringMatching(/^ykk[A-Za-z0-9]{17}$/),
      created: '2023-11-14T22:13:45.000Z',
      lastVerified: '2023-11-14T22:13:45.000Z',
      lastUpdated: '2023-11-14T22:13:45.000Z',
      status: 'UNASSIGNED',
      profile: { serial: '000007886622' },
      _links: { self: { href: self, hints: { allow: ['GET'] } } },
    })
    const dave = await o.userId('dave')
    o.tick(60_000)
    const yk = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: OTP(SEED.publicId) } })).body
    const got = await o.get(`${TOKENS}/${up.body.id}`)
    expect(got.body).toMatchObject({
      status: 'ACTIVE',
      activated: yk.created,
      lastVerified: yk.lastUpdated,
      profile: { serial: '000007886622', email: 'dave@example.com' },
      _links: {
        self: { href: self },
        user: { href: `${o.sb.url}/api/v1/users/${dave}`, hints: { allow: ['GET'] } },
        deactivate: { href: `${o.sb.url}/api/v1/users/${dave}/factors/${yk.id}`, hints: { allow: ['DELETE'] } },
      },
    })
    expect(got.body).not.toHaveProperty('_embedded')
    expect((await o.get(`${TOKENS}/${up.body.id}?expand=user`)).body._embedded.user).toMatchObject({ id: dave, profile: { login: 'dave@example.com' } })
    // Unenrolling the factor frees the key.
    expect((await o.del(`/api/v1/users/${dave}/factors/${yk.id}`)).status).toBe(204)
    expect((await o.get(`${TOKENS}/${up.body.id}`)).body).toMatchObject({ status: 'UNASSIGNED', _links: { self: { href: self } } })
    expect((await o.get(`${TOKENS}/${up.body.id}`)).body._links).not.toHaveProperty('user')
  })

  it.each([
    ['no body', undefined, 'The request body is required'],
    ['a missing publicId', { ...SEED, publicId: undefined }, 'publicId: The field cannot be left blank'],
    ['a serial that is not digits', { ...SEED, serialNumber: 'YK-1' }, 'serialNumber: must be up to 12 digits'],
    ['a publicId that is not modhex', { ...SEED, publicId: 'abcdefabcdef' }, 'publicId: must be 12 modhex characters'],
    ['a short privateId', { ...SEED, privateId: 'b74be6' }, 'privateId: must be 12 hexadecimal characters'],
    ['an aesKey that is not 16 bytes of hex', { ...SEED, aesKey: 'zz' }, 'aesKey: must be 32 hexadecimal characters'],
  ])('refuses an upload with %s: 400 E0000001', async (_name, body, cause) => {
    const o = await org()
    const r = await o.post(TOKENS, body)
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: uploadYubikeyOtpTokenSeedRequest', errorCauses: [{ errorSummary: cause }] })
  })

  it('refuses a serial number or public id uploaded before', async () => {
    const o = await org()
    await o.post(TOKENS, SEED)
    const same = [
      { ...SEED, publicId: 'cccccccccccc' }, // the serial
      { ...SEED, serialNumber: '0007886622', publicId: 'cccccccccccc' }, // the serial, zero-padded
      { ...SEED, serialNumber: '1' }, // the public id
    ]
    for (const body of same) {
      expect((await o.post(TOKENS, body)).body.errorCauses).toEqual([{ errorSummary: 'A YubiKey with this serial number or public id has already been uploaded.' }])
    }
    expect((await o.get(TOKENS)).body).toHaveLength(1)
  })

  it('lists 20 a page (at most 200) with Link headers, filters, sorts, and 404s an unknown id', async () => {
    const o = await org()
    const ids = await upload(o, 3)
    const first = await o.get(`${TOKENS}?limit=2`)
    expect(first.body.map((t: any) => t.id)).toEqual(ids.slice(0, 2))
    expect(first.headers.get('link')).toBe(`<${o.sb.url}${TOKENS}?limit=2>; rel="self", <${o.sb.url}${TOKENS}?limit=2&after=${ids[1]}>; rel="next"`)
    expect((await o.get(`${TOKENS}?limit=2&after=${ids[1]}`)).body.map((t: any) => t.id)).toEqual([ids[2]])
    expect((await o.get(TOKENS)).headers.get('link')).toBe(`<${o.sb.url}${TOKENS}?limit=20>; rel="self"`)
    expect((await o.get(`${TOKENS}?sortBy=profile.serial&sortOrder=DESC`)).body.map((t: any) => t.profile.serial)).toEqual(['000000001002', '000000001001', '000000001000'])
    const dave = await o.userId('dave')
    await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'token:hardware', provider: 'YUBICO', verify: { passCode: OTP('ccccccdddddd') } })
    expect((await o.get(`${TOKENS}?filter=${encodeURIComponent('status eq "ACTIVE"')}`)).body.map((t: any) => t.id)).toEqual([ids[1]])
    expect((await o.get(`${TOKENS}?filter=${encodeURIComponent(`user.id eq "${dave}"`)}`)).body.map((t: any) => t.id)).toEqual([ids[1]])
    expect((await o.get(`${TOKENS}?filter=${encodeURIComponent('status eq')}`)).body.errorCode).toBe('E0000031')
    expect((await o.get(`${TOKENS}?sortBy=color`)).body.errorCode).toBe('E0000001')
    expect((await o.get(`${TOKENS}?forDownload=true`)).body.errorCauses).toEqual([{ errorSummary: 'forDownload: the sandbox does not produce the CSV download' }])
    const missing = await o.get(`${TOKENS}/ykk00000000000000000`)
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: ykk00000000000000000 (YubikeyToken)' })
  })

  it('keeps the inventory in the state file; a reset empties it; older state files load without one', async () => {
    const file = join(tempDir(), 'sandbox.json')
    const a = await org({ stateFile: file })
    const id = (await a.post(TOKENS, SEED)).body.id
    await a.sb.close()
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    expect(saved.yubikeyTokens).toEqual([{ id, serial: '000007886622', publicId: 'ccccccijgibu', created: expect.any(String), lastUpdated: expect.any(String) }])

    const b = await org({ stateFile: file })
    expect((await b.get(`${TOKENS}/${id}`)).body.id).toBe(id)
    await b.post('/_sandbox/reset')
    expect((await b.get(TOKENS)).body).toEqual([])
    await b.sb.close()

    delete saved.yubikeyTokens
    writeFileSync(file, JSON.stringify(saved))
    const c = await org({ stateFile: file })
    expect((await c.get(TOKENS)).body).toEqual([])
  })
})
