import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run.js'
import { makeKey } from '../../auth/helpers/keys.js'
import { CLIENT_ID, OrgServer, USER_ID } from '../../auth/helpers/org-server.js'

const ORG = 'https://acme.okta.com'
const config = (home: string) => JSON.parse(readFileSync(join(home, 'config', 'config.json'), 'utf8'))

let server: OrgServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('profile add for an OAuth service app', () => {
  it('stores the client id, the absolute key path, key id and scopes, never the key, and asks for no token', async () => {
    const key = makeKey('rsa')
    const cwd = mkdtempSync(join(tmpdir(), 'oktactl-cwd-'))
    copyFileSync(key.file, join(cwd, 'svc.pem'))
    chmodSync(join(cwd, 'svc.pem'), 0o600)
    const r = await runCli(
      ['profile', 'add', 'svc', '--org', ORG, '--client-id', CLIENT_ID, '--private-key', 'svc.pem', '--key-id', 'k1', '--scopes', 'okta.users.read okta.users.manage'],
      { cwd, tty: true },
    )
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.asked).toEqual([])
    expect(r.stderr.replace(/\n {2}/g, ' ')).toMatch(/^Saved profile "svc" for https:\/\/acme\.okta\.com \(OAuth client 0oa1serviceapp000000, RSA 2048-bit key .*svc\.pem \(kid k1\)\) \(default\) in /)
    expect(config(r.home).profiles.svc).toEqual({
      orgUrl: ORG,
      authMode: 'PrivateKey',
      clientId: CLIENT_ID,
      privateKeyPath: join(cwd, 'svc.pem'),
      keyId: 'k1',
      scopes: ['okta.users.read', 'okta.users.manage'],
    })
    const text = readFileSync(join(r.home, 'config', 'config.json'), 'utf8')
    for (const bit of key.secretBits) expect(text).not.toContain(bit)

    const list = await runCli(['profile', 'list'], { home: r.home })
    expect(list.stdout).toBe(`svc\t${ORG}\tPrivateKey\tyes\t\n`)
  })

  it('leaves scopes and key id out when not given (the defaults and the JWK kid apply)', async () => {
    const key = makeKey('P-256', 'jwk', 'jwk-kid')
    const r = await runCli(['profile', 'add', 'svc', '--org', ORG, '--client-id', CLIENT_ID, '--private-key', key.file])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain('EC P-256 key')
    expect(r.stderr).toContain('(kid jwk-kid)')
    expect(config(r.home).profiles.svc).toEqual({ orgUrl: ORG, authMode: 'PrivateKey', clientId: CLIENT_ID, privateKeyPath: key.file })
  })

  it('makes a profile that works: token, then the API', async () => {
    const key = makeKey('P-384', 'sec1')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true })
    const add = await runCli(['profile', 'add', 'svc', '--org', server.url, '--client-id', CLIENT_ID, '--private-key', key.file])
    const r = await runCli(['-p', 'svc', 'factors', 'list', USER_ID], { home: add.home })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(server.apiCalls()).toEqual([{ method: 'GET', path: `/api/v1/users/${USER_ID}/factors`, scheme: 'DPoP', status: 200 }])
  })

  it('warns when the key file is readable by others', async () => {
    const key = makeKey('rsa')
    chmodSync(key.file, 0o644)
    const r = await runCli(['profile', 'add', 'svc', '--org', ORG, '--client-id', CLIENT_ID, '--private-key', key.file])
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toContain(`! ${key.file} is readable by other users (mode 0644); run \`chmod 600 ${key.file}\`.`)
  })

  it.each([
    ['--client-id without --private-key', ['--client-id', CLIENT_ID], '--client-id needs --private-key <file>'],
    ['--private-key without --client-id', ['--private-key', '/k.pem'], '--private-key needs --client-id <id>'],
    ['--token-stdin with --client-id', ['--client-id', CLIENT_ID, '--private-key', '/k.pem', '--token-stdin'], '--token-stdin is for API tokens'],
    ['--key-id without a client', ['--key-id', 'k1', '--token-stdin'], '--key-id and --scopes apply to OAuth profiles'],
    ['the key itself instead of a path', ['--client-id', CLIENT_ID, '--private-key', '-----BEGIN PRIVATE KEY-----'], '--private-key takes a file path, not the key itself.'],
    ['empty --scopes', ['--client-id', CLIENT_ID, '--private-key', '/k.pem', '--scopes', ' '], '--scopes is empty.'],
  ])('refuses %s (exit 2, nothing saved)', async (_n, flags, message) => {
    const r = await runCli(['profile', 'add', 'svc', '--org', ORG, ...flags], { stdin: 'tok\n' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(message)
    expect(existsSync(join(r.home, 'config', 'config.json'))).toBe(false)
  })

  it('refuses a missing or unusable key file (exit 4, nothing saved)', async () => {
    const missing = await runCli(['profile', 'add', 'svc', '--org', ORG, '--client-id', CLIENT_ID, '--private-key', '/no/such.pem'])
    expect(missing.exitCode).toBe(4)
    expect(missing.stderr).toContain('Cannot read the private key file /no/such.pem (ENOENT).')
    const pub = makeKey('rsa')
    const dir = mkdtempSync(join(tmpdir(), 'oktactl-pub-'))
    const file = join(dir, 'pub.pem')
    writeFileSync(file, pub.publicKey.export({ type: 'spki', format: 'pem' }))
    const bad = await runCli(['profile', 'add', 'svc', '--org', ORG, '--client-id', CLIENT_ID, '--private-key', file])
    expect(bad.exitCode).toBe(4)
    expect(bad.stderr).toContain('holds a public key or certificate')
    expect(existsSync(join(bad.home, 'config', 'config.json'))).toBe(false)
  })

  it('stores readOnly from --read-only (a global option commander gives the root)', async () => {
    const key = makeKey('rsa')
    const r = await runCli(['profile', 'add', 'svc', '--org', ORG, '--client-id', CLIENT_ID, '--private-key', key.file, '--read-only', '--scopes', 'okta.users.read'])
    expect(config(r.home).profiles.svc).toMatchObject({ readOnly: true, scopes: ['okta.users.read'] })
  })
})
