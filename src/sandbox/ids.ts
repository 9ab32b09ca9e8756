import { createHash, randomBytes, randomInt } from 'node:crypto'

// Okta ids are a 3-character prefix plus alphanumerics, 20 characters in all
// (users `00u…`, factors `mbl…`/`ost…`/`opf…`, role assignments `ra1…`).

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

export function randomAlnum(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALNUM.charAt(randomInt(ALNUM.length))
  return out
}

/** Alphanumerics derived from `key`, so seeded ids are the same after every reset. */
export function derivedAlnum(key: string, length: number): string {
  let out = ''
  for (let round = 0; out.length < length; round++) {
    for (const byte of createHash('sha256').update(`${round}:${key}`).digest()) {
      if (byte < 248) out += ALNUM.charAt(byte % 62) // 248 = 4 × 62: no modulo bias
      if (out.length === length) break
    }
  }
  return out
}

/** A 20-character Okta-style id: `prefix` + alphanumerics (derived from `seedKey` when given). */
export function oktaId(prefix: string, seedKey?: string): string {
  const n = 20 - prefix.length
  return prefix + (seedKey === undefined ? randomAlnum(n) : derivedAlnum(seedKey, n))
}

/** An SSWS-like API token: `00` + 40 URL-safe characters. */
export function newApiToken(): string {
  return '00' + randomBytes(30).toString('base64url')
}

/** `X-Okta-Request-Id` / `errorId`: 27 URL-safe characters, like Okta's. */
export function newRequestId(): string {
  return randomBytes(20).toString('base64url')
}

/** Push verification transaction id, shaped like Okta's `v2mst.…`. */
export function newTransactionId(): string {
  return 'v2mst.' + randomBytes(16).toString('base64url')
}
