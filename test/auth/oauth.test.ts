import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { FIXED_NOW, runCli } from '../helpers/run.js'
import { makeKey, type TestKey } from './helpers/keys.js'
import { CLIENT_ID, OrgServer, USER_ID, oauthEnv } from './helpers/org-server.js'

let server: OrgServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const LIST = ['factors', 'list', USER_ID]

describe('private_key_jwt client credentials', () => {
  it.each([
    ['RSA PKCS#8 PEM', 'rsa', 'pkcs8'],
    ['RSA PKCS#1 PEM', 'rsa', 'pkcs1'],
    ['RSA JWK', 'rsa', 'jwk'],
    ['EC P-256 SEC1 PEM', 'P-256', 'sec1'],
    ['EC P-384 PKCS#8 PEM', 'P-384', 'pkcs8'],
    ['EC P-521 JWK', 'P-521', 'jwk'],
  ] as const)('gets a Bearer token with a %s key file and lists factors', async (_n, kind, format) => {
    const key = makeKey(kind, format)
    server = await OrgServer.start({ publicKey: key.publicKey })
    const r = await runCli(LIST, { env: oauthEnv(server, key.file) })
    expect(server.rejections).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(/^mbl1factor0000000001\tsms\t/)
    expect(server.tokenRequests).toBe(1)
    expect(server.apiCalls()).toEqual([{ method: 'GET', path: `/api/v1/users/${USER_ID}/factors`, scheme: 'Bearer', status: 200 }])
  })

  it('sends the assertion the spec asks for: alg by key, kid, aud = token URL, iss = sub = client id, 5 min exp, unique jti', async () => {
    const key = makeKey('P-384')
    server = await OrgServer.start({ publicKey: key.publicKey, keyId: 'kid-384' })
    await runCli(LIST, { env: oauthEnv(server, key.file, { OKTA_CLIENT_KEYID: 'kid-384', OKTACTL_NO_TOKEN_CACHE: '1' }) })
    await runCli(LIST, { env: oauthEnv(server, key.file, { OKTA_CLIENT_KEYID: 'kid-384', OKTACTL_NO_TOKEN_CACHE: '1' }) })
    expect(server.rejections).toEqual([])
    const [a1, a2] = server.secrets.filter((s) => s.split('.').length === 3 && decodeProtectedHeader(s).typ === 'JWT')
    expect(decodeProtectedHeader(a1!)).toEqual({ alg: 'ES384', typ: 'JWT', kid: 'kid-384' })
    const claims = decodeJwt(a1!)
    const now = Math.floor(FIXED_NOW.getTime() / 1000)
    expect(claims).toEqual({ iss: CLIENT_ID, sub: CLIENT_ID, aud: `${server.url}/oauth2/v1/token`, iat: now, exp: now + 300, jti: expect.any(String) })
    expect(decodeJwt(a2!).jti).not.toBe(claims.jti)
  })

  it('uses RS256 for RSA keys and the kid of a JWK file when no key id is configured', async () => {
    const key = makeKey('rsa', 'jwk', 'jwk-kid-1')
    server = await OrgServer.start({ publicKey: key.publicKey, keyId: 'jwk-kid-1' })
    const r = await runCli(LIST, { env: oauthEnv(server, key.file) })
    expect(r.exitCode).toBe(0)
    expect(decodeProtectedHeader(server.secrets[0]!)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'jwk-kid-1' })
  })

  it('accepts the key inline in OKTA_CLIENT_PRIVATEKEY (PEM, also with escaped newlines, or JWK)', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    for (const inline of [key.pem, key.pem.replace(/\n/g, '\\n'), key.jwk]) {
      const r = await runCli(LIST, { env: oauthEnv(server, inline, { OKTACTL_NO_TOKEN_CACHE: '1' }) })
      expect(r.exitCode, r.stderr).toBe(0)
    }
    expect(server.tokenRequests).toBe(3)
  })

  it('requests the configured scopes (OKTA_CLIENT_SCOPES) and explains invalid_scope (exit 4)', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read'] })
    const ok = await runCli(LIST, { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }) })
    expect(ok.exitCode).toBe(0)
    const bad = await runCli(LIST, { env: oauthEnv(server, key.file, { OKTACTL_NO_TOKEN_CACHE: '1' }) })
    expect(bad.exitCode).toBe(4)
    expect(bad.stderr).toContain('Okta refused the scopes "okta.users.read okta.users.manage"')
    expect(bad.stderr).toContain('invalid_scope: The following scopes are not allowed: okta.users.manage')
    expect(bad.stderr).toContain('Okta API Scopes')
    expect(server.apiCalls()).toHaveLength(1)
  })

  it('explains invalid_client (wrong key) with exit 4 and sends no API request', async () => {
    const registered = makeKey('rsa')
    const other = makeKey('P-256')
    server = await OrgServer.start({ publicKey: registered.publicKey })
    const r = await runCli(LIST, { env: oauthEnv(server, other.file) })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toMatch(/Okta rejected the client assertion of client 0oa1serviceapp000000 \(invalid_client: The client_assertion is invalid/)
    expect(r.stderr).toContain('EC P-256 key')
    expect(r.stderr).toContain('clock')
    expect(server.apiCalls()).toEqual([])
  })

  it('fails with exit 4 naming the file when the key file is missing, and sends nothing', async () => {
    server = await OrgServer.start({})
    const r = await runCli(LIST, { env: oauthEnv(server, '/nonexistent/key.pem') })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('Cannot read the private key file /nonexistent/key.pem (ENOENT).')
    expect(server.requests).toEqual([])
  })
})

