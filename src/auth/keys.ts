import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { describeKeySource, keySourceKind, resolveKeyPath } from '../config/privatekey.js'
import { AuthError } from '../errors.js'

export type SigningAlg = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512'
const RSA_ALGS: SigningAlg[] = ['RS256', 'RS384', 'RS512']
const CURVE_ALG: Record<string, SigningAlg> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }
const CURVE_NAME: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }

/** A private key ready to sign client assertions and DPoP proofs. Holds no PEM text. */
export interface SigningKey {
  key: KeyObject
  alg: SigningAlg
  /** The `kid` header: the configured key id, else the JWK's own `kid`. */
  kid?: string
  /** The public half as a JWK (kty, n, e / kty, crv, x, y), for the DPoP proof header. */
  publicJwk: JsonWebKey
  /** RFC 7638 thumbprint of publicJwk: binds a cached DPoP token to this key. */
  thumbprint: string
  /** e.g. "RSA 2048-bit" or "EC P-256". */
  description: string
  /** Where the key came from, safe to print (a path, or "inline …"). */
  origin: string
  /** Permission bits of the key file, when it is a file. */
  fileMode?: number
}

/**
 * Load the key a `privateKey` setting names: a PEM block (PKCS#8 `PRIVATE KEY`, PKCS#1
 * `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`), a JWK (or a JWKS with one key, or the key whose
 * `kid` matches), inline or in a file. node:crypto reads all of these into a KeyObject, which
 * jose signs with directly, so no conversion to PKCS#8 is needed. Errors name the file, never
 * its content.
 */
export async function loadSigningKey(spec: string, opts: { keyId?: string; cwd: string; home?: string }): Promise<SigningKey> {
  let text = spec
  let origin = describeKeySource(spec)
  let fileMode: number | undefined
  if (keySourceKind(spec) === 'path') {
    const path = resolveKeyPath(spec, opts.cwd, opts.home)
    origin = path
    try {
      text = await readFile(path, 'utf8')
      fileMode = (await stat(path)).mode & 0o777
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new AuthError(
        `Cannot read the private key file ${path}${code ? ` (${code})` : ''}.`,
        'Give the path of a PEM or JWK file with --private-key, okta.yaml `privateKey` or OKTA_CLIENT_PRIVATEKEY.',
      )
    }
  }
  const kind = keySourceKind(text)
  let key: KeyObject
  let jwkKid: string | undefined
  let jwkAlg: string | undefined
  if (kind === 'jwk') {
    const jwk = pickJwk(text, opts.keyId, origin)
    jwkKid = typeof jwk.kid === 'string' ? jwk.kid : undefined
    jwkAlg = typeof jwk.alg === 'string' ? jwk.alg : undefined
    if (typeof jwk.d !== 'string') throw new AuthError(`The JWK in ${origin} is a public key; oktactl needs the private key (with "d").`)
    try {
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' })
    } catch {
      throw new AuthError(`The JWK in ${origin} is not a usable RSA or EC private key.`)
    }
  } else if (kind === 'pem') {
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text)) {
      throw new AuthError(
        `The private key in ${origin} is encrypted; oktactl needs it unencrypted.`,
        'Decrypt a copy, e.g. `openssl pkcs8 -in key.pem -out key-plain.pem`, and keep it at mode 0600.',
      )
    }
    if (/-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(text) && !/PRIVATE KEY-----/.test(text)) {
      throw new AuthError(`${origin} holds a public key or certificate; oktactl needs the private key.`)
    }
    try {
      key = createPrivateKey({ key: text, format: 'pem' })
    } catch {
      throw new AuthError(`${origin} is not a PEM private key that Node can read (PKCS#8, PKCS#1 or SEC1).`)
    }
  } else {
    throw new AuthError(`${origin} holds neither a PEM private key nor a JWK.`)
  }

  const type = key.asymmetricKeyType
  let alg: SigningAlg
  let description: string
  if (type === 'rsa') {
    alg = jwkAlg && (RSA_ALGS as string[]).includes(jwkAlg) ? (jwkAlg as SigningAlg) : 'RS256'
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (bits < 2048) throw new AuthError(`The RSA key in ${origin} has ${bits} bits; Okta needs at least 2048.`)
    description = `RSA ${bits}-bit`
  } else if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? ''
    const a = CURVE_ALG[curve]
    if (!a) throw new AuthError(`The EC key in ${origin} uses curve ${curve || 'unknown'}; Okta accepts P-256, P-384 and P-521.`)
    alg = a
    description = `EC ${CURVE_NAME[curve] ?? curve}`
  } else {
    throw new AuthError(`The key in ${origin} is ${type ?? 'of an unknown type'}; Okta service apps use RSA or EC keys.`)
  }

  const full = createPublicKey(key).export({ format: 'jwk' })
  const publicJwk: JsonWebKey =
    full.kty === 'RSA' ? { kty: 'RSA', n: full.n, e: full.e } : { kty: 'EC', crv: full.crv, x: full.x, y: full.y }
  return {
    key,
    alg,
    kid: opts.keyId || jwkKid || undefined,
    publicJwk,
    thumbprint: jwkThumbprint(publicJwk),
    description,
    origin,
    fileMode,
  }
}

function pickJwk(text: string, keyId: string | undefined, origin: string): Record<string, unknown> {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    // JSON.parse's message quotes the text; the text is a private key.
    throw new AuthError(`${origin} looks like a JWK but is not valid JSON.`)
  }
  const obj = (doc ?? {}) as Record<string, unknown>
  if (!Array.isArray(obj.keys)) return obj
  const keys = obj.keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null)
  const match = keyId ? keys.filter((k) => k.kid === keyId) : keys
  if (match.length === 1 && match[0]) return match[0]
  throw new AuthError(
    match.length === 0 ? `The JWKS in ${origin} has no key${keyId ? ` with kid "${keyId}"` : ''}.` : `The JWKS in ${origin} has ${match.length} keys; name one with --key-id.`,
  )
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: 'RSA', n: jwk.n } : { crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}
