import type { Auth } from '../api/client.js'
import type { Settings } from '../config/settings.js'
import type { AuthDeps, OAuthAuth } from './types.js'

export type { AuthDeps, OAuthAuth, OAuthDetails, OAuthTokenInfo } from './types.js'

export function isOAuthAuth(a: Auth): a is OAuthAuth {
  return typeof (a as Partial<OAuthAuth>).token === 'function' && typeof (a as Partial<OAuthAuth>).details === 'function'
}

/**
 * Build the request authoriser for the resolved credentials. The OAuth code (jose, node:crypto,
 * the token cache) is imported only when a PrivateKey profile is used, so `--help` and SSWS
 * runs never load it.
 */
export async function createAuth(settings: Settings, deps: AuthDeps): Promise<Auth> {
  const c = settings.credentials
  if (c.mode === 'SSWS') {
    const header = `SSWS ${c.token}`
    return { mode: 'SSWS', headers: () => Promise.resolve({ Authorization: header }) }
  }
  const { createPrivateKeyAuth } = await import('./oauth.js')
  return createPrivateKeyAuth(settings.orgUrl, c, deps)
}