describe('DPoP', () => {
  const cases: Array<[string, 'rsa' | 'P-256' | 'P-521']> = [
    ['RSA', 'rsa'],
    ['EC P-256', 'P-256'],
    ['EC P-521', 'P-521'],
  ]
  it.each(cases)('answers use_dpop_nonce with a proof and then sends DPoP tokens with fresh proofs (%s key)', async (_n, kind) => {
    const key = makeKey(kind)
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true })
    // A user lookup then the factor list: two API calls, two proofs, each checked for htm/htu/ath/jti.
    const r = await runCli(['factors', 'list', 'alice@example.com', '--json'], { env: oauthEnv(server, key.file) })
    expect(server.rejections).toEqual(['use_dpop_nonce: Authorization server requires nonce in DPoP proof.'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toHaveLength(1)
    expect(server.tokenRequests).toBe(2)
    expect(server.apiCalls().map((c) => `${c.method} ${c.path} ${c.scheme} ${c.status}`)).toEqual([
      'GET /api/v1/users/alice%40example.com DPoP 200',
      `GET /api/v1/users/${USER_ID}/factors DPoP 200`,
    ])
    const proofs = server.secrets.filter((s) => s.split('.').length === 3 && decodeProtectedHeader(s).typ === 'dpop+jwt')
    expect(proofs).toHaveLength(3)
    const header = decodeProtectedHeader(proofs[0]!)
    expect(header.alg).toBe(kind === 'rsa' ? 'RS256' : kind === 'P-256' ? 'ES256' : 'ES512')
    expect(header.jwk).not.toHaveProperty('d')
    expect(decodeJwt(proofs[0]!)).toMatchObject({ htm: 'POST', htu: `${server.url}/oauth2/v1/token`, nonce: server.nonce })
    expect(decodeJwt(proofs[2]!)).toMatchObject({ htm: 'GET', htu: `${server.url}/api/v1/users/${USER_ID}/factors`, ath: expect.any(String) })
    expect(decodeJwt(proofs[2]!)).not.toHaveProperty('nonce')
  })

  it('also starts the dance when the token endpoint says invalid_dpop_proof (proof missing), as Okta does', async () => {
    const key = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true, dpopMissing: 'invalid_dpop_proof' })
    const r = await runCli(LIST, { env: oauthEnv(server, key.file) })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(server.rejections).toEqual(['invalid_dpop_proof: The DPoP proof JWT header is missing.', 'use_dpop_nonce: Authorization server requires nonce in DPoP proof.'])
    expect(server.tokenRequests).toBe(3)
  })
})

