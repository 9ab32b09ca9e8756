import { generateKeyPairSync } from 'node:crypto'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { clientAssertion, dpopProof, htuOf, accessTokenHash } from '../../src/auth/jwt.js'
import { jwkThumbprint, loadSigningKey } from '../../src/auth/keys.js'
import { AuthError } from '../../src/errors.js'
import { makeKey } from './helpers/keys.js'

const dir = () => mkdtempSync(join(tmpdir(), 'oktactl-keys-'))
const load = (spec: string, keyId?: string) => loadSigningKey(spec, { keyId, cwd: '/', home: '/home/nobody' })

describe('loadSigningKey', () => {
  it.each([
    ['rsa', 'pkcs8', 'RS256', 'RSA 2048-bit'],
    ['rsa', 'pkcs1', 'RS256', 'RSA 2048-bit'],
    ['P-256', 'sec1', 'ES256', 'EC P-256'],
    ['P-384', 'pkcs8', 'ES384', 'EC P-384'],
    ['P-521', 'jwk', 'ES512', 'EC P-521'],
  ] as const)('reads a %s %s key and picks %s', async (kind, format, alg, description) => {
    const k = makeKey(kind, format)
    const key = await load(k.file)
    expect(key.alg).toBe(alg)
    expect(key.description).toBe(description)
    expect(key.origin).toBe(k.file)
    expect(key.fileMode).toBe(0o600)
    expect(key.publicJwk).not.toHaveProperty('d')
    expect(key.thumbprint).toBe(await calculateJwkThumbprint(key.publicJwk as never))
  })

  it('takes the alg and kid of a JWK, and a configured key id over the JWK kid', async () => {
    const k = makeKey('rsa')
    const jwk = JSON.stringify({ ...JSON.parse(k.jwk), alg: 'RS512', kid: 'from-jwk' })
    expect(await load(jwk)).toMatchObject({ alg: 'RS512', kid: 'from-jwk', origin: '(inline JWK, not shown)' })
    expect((await load(jwk, 'configured')).kid).toBe('configured')
  })

  it('picks the key of a JWKS by kid, and refuses an ambiguous JWKS', async () => {
    const a = JSON.parse(makeKey('rsa').jwk)
    const b = JSON.parse(makeKey('P-256').jwk)
    const jwks = JSON.stringify({ keys: [{ ...a, kid: 'a' }, { ...b, kid: 'b' }] })
    expect((await load(jwks, 'b')).alg).toBe('ES256')
    await expect(load(jwks)).rejects.toThrow('has 2 keys; name one with --key-id')
  })

  it('expands ~/ in a path', async () => {
    const d = dir()
    writeFileSync(join(d, 'k.pem'), makeKey('P-256').pem)
    const key = await loadSigningKey('~/k.pem', { cwd: '/', home: d })
    expect(key.origin).toBe(join(d, 'k.pem'))
  })

  it('reports the file mode so callers can warn about readable keys', async () => {
    const k = makeKey('P-256')
    chmodSync(k.file, 0o644)
    expect((await load(k.file)).fileMode).toBe(0o644)
  })

  const bad: Array<[string, () => string, RegExp]> = [
    ['an encrypted PEM', () => generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey, /is encrypted/],
    ['a public key', () => makeKey('rsa').publicKey.export({ type: 'spki', format: 'pem' }).toString(), /public key or certificate/],
    ['a public JWK', () => JSON.stringify(makeKey('P-256').publicKey.export({ format: 'jwk' })), /is a public key/],
    ['broken JSON', () => '{"kty":"RSA","d":"SECRETSECRET", oops', /looks like a JWK but is not valid JSON/],
    ['an Ed25519 key', () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /ed25519.*RSA or EC/],
    ['a secp256k1 key', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /curve secp256k1/],
    ['a 1024-bit RSA key', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /1024 bits; Okta needs at least 2048/],
    ['garbage PEM', () => '-----BEGIN PRIVATE KEY-----\nAAAASECRETBYTES\n-----END PRIVATE KEY-----\n', /not a PEM private key/],
  ]
  it.each(bad)('refuses %s with an AuthError that does not quote the key', async (_n, make, message) => {
    const text = make()
    const err = await load(text).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect((err as Error).message).toMatch(message)
    expect((err as Error).message).not.toContain('SECRET')
    expect((err as Error).message).not.toContain(text.split('\n')[1] ?? text)
  })

  it('names a missing file with its error code', async () => {
    await expect(load('/no/such/key.pem')).rejects.toThrow('Cannot read the private key file /no/such/key.pem (ENOENT).')
  })
})

describe('JWTs', () => {
  it('signs a client assertion that verifies with the public key', async () => {
    const k = makeKey('P-256')
    const key = await load(k.file, 'kid1')
    const jwt = await clientAssertion({ key, clientId: 'c1', tokenUrl: 'https://o.example/oauth2/v1/token', nowSeconds: 1_800_000_000 })
    const { payload, protectedHeader } = await jwtVerify(jwt, k.publicKey, { currentDate: new Date(1_800_000_000_000), audience: 'https://o.example/oauth2/v1/token', issuer: 'c1', subject: 'c1' })
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'kid1' })
    expect(payload.exp).toBe(1_800_000_300)
  })

  it('puts the public JWK, htm, htu without query or fragment, and ath in a DPoP proof', async () => {
    const key = await load(makeKey('rsa').file)
    const proof = await dpopProof({ key, method: 'get', url: 'https://o.example/api/v1/users?limit=1#x', nowSeconds: 1, accessToken: 'tok' })
    const h = decodeProtectedHeader(proof)
    expect(h).toMatchObject({ typ: 'dpop+jwt', alg: 'RS256', jwk: { kty: 'RSA', n: expect.any(String), e: 'AQAB' } })
    const { payload } = await jwtVerify(proof, (await import('jose')).EmbeddedJWK, { currentDate: new Date(1000) })
    expect(payload).toMatchObject({ htm: 'GET', htu: 'https://o.example/api/v1/users', iat: 1, ath: accessTokenHash('tok'), jti: expect.any(String) })
    expect(htuOf('http://127.0.0.1:9/a/b?c=d')).toBe('http://127.0.0.1:9/a/b')
    expect(jwkThumbprint(key.publicJwk)).toBe(key.thumbprint)
  })
})
