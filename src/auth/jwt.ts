import { createHash, randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type { SigningKey } from './keys.js'

/** Okta accepts assertions up to 1 h ahead; like okta-sdk-nodejs we use 5 minutes. */
export const ASSERTION_LIFETIME_SECONDS = 300

/**
 * The private_key_jwt client assertion: `iss` = `sub` = the client id, `aud` = the token URL,
 * `iat`, `exp` 5 min later, a fresh `jti` (Okta rejects a reused one), and `kid` when known.
 */
export async function clientAssertion(o: { key: SigningKey; clientId: string; tokenUrl: string; nowSeconds: number }): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: o.key.alg, typ: 'JWT', ...(o.key.kid ? { kid: o.key.kid } : {}) })
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(o.tokenUrl)
    .setIssuedAt(o.nowSeconds)
    .setExpirationTime(o.nowSeconds + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(o.key.key)
}

/**
 * A DPoP proof (RFC 9449): header `typ: dpop+jwt`, the algorithm of the key (RS* or ES* by key
 * type and curve: okta-sdk-nodejs#496 hard-coded RS256 and broke EC keys), the public JWK;
 * claims `htm`, `htu` (the URL without query or fragment: okta-sdk-nodejs#453), `iat`, a fresh
 * `jti`, the server's `nonce` when it gave one, and `ath` (base64url SHA-256 of the access
 * token) on resource requests.
 *
 * The DPoP key is the client's own key, as okta-sdk-nodejs does (src/dpop.js); Okta's DPoP
 * guide suggests a separate key, which would mean generating and storing a second key pair per
 * profile for no gain in a CLI whose client key already lives on this machine.
 */
export async function dpopProof(o: {
  key: SigningKey
  method: string
  url: string
  nowSeconds: number
  nonce?: string
  accessToken?: string
}): Promise<string> {
  const claims: Record<string, unknown> = { htm: o.method.toUpperCase(), htu: htuOf(o.url) }
  if (o.nonce) claims.nonce = o.nonce
  if (o.accessToken) claims.ath = accessTokenHash(o.accessToken)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.key.alg, typ: 'dpop+jwt', jwk: o.key.publicJwk })
    .setIssuedAt(o.nowSeconds)
    .setJti(randomUUID())
    .sign(o.key.key)
}

/** `htu`: scheme, host and path of the request, without query and fragment. */
export function htuOf(url: string): string {
  const u = new URL(url)
  u.search = ''
  u.hash = ''
  return u.toString()
}

export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('base64url')
}
