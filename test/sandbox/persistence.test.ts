import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateSync } from 'otplib'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { generatedTotpSecret, startSandbox } from '../../src/sandbox/index.js'
import { T0, org, tempDir } from './helpers.js'

describe('sandbox state file', () => {
  it('creates the state file (mode 0600) with the token before start returns', async () => {
    const file = join(tempDir(), 'nested', 'sandbox.json')
    const o = await org({ stateFile: file })
    const state = JSON.parse(readFileSync(file, 'utf8'))
    expect(state).toMatchObject({ version: 1, token: o.sb.token, generatedUsers: 0 })
    expect(o.sb.token).toMatch(/^00[\w-]{40}$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('keeps users, factors, secrets and the token across a restart', async () => {
    const file = join(tempDir(), 'sandbox.json')
    const a = await org({ stateFile: file })
    const dave = await a.userId('dave')
    const e = await a.post(`/api/v1/users/${dave}/factors`, { factorType: 'token:software:totp', provider: 'GOOGLE' })
    const secret = e.body._embedded.activation.sharedSecret
    await a.sb.close()

    const b = await org({ stateFile: file })
    expect(b.sb.token).toBe(a.sb.token)
    const f = await b.get(`/api/v1/users/${dave}/factors/${e.body.id}`)
    expect(f.body).toMatchObject({ status: 'PENDING_ACTIVATION', _embedded: { activation: { sharedSecret: secret } } })
    const code = generateSync({ secret, epoch: T0 / 1000 })
    expect((await b.post(`/api/v1/users/${dave}/factors/${e.body.id}/lifecycle/activate`, { passCode: code })).body.status).toBe('ACTIVE')
    await b.sb.close()
    // The replay protection survives too.
    const c = await org({ stateFile: file })
    expect((await c.post(`/api/v1/users/${dave}/factors/${e.body.id}/verify`, { passCode: code })).body.errorCode).toBe('E0000082')
  })

  it('coalesces writes: a burst of changes lands in the file shortly after, and on close', async () => {
    const file = join(tempDir(), 'sandbox.json')
    const o = await org({ stateFile: file })
    const carol = await o.userId('carol')
    const before = statSync(file).mtimeMs
    for (const f of (await o.get(`/api/v1/users/${carol}/factors`)).body) await o.del(`/api/v1/users/${carol}/factors/${f.id}`)
    await new Promise((r) => setTimeout(r, 250))
    const state = JSON.parse(readFileSync(file, 'utf8'))
    expect(state.factors.filter((f: any) => f.userId === carol)).toEqual([])
    expect(statSync(file).mtimeMs).toBeGreaterThan(before)
  })

  it('saves a push enrollment that turned ACTIVE when merely read (GET), and only then', async () => {
    const file = join(tempDir(), 'sandbox.json')
    const o = await org({ stateFile: file })
    const dave = await o.userId('dave')
    const push = (await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'push', provider: 'OKTA' })).body
    await new Promise((r) => setTimeout(r, 250))
    const saved = () => JSON.parse(readFileSync(file, 'utf8')).factors.find((f: any) => f.id === push.id)
    expect(saved().status).toBe('PENDING_ACTIVATION')
    const quiet = statSync(file).mtimeMs
    await o.get(`/api/v1/users/${await o.userId('alice')}/factors`) // changes nothing: no write
    await new Promise((r) => setTimeout(r, 250))
    expect(statSync(file).mtimeMs).toBe(quiet)
    expect((await o.get(`/api/v1/users/${dave}/factors/${push.id}`)).body.status).toBe('ACTIVE')
    await new Promise((r) => setTimeout(r, 250))
    expect(saved().status).toBe('ACTIVE')
  })

  it('reset restores the seed and keeps the token', async () => {
    const file = join(tempDir(), 'sandbox.json')
    const o = await org({ stateFile: file })
    const alice = await o.userId('alice')
    await o.post(`/api/v1/users/${alice}/lifecycle/reset_factors`)
    const carol = await o.userId('carol')
    await o.post(`/api/v1/users/${carol}/factors/${(await o.factorOf(carol, 'sms')).id}/verify`)
    expect((await o.get(`/api/v1/users/${alice}/factors`)).body).toEqual([])
    expect(await o.outbox('carol')).toHaveLength(1)
    const r = await o.post('/_sandbox/reset')
    expect(r.body).toEqual({ users: 5 })
    expect((await o.get(`/api/v1/users/${alice}/factors`)).body).toHaveLength(4)
    expect(await o.outbox('carol')).toEqual([])
    await o.sb.reset()
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe(o.sb.token)
  })

  it('a token given in the options wins and is saved', async () => {
    const file = join(tempDir(), 'sandbox.json')
    await org({ stateFile: file })
    const o = await org({ stateFile: file, token: '00given-token' })
    expect(o.sb.token).toBe('00given-token')
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe('00given-token')
  })

  it('refuses a state file that is not sandbox state instead of overwriting it', async () => {
    const file = join(tempDir(), 'sandbox.json')
    writeFileSync(file, '{"not": "ours"}')
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/not a version 1 sandbox state/)
    writeFileSync(file, '{oops')
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/not valid JSON/)
    // A usage error (exit 2 with the fix), not "a bug in oktactl".
    await expect(startSandbox({ stateFile: file })).rejects.toBeInstanceOf(UsageError)
  })
})

describe('sandbox generated users', () => {
  it('starts with 2,000 extra users quickly, finds them by login, and adds more on restart', async () => {
    const file = join(tempDir(), 'sandbox.json')
    const o = await org({ stateFile: file, users: 2000 })
    const u = await o.get('/api/v1/users/user2000@example.com')
    expect(u.body.profile).toMatchObject({ login: 'user2000@example.com', firstName: 'User', lastName: '2000' })
    const factors = (await o.get(`/api/v1/users/${u.body.id}/factors`)).body
    expect(factors.map((f: any) => `${f.factorType}/${f.provider}`)).toEqual(['sms/OKTA', 'token:software:totp/GOOGLE', 'webauthn/FIDO'])
    const code = generateSync({ secret: generatedTotpSecret('user2000@example.com'), epoch: T0 / 1000 })
    expect((await o.post(`/api/v1/users/${u.body.id}/factors/${factors[1].id}/verify`, { passCode: code })).body.factorResult).toBe('SUCCESS')
    await o.sb.close()

    const more = await org({ stateFile: file, users: 2500 })
    expect((await more.get('/api/v1/users/user2500')).status).toBe(200)
    // Same ids as before: generated users are deterministic.
    expect((await more.get('/api/v1/users/user2000')).body.id).toBe(u.body.id)
  })
})
