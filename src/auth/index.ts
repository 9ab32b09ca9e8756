import type { Auth, ClientOptions } from '../api/client.js'
import type { Settings } from '../config/settings.js'
import type { ExplainableAuth } from './explain.js'

export interface AuthDeps {
  env: Readonly<Record<string, string | undefined>>
  debug: (line: string) => void
  /** The proxy agent for the token request, as OktaClient gets it. */
  agentFor?: ClientOptions['agentFor']
  noTokenCache?: boolean
  now: () => number
  /** Timeout of the token request (the API's own timeout). */
  timeoutMs?: number
  userAgent?: string
  /** Base for a relative private key path given in the environment. */
  cwd?: string
}

/** What an OAuth access token is, without the token. */
export interface OAuthTokenInfo {
  tokenType: 'Bearer' | 'DPoP'
  scopes: string[]
  /** Epoch milliseconds. */
  expiresAt: number
  source: 'cache' | 'okta'
}

/** Facts about the OAuth client for `doctor`, all safe to print. */
export interface OAuthDetails {
  clientId: string
  requestedScopes: string[]
  keyOrigin: string
  keyDescription: string
  alg: string
  kid?: string
  keyFileMode?: number
  cacheFile?: string
}

export interface OAuthAuth extends Auth, ExplainableAuth {
  /** Get (or reuse) an access token and say what it is. */
  token(): Promise<OAuthTokenInfo>
  details(): OAuthDetails
}

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
