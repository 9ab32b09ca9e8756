import type { Auth } from '../api/client.js'
import type { Settings } from '../config/settings.js'
import { AuthError } from '../errors.js'

export interface AuthDeps {
  env: Readonly<Record<string, string | undefined>>
  debug: (line: string) => void
  /** Passed to fetch for the token request (proxy). */
  dispatcher?: unknown
  noTokenCache?: boolean
  now: () => number
}

/** Build the request authoriser for the resolved credentials. */
export async function createAuth(settings: Settings, deps: AuthDeps): Promise<Auth> {
  const c = settings.credentials
  if (c.mode === 'SSWS') {
    const header = `SSWS ${c.token}`
    return { mode: 'SSWS', headers: async () => ({ Authorization: header }) }
  }
  void deps
  throw new AuthError('OAuth 2.0 private-key authentication is not available in this build.')
}
