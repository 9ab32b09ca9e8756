import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** PKCS#8 PEM of the private key. */
  pem: string
  /** The private key as a JWK, as JSON text. */
  jwk: string
  /** A PEM file (mode 0600) holding the key in `format`. */
  file: string
  /** Distinctive slices of the key material that must never be printed. */
  secretBits: string[]
}

const cache = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>()

/** RSA 2048 or EC P-256/P-384/P-521 keys; pairs are made once per process (RSA generation is slow). */
export function makeKey(kind: 'rsa' | 'P-256' | 'P-384' | 'P-521' = 'rsa', format: 'pkcs8' | 'pkcs1' | 'sec1' | 'jwk' = 'pkcs8', kid?: string): TestKey {
  let pair = cache.get(kind)
  if (!pair) {
    pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: kind })
    cache.set(kind, pair)
  }
  const { privateKey, publicKey } = pair
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const jwkObj = { ...privateKey.export({ format: 'jwk' }), ...(kid ? { kid } : {}) }
  const jwk = JSON.stringify(jwkObj)
  const dir = mkdtempSync(join(tmpdir(), 'oktactl-key-'))
  let content: string
  if (format === 'jwk') content = jwk
  else if (format === 'pkcs8') content = pem
  else content = privateKey.export({ format: 'pem', type: format }).toString()
  const file = join(dir, format === 'jwk' ? 'key.json' : 'key.pem')
  writeFileSync(file, content, { mode: 0o600 })
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'))
  const secretBits = [body[3] ?? '', String(jwkObj.d).slice(0, 24)]
  return { privateKey, publicKey, pem, jwk, file, secretBits }
}
