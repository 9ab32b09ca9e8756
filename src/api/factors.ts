import { CliError, ExitCode } from '../errors.js'
import type { OktaClient } from './client.js'
import { listAll } from './paging.js'
import { apiPath } from './path.js'
import type {
  ActivateFactorBody, EnrollFactorBody, FactorResult, Link, OktaUser, ResendEnrollFactorBody, Role,
  SecurityQuestion, SupportedFactor, UserFactor, VerifyFactorBody,
} from './types.js'

/**
 * One small function per Okta operation, each taking one request object named after the spec's
 * operationId (the fields the Okta Node SDK's request of that name has). Links Okta returns
 * (a push challenge's or activation's `poll`, the activation QR code) are read and followed
 * here too, never by hand in a verb.
 */

/** The fields every user and factor answer must carry as strings; anything less is an unexpected answer. */
const USER_FIELDS = ['id'] as const
const FACTOR_FIELDS = ['id', 'factorType', 'status'] as const

export interface GetUserRequest {
  /** An id, login or (unambiguous) login shortname. */
  userId: string
}

export const getUser = (c: OktaClient, r: GetUserRequest) =>
  c.get<OktaUser>(apiPath`/api/v1/users/${r.userId}`, undefined, 'object', USER_FIELDS)

export interface ListAssignedRolesForUserRequest {
  userId: string
}

/** listAssignedRolesForUser: every page (admin roles are paged like any list); each role must at least say its type. */
export const listUserRoles = (c: OktaClient, r: ListAssignedRolesForUserRequest) =>
  listAll<Role>(c, apiPath`/api/v1/users/${r.userId}/roles`, undefined, ['type'])

export interface ListFactorsRequest {
  userId: string
}

export const listFactors = (c: OktaClient, r: ListFactorsRequest) =>
  c.get<UserFactor[]>(apiPath`/api/v1/users/${r.userId}/factors`, undefined, 'array', FACTOR_FIELDS)

export interface GetFactorRequest {
  userId: string
  factorId: string
}

export const getFactor = (c: OktaClient, r: GetFactorRequest) =>
  c.get<UserFactor>(apiPath`/api/v1/users/${r.userId}/factors/${r.factorId}`, undefined, 'object', FACTOR_FIELDS)

export interface ListSupportedFactorsRequest {
  userId: string
}

export const listSupportedFactors = (c: OktaClient, r: ListSupportedFactorsRequest) =>
  c.get<SupportedFactor[]>(apiPath`/api/v1/users/${r.userId}/factors/catalog`, undefined, 'array', ['factorType'])

export interface ListSupportedSecurityQuestionsRequest {
  userId: string
}

export const listSupportedSecurityQuestions = (c: OktaClient, r: ListSupportedSecurityQuestionsRequest) =>
  c.get<SecurityQuestion[]>(apiPath`/api/v1/users/${r.userId}/factors/questions`, undefined, 'array', ['question'])

export interface EnrollFactorRequest {
  userId: string
  body: EnrollFactorBody
  /** Auto-activate (sms, call, email, token:hotp). */
  activate?: boolean
  updatePhone?: boolean
  /** sms only. */
  templateId?: string
  tokenLifetimeSeconds?: number
  /** sms only: the Accept-Language header. */
  acceptLanguage?: string
}

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

export interface ActivateFactorRequest {
  userId: string
  factorId: string
  /** Left out for push: a bodiless activate starts a new activation (a fresh QR code and poll link). */
  body?: ActivateFactorBody
}

export const activateFactor = (c: OktaClient, r: ActivateFactorRequest) =>
  c.request<UserFactor & FactorResult>(apiPath`/api/v1/users/${r.userId}/factors/${r.factorId}/lifecycle/activate`, {
    method: 'POST',
    expect: 'object',
    body: r.body,
  })

export interface ResendEnrollFactorRequest {
  userId: string
  factorId: string
  body: ResendEnrollFactorBody
  /** sms only. */
  templateId?: string
}

export const resendEnrollFactor = (c: OktaClient, r: ResendEnrollFactorRequest) =>
  c.request<UserFactor>(apiPath`/api/v1/users/${r.userId}/factors/${r.factorId}/resend`, {
    method: 'POST',
    query: { templateId: r.templateId },
    body: r.body,
  })

