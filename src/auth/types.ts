import type { Auth, ClientOptions } from '../api/client.js'
import type { ExplainableAuth } from './explain.js'

/**
 * The authoriser's types, apart from auth/index.ts so that auth/oauth.ts (which index.ts imports
 * lazily) can use them without importing its own importer: no cycle, not even a type-only one.
 */

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
