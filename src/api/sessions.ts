import type { OktaClient } from './client.js'
import { apiPath } from './path.js'

/** User sessions, authenticators and TAC enrollments; names follow the spec's operationIds. */

/** revokeUserSessions: 204. `oauthTokens` also revokes the user's OIDC/OAuth access and refresh tokens. */
export const revokeUserSessions = (c: OktaClient, userId: string, oauthTokens: boolean) =>
  c.request(apiPath`/api/v1/users/${userId}/sessions`, { method: 'DELETE', query: oauthTokens ? { oauthTokens: true } : undefined })

export interface Authenticator {
  id: string
  key?: string
  type?: string
  status?: string
  name?: string
  [k: string]: unknown
}

/** listAuthenticators (Identity Engine): the org's authenticators, TAC among them when enabled. */
export const listAuthenticators = (c: OktaClient) => c.get<Authenticator[]>('/api/v1/authenticators', undefined, 'array', ['id'])

export interface TacEnrollment {
  id: string
  type?: string
  status?: string
  created?: string
  profile?: { tac?: string; expiresAt?: string; multiUse?: boolean }
  [k: string]: unknown
}

/**
 * createTacAuthenticatorEnrollment: an auto-activated temporary access code. The spec types
 * `ttl` (minutes, 10–14400) as a string. Issuing one invalidates the user's earlier TAC.
 */
export const createTac = (c: OktaClient, userId: string, authenticatorId: string, ttlMinutes: number | undefined, multiUse: boolean) =>
  c.request<TacEnrollment>(apiPath`/api/v1/users/${userId}/authenticator-enrollments/tac`, {
    method: 'POST',
    expect: 'object',
    require: ['id'],
    body: { authenticatorId, profile: { ...(ttlMinutes !== undefined ? { ttl: String(ttlMinutes) } : {}), multiUse } },
  })