export interface VerifyFactorRequest {
  userId: string
  factorId: string
  /** Left out to issue a challenge (sms, call, email: a code is sent; push: a notification). */
  body?: VerifyFactorBody
  /** sms only. */
  templateId?: string
  tokenLifetimeSeconds?: number
  /** X-Forwarded-For: the end user's public IP (honoured from trusted proxies only). */
  forwardedFor?: string
  /** User-Agent: shown in the push notification. */
  userAgent?: string
  /** sms only: the Accept-Language header. */
  acceptLanguage?: string
}

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

export interface GetFactorTransactionStatusRequest {
  userId: string
  factorId: string
  transactionId: string
}

export const getFactorTransactionStatus = (c: OktaClient, r: GetFactorTransactionStatusRequest) =>
  c.get<FactorResult>(apiPath`/api/v1/users/${r.userId}/factors/${r.factorId}/transactions/${r.transactionId}`)

export interface UnenrollFactorRequest {
  userId: string
  factorId: string
  /** sms and call: also remove the phone as a recovery method. Sent only when true. */
  removeRecoveryEnrollment?: boolean
}

export const unenrollFactor = (c: OktaClient, r: UnenrollFactorRequest) =>
  c.request<undefined>(apiPath`/api/v1/users/${r.userId}/factors/${r.factorId}`, {
    method: 'DELETE',
    query: { removeRecoveryEnrollment: r.removeRecoveryEnrollment ? true : undefined },
  })

export interface ResetFactorsRequest {
  /** An id, login or (unambiguous) login shortname. */
  userId: string
}

export const resetFactors = (c: OktaClient, r: ResetFactorsRequest) =>
  c.request<undefined>(apiPath`/api/v1/users/${r.userId}/lifecycle/reset_factors`, { method: 'POST' })

/* Links. Okta says to follow the links it returns, never to build those URLs by hand. */

type Linked = { _links?: Record<string, Link | Link[] | undefined> }

/** The href of a named link, whether Okta sent it as an object or an array. */
export function linkHref(links: Record<string, Link | Link[] | undefined> | undefined, name: string): string | undefined {
  const l = links?.[name]
  if (!l) return undefined
  return Array.isArray(l) ? l[0]?.href : l.href
}

/** The `poll` link of a push challenge (verifyFactor) or of a pending push activation, if Okta sent one. */
export const pollHref = (r: Linked): string | undefined => linkHref(r._links, 'poll')

/** The transaction id is the last path segment of a push challenge's `poll` link. */
export function transactionIdFromPollLink(href: string): string | undefined {
  try {
    return new URL(href).pathname.split('/').filter(Boolean).pop()
  } catch {
    return undefined
  }
}

/** The transaction id of a push challenge (for `factors poll`), from its `poll` link. */
export function factorTransactionId(challenge: FactorResult): string | undefined {
  const poll = pollHref(challenge)
  return poll ? transactionIdFromPollLink(poll) : undefined
}

function requirePoll(r: Linked, what: string): string {
  const poll = pollHref(r)
  if (!poll) throw new CliError(`Okta returned no poll link for this ${what}.`, ExitCode.FAILURE)
  return poll
}

/**
 * GET a push challenge's `poll` link (getFactorTransactionStatus, by the link Okta sent): WAITING
 * until the user answers, then SUCCESS, REJECTED or TIMEOUT. A link off the org is refused.
 */
export const pollFactorTransaction = (c: OktaClient, challenge: FactorResult) =>
  c.get<FactorResult>(c.link(requirePoll(challenge, 'push challenge')))

/**
 * POST a pending push activation's `poll` link (the factor as enrolled or as activateFactor
 * restarted it): WAITING until the user scans the QR code, then the ACTIVE factor. A link off the
 * org is refused.
 */
export const pollPushActivation = (c: OktaClient, factor: UserFactor) =>
  c.request<UserFactor & FactorResult>(c.link(requirePoll(factor, 'push activation')), { method: 'POST', expect: 'object' })

/** The activation QR code of a push or TOTP enrollment (or a restarted push activation), to show the user. */
export const activationQrHref = (factor: UserFactor): string | undefined => factor._embedded?.activation?._links?.qrcode?.href
