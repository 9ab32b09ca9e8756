import type { OktaClient } from './client.js'
import { apiPath } from './path.js'

/** Identity Engine authenticator enrollments (Limited GA in the spec). */

export interface AuthenticatorEnrollment {
  id: string
  type?: string
  key?: string
  name?: string
  status?: string
  created?: string
  lastUpdated?: string
  profile?: Record<string, unknown>
  [k: string]: unknown
}

const FIELDS = ['id'] as const

export const listAuthenticatorEnrollments = (c: OktaClient, userId: string) =>
  c.get<AuthenticatorEnrollment[]>(apiPath`/api/v1/users/${userId}/authenticator-enrollments`, undefined, 'array', FIELDS)

export const getAuthenticatorEnrollment = (c: OktaClient, userId: string, enrollmentId: string) =>
  c.get<AuthenticatorEnrollment>(apiPath`/api/v1/users/${userId}/authenticator-enrollments/${enrollmentId}`, undefined, 'object', FIELDS)

export const deleteAuthenticatorEnrollment = (c: OktaClient, userId: string, enrollmentId: string) =>
  c.request(apiPath`/api/v1/users/${userId}/authenticator-enrollments/${enrollmentId}`, { method: 'DELETE' })
