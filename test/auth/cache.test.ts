import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run.js'
import { makeKey } from './helpers/keys.js'
import { CLIENT_ID, OrgServer, USER_ID, oauthEnv } from './helpers/org-server.js'

let server: OrgServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const LIST = ['factors', 'list', USER_ID]
const home = () => mkdtempSync(join(tmpdir(), 'oktactl-cache-'))
const cacheFile = (h: string) => join(h, 'state', 'tokens.json')

describe('token cache', () => {
  it('lets two processes sharing a state dir fetch one token; the file is 0600 and says what the token is', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const h = home()
    const first = await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    const second = await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    expect([first.exitCode, second.exitCode]).toEqual([0, 0])
    expect(server.tokenRequests).toBe(1)
    expect(server.apiCalls()).toHaveLength(2)
    expect(statSync(cacheFile(h)).mode & 0o777).toBe(0o600)
    const doc = JSON.parse(readFileSync(cacheFile(h), 'utf8'))
    const entries = Object.values<Record<string, unknown>>(doc.tokens)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ tokenType: 'Bearer', orgUrl: server.url, clientId: CLIENT_ID, scopes: ['okta.users.read', 'okta.users.manage'] })
    // Written atomically: no temporary files are left beside it.
    expect(readdirSync(join(h, 'state')).filter((f) => f.includes('tokens'))).toEqual(['tokens.json'])
  })

  it('caches a DPoP-bound token as DPoP with the key thumbprint, and keeps signing proofs with that key', async () => {
    const key = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true })
    const h = home()
    await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    const again = await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    expect(again.exitCode, again.stderr).toBe(0)
    expect(server.tokenRequests).toBe(2) // the nonce dance, once
    expect(server.apiCalls().map((c) => c.scheme)).toEqual(['DPoP', 'DPoP'])
    const [entry] = Object.values<Record<string, unknown>>(JSON.parse(readFileSync(cacheFile(h), 'utf8')).tokens)
    expect(entry).toMatchObject({ tokenType: 'DPoP', jkt: expect.any(String) })
  })

  it('does not reuse a token across different scopes or keys', async () => {
    const key = makeKey('rsa')
    const other = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const h = home()
    await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    await runCli(LIST, { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }), home: h })
    expect(server.tokenRequests).toBe(2)
    const r = await runCli(LIST, { env: oauthEnv(server, other.file), home: h })
    expect(server.tokenRequests).toBe(3)
    expect(r.exitCode).toBe(4) // the other key is not registered: it must not ride on a cached token
  })

  it.each([
    ['--no-token-cache', ['--no-token-cache'], {}],
    ['OKTACTL_NO_TOKEN_CACHE=1', [], { OKTACTL_NO_TOKEN_CACHE: '1' }],
  ] as const)('is off with %s: every run fetches a token and no file is written', async (_n, flags, extra) => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const h = home()
    await runCli([...flags, ...LIST], { env: oauthEnv(server, key.file, extra), home: h })
    await runCli([...flags, ...LIST], { env: oauthEnv(server, key.file, extra), home: h })
    expect(server.tokenRequests).toBe(2)
    expect(existsSync(cacheFile(h))).toBe(false)
  })

  it('refetches once when the API answers 401 to a cached token, and replaces it in the cache', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const h = home()
    await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    const before = readFileSync(cacheFile(h), 'utf8')
    server.revokeAll()
    const r = await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(server.tokenRequests).toBe(2)
    expect(server.apiCalls().map((c) => `${c.scheme} ${c.status}`)).toEqual(['Bearer 200', 'Bearer 401', 'Bearer 200'])
    expect(readFileSync(cacheFile(h), 'utf8')).not.toBe(before)
  })

  it('does not retry a 401 to a token it has just fetched (exit 4, one token request)', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const h = home()
    server.rejectTokens = true
    const r = await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('Okta did not accept the OAuth access token')
    expect(server.tokenRequests).toBe(1)
    expect(server.apiCalls()).toHaveLength(1)
    expect(existsSync(cacheFile(h))).toBe(false)
  })

  it('fetches a new token once the cached one is within 60 s of expiry', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, expiresIn: 59 })
    const h = home()
    await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    expect(server.tokenRequests).toBe(2)
  })

  it('ignores a damaged cache file and replaces it', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const h = home()
    await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    writeFileSync(cacheFile(h), '{not json', { mode: 0o600 })
    const r = await runCli(LIST, { env: oauthEnv(server, key.file), home: h })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(readFileSync(cacheFile(h), 'utf8')).version).toBe(1)
  })
})

const BIN = join(process.cwd(), 'bin', 'oktactl.js')
const built = existsSync(join(process.cwd(), 'dist', 'cli.js')) &&
  readdirSync(join(process.cwd(), 'dist')).some((f) => f.endsWith('.js') && readFileSync(join(process.cwd(), 'dist', f), 'utf8').includes('client-assertion-type:jwt-bearer'))

// Two real processes. Needs `npm run build` (skipped when dist/ is missing or predates OAuth support).
describe.skipIf(!built)(`token cache across real processes (built bin/oktactl.js)${built ? '' : ' (SKIPPED: no dist/ build with OAuth support; run `npm run build` first)'}`, () => {
  it('fetches one token for two invocations', async () => {
    const key = makeKey('P-256')
    // Real processes use the real clock.
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true, clock: () => Date.now() })
    const h = home()
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: h,
      OKTACTL_CONFIG_DIR: join(h, 'config'),
      OKTACTL_STATE_DIR: join(h, 'state'),
      NO_COLOR: '1',
      ...oauthEnv(server, key.file),
    }
    const run = promisify(execFile)
    const a = await run(process.execPath, [BIN, ...LIST], { env })
    const b = await run(process.execPath, [BIN, ...LIST, '--debug'], { env })
    expect(a.stdout).toMatch(/^mbl1factor0000000001\tsms/)
    expect(b.stdout).toBe(a.stdout)
    expect(b.stderr).toContain('using the cached DPoP access token')
    expect(server.tokenRequests).toBe(2) // one nonce dance, in the first process only
    expect(server.apiCalls().map((c) => `${c.scheme} ${c.status}`)).toEqual(['DPoP 200', 'DPoP 200'])
  })
})
