import { activateFactor, pollActivation, resendEnrollFactor, sendActivationLink } from './handlers/activate.js'
import { answerPush, getOutbox, resetSandbox } from './handlers/admin.js'
import type { Handler } from './handlers/context.js'
import { enrollFactor } from './handlers/enroll.js'
import { deleteFactor, getFactor, listFactors, listSupportedFactors, listSupportedSecurityQuestions } from './handlers/factors.js'
import { getGroup, listGroupUsers, listGroups, listUsers } from './handlers/lists.js'
import { deleteEnrollment, getEnrollment, listEnrollments } from './handlers/enrollments.js'
import { listLogEvents } from './handlers/logs.js'
import { getQrCode } from './handlers/qr.js'
import { createTac, getSessions, listAuthenticators, revokeUserSessions, signInWithTac } from './handlers/sessions.js'
import { getUser, listRoles, resetFactors } from './handlers/users.js'
import { cancelFactorTransaction, getFactorTransactionStatus, verifyFactor } from './handlers/verify.js'
import { TOKENS_PATH, getYubikeyOtpTokenById, listYubikeyOtpTokens, uploadYubikeyOtpTokenSeed } from './handlers/yubikey.js'

export interface Route {
  /** Path template; also the rate-limit bucket with the method. */
  template: string
  methods: Partial<Record<string, Handler>>
  pattern: RegExp
  keys: string[]
}

function route(template: string, methods: Route['methods']): Route {
  const keys: string[] = []
  const source = template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, k: string) => {
    keys.push(k)
    return '([^/]+)'
  })
  return { template, methods, pattern: new RegExp(`^${source}$`), keys }
}

const F = '/api/v1/users/{userId}/factors/{factorId}'

/** First match wins: fixed segments (catalog, questions) come before `{factorId}`. */
export const ROUTES: Route[] = [
  route('/api/v1/users', { GET: listUsers }),
  route('/api/v1/users/{id}', { GET: getUser }),
  route('/api/v1/users/{id}/lifecycle/reset_factors', { POST: resetFactors }),
  route('/api/v1/users/{userId}/roles', { GET: listRoles }),
  route('/api/v1/users/{userId}/sessions', { DELETE: revokeUserSessions }),
  route('/api/v1/users/{userId}/authenticator-enrollments', { GET: listEnrollments }),
  route('/api/v1/users/{userId}/authenticator-enrollments/tac', { POST: createTac }),
  route('/api/v1/users/{userId}/authenticator-enrollments/{enrollmentId}', { GET: getEnrollment, DELETE: deleteEnrollment }),
  route('/api/v1/authenticators', { GET: listAuthenticators }),
  route('/api/v1/logs', { GET: listLogEvents }),
  route('/api/v1/users/{userId}/factors', { GET: listFactors, POST: enrollFactor }),
  route('/api/v1/users/{userId}/factors/catalog', { GET: listSupportedFactors }),
  route('/api/v1/users/{userId}/factors/questions', { GET: listSupportedSecurityQuestions }),
  route(F, { GET: getFactor, DELETE: deleteFactor }),
  route(`${F}/lifecycle/activate`, { POST: activateFactor }),
  route(`${F}/lifecycle/activate/poll`, { POST: pollActivation }),
  route(`${F}/lifecycle/activate/{channel}`, { POST: sendActivationLink }),
  route(`${F}/resend`, { POST: resendEnrollFactor }),
  route(`${F}/verify`, { POST: verifyFactor }),
  route(`${F}/transactions/{transactionId}`, { GET: getFactorTransactionStatus, DELETE: cancelFactorTransaction }),
  route(`${F}/qr/{token}`, { GET: getQrCode }),
  route(TOKENS_PATH, { GET: listYubikeyOtpTokens, POST: uploadYubikeyOtpTokenSeed }),
  route(`${TOKENS_PATH}/{tokenId}`, { GET: getYubikeyOtpTokenById }),
  route('/api/v1/groups', { GET: listGroups }),
  route('/api/v1/groups/{groupId}', { GET: getGroup }),
  route('/api/v1/groups/{groupId}/users', { GET: listGroupUsers }),
  route('/_sandbox/outbox', { GET: getOutbox }),
  route('/_sandbox/push', { POST: answerPush }),
  route('/_sandbox/sessions', { GET: getSessions }),
  route('/_sandbox/tac', { POST: signInWithTac }),
  route('/_sandbox/reset', { POST: resetSandbox }),
]

export function matchRoute(path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const r of ROUTES) {
    const m = r.pattern.exec(path)
    if (!m) continue
    const params: Record<string, string> = {}
    try {
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')))
    } catch {
      return undefined // malformed percent-encoding
    }
    return { route: r, params }
  }
  return undefined
}
