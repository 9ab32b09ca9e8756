import type { OktaClient } from './client.js'
import { listAll } from './paging.js'
import { apiPath } from './path.js'
import type {
  EnrollFactorRequest, FactorResult, Link, OktaUser, Role, SecurityQuestion, SupportedFactor,
  UserFactor, VerifyFactorRequest,
} from './types.js'

/** One small function per Okta operation; names follow the spec's operationIds. */

/** The fields every user and factor answer must carry as strings; anything less is an unexpected answer. */
const USER_FIELDS = ['id'] as const
const FACTOR_FIELDS = ['id', 'factorType', 'status'] as const

export const getUser = (c: OktaClient, idOrLogin: string) =>
  c.get<OktaUser>(apiPath`/api/v1/users/${idOrLogin}`, undefined, 'object', USER_FIELDS)

/** Every page (admin roles are paged like any list); each role must at least say its type. */
export const listUserRoles = (c: OktaClient, userId: string) =>
  listAll<Role>(c, apiPath`/api/v1/users/${userId}/roles`, undefined, ['type'])

export const listFactors = (c: OktaClient, userId: string) =>
  c.get<UserFactor[]>(apiPath`/api/v1/users/${userId}/factors`, undefined, 'array', FACTOR_FIELDS)

export const getFactor = (c: OktaClient, userId: string, factorId: string) =>
  c.get<UserFactor>(apiPath`/api/v1/users/${userId}/factors/${factorId}`, undefined, 'object', FACTOR_FIELDS)

export const listSupportedFactors = (c: OktaClient, userId: string) =>
  c.get<SupportedFactor[]>(apiPath`/api/v1/users/${userId}/factors/catalog`, undefined, 'array', ['factorType'])

export const listSupportedSecurityQuestions = (c: OktaClient, userId: string) =>
  c.get<SecurityQuestion[]>(apiPath`/api/v1/users/${userId}/factors/questions`, undefined, 'array', ['question'])

export const enrollFactor = (c: OktaClient, r: EnrollFactorRequest) =>
  c.request<UserFactor>(apiPath`/api/v1/users/${r.userId}/factors`, {
    method: 'POST',
    expect: 'object',
    require: FACTOR_FIELDS,
    query: {
      updatePhone: r.updatePhone,
      templateId: r.templateId,
      tokenLifetimeSeconds: r.tokenLifetimeSeconds,
      activate: r.activate,
    },
    headers: { 'Accept-Language': r.acceptLanguage },
    body: r.body,
  })

export const activateFactor = (c: OktaClient, userId: string, factorId: string, body?: Record<string, unknown>) =>
  c.request<UserFactor & FactorResult>(apiPath`/api/v1/users/${userId}/factors/${factorId}/lifecycle/activate`, {
    method: 'POST',
    expect: 'object',
    body,
  })

/** POST the push activation `poll` link: WAITING until the user scans the QR code, then the ACTIVE factor. */
export const pollPushActivation = (c: OktaClient, link: string) =>
  c.request<UserFactor & FactorResult>(c.link(link), { method: 'POST', expect: 'object' })

export const resendEnrollFactor = (
  c: OktaClient,
  userId: string,
  factorId: string,
  factorType: string,
  templateId?: string,
) =>
  c.request<UserFactor>(apiPath`/api/v1/users/${userId}/factors/${factorId}/resend`, {
    method: 'POST',
    query: { templateId },
    body: { factorType },
  })

export const verifyFactor = (c: OktaClient, r: VerifyFactorRequest) =>
  c.request<FactorResult>(apiPath`/api/v1/users/${r.userId}/factors/${r.factorId}/verify`, {
    method: 'POST',
    expect: 'object',
    query: { templateId: r.templateId, tokenLifetimeSeconds: r.tokenLifetimeSeconds },
    headers: {
      'X-Forwarded-For': r.forwardedFor,
      'User-Agent': r.userAgent,
      'Accept-Language': r.acceptLanguage,
    },
    body: r.body,
  })

export const getFactorTransactionStatus = (c: OktaClient, userId: string, factorId: string, transactionId: string) =>
  c.get<FactorResult>(apiPath`/api/v1/users/${userId}/factors/${factorId}/transactions/${transactionId}`)

export const unenrollFactor = (c: OktaClient, userId: string, factorId: string, removeRecoveryEnrollment?: boolean) =>
  c.request<undefined>(apiPath`/api/v1/users/${userId}/factors/${factorId}`, {
    method: 'DELETE',
    query: { removeRecoveryEnrollment: removeRecoveryEnrollment ? true : undefined },
  })

export const resetFactors = (c: OktaClient, userId: string) =>
  c.request<undefined>(apiPath`/api/v1/users/${userId}/lifecycle/reset_factors`, { method: 'POST' })

/** The href of a named link, whether Okta sent it as an object or an array. */
export function linkHref(links: Record<string, Link | Link[] | undefined> | undefined, name: string): string | undefined {
  const l = links?.[name]
  if (!l) return undefined
  return Array.isArray(l) ? l[0]?.href : l.href
}

/** The transaction id is the last path segment of a push challenge's `poll` link. */
export function transactionIdFromPollLink(href: string): string | undefined {
  try {
    return new URL(href).pathname.split('/').filter(Boolean).pop()
  } catch {
    return undefined
  }
}