describe('DPoP nonce from the API', () => {
  it('retries once with the nonce a resource server asks for, keeping the token', async () => {
    const key = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true, resourceNonce: true })
    const r = await runCli(['factors', 'list', 'alice@example.com'], { env: oauthEnv(server, key.file) })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(server.tokensIssued).toBe(1)
    // The first call learns the nonce from the 401; the second call already carries it.
    expect(server.apiCalls().map((c) => c.status)).toEqual([401, 200, 200])
    const proofs = server.secrets.filter((x) => x.split('.').length === 3 && decodeProtectedHeader(x).typ === 'dpop+jwt')
    expect(decodeJwt(proofs.at(-1)!).nonce).toBe(server.apiNonce)
  })
})

describe('scope errors', () => {
  let key: TestKey
  it('names okta.users.manage when a change is refused for a missing scope (exit 4)', async () => {
    key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read', 'okta.roles.read'] })
    const r = await runCli(['factors', 'delete', USER_ID, 'mbl1factor0000000001', '--yes'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read okta.roles.read' }) })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('Okta HTTP 403 E0000006')
    expect(r.stderr).toContain('This command needs the OAuth scope okta.users.manage (the access token has: okta.users.read okta.roles.read).')
    expect(r.stderr).toContain('Okta API Scopes')
    expect(r.stderr).toContain('X-Okta-Request-Id')
  })

  it('delete and reset without okta.roles.read: the admin guard cannot read roles, refuses (exit 4) and names the scope', async () => {
    key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    for (const argv of [['factors', 'delete', USER_ID, 'mbl1factor0000000001', '--yes'], ['factors', 'reset', USER_ID, '--yes']]) {
      const r = await runCli(argv, { env: oauthEnv(server, key.file) })
      expect(r.exitCode).toBe(4)
      expect(r.stderr).toContain('Could not read the admin roles of alice@example.com (HTTP 403), so it is treated as an admin')
      expect(r.stderr).toContain('Reading admin roles needs the okta.roles.read scope')
      expect(r.stderr).toContain('--scopes "okta.users.read okta.users.manage okta.roles.read"')
    }
    const bulk = await runCli(['factors', 'reset', '--users-file', '-', '--yes'], { env: oauthEnv(server, key.file), stdin: 'alice\nalice@example.com\n' })
    expect(bulk.exitCode).toBe(0)
    expect(bulk.stdout).toContain('skipped\tADMIN')
    expect(bulk.stderr.split('Reading admin roles needs the okta.roles.read scope')).toHaveLength(2) // said once, not per row
    expect(server.requests.filter((q) => q.method !== 'GET' && q.path !== '/oauth2/v1/token')).toEqual([])
  })

  it('names okta.users.read for a read refused with E0000006 and no WWW-Authenticate scope', async () => {
    key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.manage'] })
    const r = await runCli(LIST, { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.manage' }) })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('needs the OAuth scope okta.users.read (the access token has: okta.users.manage)')
  })

  it('says that `factors questions` needs an SSWS API token under OAuth', async () => {
    key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const r = await runCli(['factors', 'questions', USER_ID], { env: oauthEnv(server, key.file) })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('allows with an SSWS API token only')
  })

  it('keeps the SSWS wording for SSWS 403s', async () => {
    server = await OrgServer.start({ ssws: 'good-token-123456789' })
    const r = await runCli(LIST, { env: { OKTA_CLIENT_ORGURL: server.url, OKTA_CLIENT_TOKEN: 'bad-token-123456789' } })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('Check the API token')
    expect(r.stderr).not.toContain('OAuth')
  })
})
