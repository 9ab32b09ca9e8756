import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateSync } from 'otplib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../src/context.js'
import { main } from '../../src/main.js'
import { SEED_TOTP_SECRETS, type Sandbox, startSandbox } from '../../src/sandbox/index.js'
import { fakeIO } from '../helpers/io.js'
import { secretsOnStdin } from '../helpers/run.js'

// oktactl's factor commands, unchanged, against the sandbox: the two halves agree on the API.

const T0 = 1_700_000_025_000
let sb: Sandbox
let home: string

beforeAll(async () => {
  sb = await startSandbox({ now: () => T0, pushDelay: 0 })
  home = mkdtempSync(join(tmpdir(), 'oktactl-vs-sandbox-'))
  mkdirSync(join(home, 'config'), { recursive: true, mode: 0o700 })
  writeFileSync(join(home, 'config', 'config.json'), JSON.stringify({ defaultProfile: 'sb', profiles: { sb: { orgUrl: sb.url, authMode: 'SSWS', token: sb.token } } }), { mode: 0o600 })
})
afterAll(async () => {
  await sb.close()
  rmSync(home, { recursive: true, force: true })
})

async function oktactl(...args: string[]) {
  const { argv, stdin } = secretsOnStdin(args)
  const f = fakeIO({ stdin })
  const services: Services = {
    io: f.io,
    env: { HOME: home, OKTACTL_CONFIG_DIR: join(home, 'config'), OKTACTL_STATE_DIR: join(home, 'state') },
    cwd: home,
    now: () => new Date(T0),
    sleep: async () => undefined,
  }
  const exitCode = await main(argv, services)
  return { exitCode, stdout: f.stdout(), stderr: f.stderr() }
}

const lastCode = async (user: string) => {
  const r = await fetch(`${sb.url}/_sandbox/outbox?user=${user}`, { headers: { Authorization: `SSWS ${sb.token}` } })
  return ((await r.json()) as { code: string }[]).at(-1)!.code
}
const rows = (tsv: string) => tsv.split('\n').filter(Boolean).map((l) => l.split('\t'))

