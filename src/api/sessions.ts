import type { OktaClient } from './client.js'
import { apiPath } from './path.js'

/** User sessions, authenticators and TAC enrollments; names follow the spec's operationIds. */

export interface RevokeUserSessionsRequest {
  userId: string
  /** Also revoke the user's OIDC/OAuth access and refresh tokens. Sent only when true. */
  oauthTokens?: boolean
}

/** revokeUserSessions: 204. */
export const revokeUserSessions = (c: OktaClient, r: RevokeUserSessionsRequest) =>
  c.request(apiPath`/api/v1/users/${r.userId}/sessions`, { method: 'DELETE', query: r.oauthTokens ? { oauthTokens: true } : undefined })

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

export interface CreateTacAuthenticatorEnrollmentRequest {
  userId: string
  /** The org's TAC authenticator (listAuthenticators). */
  authenticatorId: string
  /** Minutes, 10–14400; left out, the authenticator's default. */
  ttlMinutes?: number
  /** Usable more than once within its lifetime. */
  multiUse: boolean
}

/** The createTacAuthenticatorEnrollment body. The spec types `ttl` as a string. */
interface TacEnrollmentBody {
  authenticatorId: string
  profile: { ttl?: string; multiUse: boolean }
}

/**
 * createTacAuthenticatorEnrollment: an auto-activated temporary access code. Issuing one
 * invalidates the user's earlier TAC.
 */
export const createTac = (c: OktaClient, r: CreateTacAuthenticatorEnrollmentRequest) => {
  const body: TacEnrollmentBody = {
    authenticatorId: r.authenticatorId,
    profile: { ...(r.ttlMinutes !== undefined ? { ttl: String(r.ttlMinutes) } : {}), multiUse: r.multiUse },
  }
  return c.request<TacEnrollment>(apiPath`/api/v1/users/${r.userId}/authenticator-enrollments/tac`, {
    method: 'POST',
    expect: 'object',
    require: ['id'],
    body,
  })
}
