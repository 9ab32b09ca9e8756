import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

/**
 * What a `privateKey` setting holds. okta.yaml, OKTA_CLIENT_PRIVATEKEY and profiles accept the key
 * itself (a PEM block or a JWK as JSON) or a path to a file with one. This module only tells
 * them apart and describes them; it never parses key material (see src/auth/keys.ts) and
 * never returns it, so it is safe to use for display.
 */
export type KeySourceKind = 'pem' | 'jwk' | 'path'

export function keySourceKind(value: string): KeySourceKind {
  const v = value.trimStart()
  if (v.startsWith('-----BEGIN')) return 'pem'
  if (v.startsWith('{')) return 'jwk'
  return 'path'
}

/** A description for `profile show`, `doctor` and error messages: a path, or that the key is inline. */
export function describeKeySource(value: string): string {
  switch (keySourceKind(value)) {
    case 'pem':
      return '(inline PEM key, not shown)'
    case 'jwk':
      return '(inline JWK, not shown)'
    default:
      return value
  }
}

/** Expand `~/` and make a relative path absolute against `base`. Inline keys are returned unchanged. */
export function resolveKeyPath(value: string, base: string, home = homedir()): string {
  if (keySourceKind(value) !== 'path') return value
  const v = value.trim()
  if (v === '~') return home
  if (v.startsWith('~/')) return join(home, v.slice(2))
  return isAbsolute(v) ? v : resolve(base, v)
}