describe('oktactl factors … against the sandbox', () => {
  it('lists, gets, and shows the catalog and questions', async () => {
    const list = await oktactl('factors', 'list', 'alice@example.com', '-o', 'tsv')
    expect(list.exitCode).toBe(0)
    expect(rows(list.stdout).map((r) => r[1])).toEqual(['sms', 'token:software:totp', 'push', 'question'])
    const get = await oktactl('factors', 'get', 'alice', 'sms', '--json')
    expect(get.exitCode).toBe(0)
    expect(JSON.parse(get.stdout)).toMatchObject({ factorType: 'sms', status: 'ACTIVE', profile: { phoneNumber: '+15555550101' } })
    expect(rows((await oktactl('factors', 'catalog', 'dave', '-o', 'tsv')).stdout)).toHaveLength(13)
    expect(rows((await oktactl('factors', 'questions', 'dave', '-o', 'tsv')).stdout)).toHaveLength(20)
  })

  it('enrolls and activates sms with the code from the outbox, then deletes it', async () => {
    const enroll = await oktactl('factors', 'enroll', 'dave', '--type', 'sms', '--phone', '+15551234567', '--json')
    expect(enroll.exitCode, enroll.stderr).toBe(0)
    expect(JSON.parse(enroll.stdout)).toMatchObject({ factorType: 'sms', status: 'PENDING_ACTIVATION' })
    const activate = await oktactl('factors', 'activate', 'dave', 'sms', '--code', await lastCode('dave'))
    expect(activate.exitCode, activate.stderr).toBe(0)
    const del = await oktactl('factors', 'delete', 'dave', 'sms', '--yes')
    expect(del.exitCode, del.stderr).toBe(0)
    expect((await oktactl('factors', 'list', 'dave', '--json')).stdout.trim()).toBe('[]')
  })

  it("enrolls a phone written as Okta's examples write it (+1-555-415-1337): E.164 on the wire and in the org", async () => {
    const enroll = await oktactl('factors', 'enroll', 'dave', '--type', 'call', '--phone', '+1-555-415-1337', '--extension', '1234', '--json')
    expect(enroll.exitCode, enroll.stderr).toBe(0)
    expect(JSON.parse(enroll.stdout)).toMatchObject({ factorType: 'call', status: 'PENDING_ACTIVATION', profile: { phoneNumber: '+15554151337', phoneExtension: '1234' } })
    const outbox = (await (await fetch(`${sb.url}/_sandbox/outbox?user=dave`, { headers: { Authorization: `SSWS ${sb.token}` } })).json()) as { to: string }[]
    expect(outbox.at(-1)?.to).toBe('+15554151337')
    expect((await oktactl('factors', 'delete', 'dave', 'call', '--yes')).exitCode).toBe(0)
  })

  it('verifies TOTP codes and answers; a replayed or wrong one exits 3', async () => {
    const code = generateSync({ secret: SEED_TOTP_SECRETS['alice@example.com'], epoch: T0 / 1000 })
    const ok = await oktactl('factors', 'verify', 'alice', 'totp', '--code', code)
    expect(ok.exitCode, ok.stderr).toBe(0)
    const replay = await oktactl('factors', 'verify', 'alice', 'totp', '--code', code)
    expect(replay.exitCode).toBe(3)
    expect((await oktactl('factors', 'verify', 'alice', 'question', '--answer', 'mayonnaise')).exitCode).toBe(0)
    expect((await oktactl('factors', 'verify', 'alice', 'question', '--answer', 'ketchup')).exitCode).toBe(3)
  })

  it('waits for pushes: alice approves, bob rejects', async () => {
    const alice = await oktactl('factors', 'verify', 'alice', 'push', '--wait')
    expect(alice.exitCode, alice.stderr).toBe(0)
    const bob = await oktactl('factors', 'verify', 'bob', 'push', '--wait')
    expect(bob.exitCode).toBe(3)
  })

  it('enrolls push and waits until the QR code is scanned', async () => {
    const r = await oktactl('factors', 'enroll', 'dave', '--type', 'push', '--wait')
    expect(r.exitCode, r.stderr).toBe(0)
    expect(JSON.parse((await oktactl('factors', 'list', 'dave', '--json')).stdout).map((f: any) => `${f.factorType}:${f.status}`)).toEqual([
      'push:ACTIVE', 'token:software:totp:ACTIVE', 'signed_nonce:ACTIVE',
    ])
  })

  it('enrolls a Google TOTP, writes its secret, and activates it with a computed code', async () => {
    const file = join(home, 'totp.uri')
    const r = await oktactl('factors', 'enroll', 'carol', '--type', 'totp', '--provider', 'GOOGLE', '--secret-file', file)
    expect(r.exitCode).not.toBe(0) // carol already has a Google TOTP
    expect(r.stderr).toContain('A factor of this type is already set up.')
    const e = await oktactl('factors', 'enroll', 'bob', '--type', 'totp', '--provider', 'GOOGLE', '--secret-file', file)
    expect(e.exitCode, e.stderr).toBe(0)
    const secret = new URL(readFileSync(file, 'utf8').trim()).searchParams.get('secret')!
    const a = await oktactl('factors', 'activate', 'bob', 'totp', '--code', generateSync({ secret, epoch: T0 / 1000 }))
    expect(a.exitCode, a.stderr).toBe(0)
  })

  it('resets all factors; a deprovisioned user cannot be changed (exit 4)', async () => {
    // carol holds SUPER_ADMIN: refused (exit 4) unless --allow-admin, which off a terminal goes with --yes (issue 5)
    expect((await oktactl('factors', 'reset', 'carol', '--yes')).exitCode).toBe(4)
    expect((await oktactl('factors', 'reset', 'carol', '--allow-admin', '--yes')).exitCode).toBe(0)
    expect((await oktactl('factors', 'list', 'carol', '--json')).stdout.trim()).toBe('[]')
    const erin = await oktactl('factors', 'delete', 'erin', 'sms', '--yes')
    expect(erin.exitCode).toBe(4)
    expect(erin.stderr).toContain('E0000038')
  })
})

