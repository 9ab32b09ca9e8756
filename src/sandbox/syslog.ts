import { randomUUID } from 'node:crypto'
import { TOKEN_OWNER } from './seed.js'
import type { FactorRec, Store, UserRec } from './state.js'

// The sandbox's System Log: Okta-shaped LogEvents for what happens to factors, pushes and sessions,
// written in one place from each answered request (route, status, body), so no handler has to
// remember to log. Kept in memory, newest last, at most LOG_LIMIT.

export const LOG_LIMIT = 5000

export interface LogActor {
  id: string
  type: string
  alternateId: string
  displayName: string
}

export interface LogEvent {
  uuid: string
  published: string
  eventType: string
  version: '0'
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'
  displayMessage: string
  actor: LogActor
  client: { userAgent: { rawUserAgent: string; os: string; browser: string }; zone: string; device: string; ipAddress: string }
  outcome: { result: 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN'; reason?: string }
  target: LogActor[]
  transaction: { type: string; id: string; detail: Record<string, unknown> }
  debugContext: { debugData: Record<string, unknown> }
  authenticationContext: { authenticationStep: number; externalSessionId: string }
  securityContext: Record<string, never>
}

const who = (u: UserRec): LogActor => ({
  id: u.id,
  type: 'User',
  alternateId: u.profile.login,
  displayName: `${u.profile.firstName} ${u.profile.lastName}`,
})

const factorTarget = (f: { id: string; factorType: string }): LogActor => ({
  id: f.id,
  type: 'AuthenticatorEnrollment',
  alternateId: 'unknown',
  displayName: f.factorType,
})

export class SystemLog {
  events: LogEvent[] = []

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  add(e: { eventType: string; displayMessage: string; actor: UserRec; target: LogActor[]; result: LogEvent['outcome']['result']; reason?: string | null; at?: number; severity?: LogEvent['severity'] }): void {
    const at = e.at ?? this.now()
    this.events.push({
      uuid: randomUUID(),
      published: new Date(at).toISOString(),
      eventType: e.eventType,
      version: '0',
      severity: e.severity ?? 'INFO',
      displayMessage: e.displayMessage,
      actor: who(e.actor),
      // (Okta sends nulls for what it does not know; the spec declares none nullable, so they are left out.)
      client: { userAgent: { rawUserAgent: 'oktactl-sandbox', os: 'Unknown', browser: 'UNKNOWN' }, zone: 'null', device: 'Unknown', ipAddress: '127.0.0.1' },
      outcome: { result: e.result, ...(e.reason ? { reason: e.reason } : {}) },
      target: e.target,
      transaction: { type: 'WEB', id: randomUUID().replace(/-/g, '').slice(0, 20), detail: {} },
      debugContext: { debugData: {} },
      authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
      securityContext: {},
    })
    if (this.events.length > LOG_LIMIT) this.events.splice(0, this.events.length - LOG_LIMIT)
    this.events.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0))
  }

  private readonly finished = new Set<string>()

  /**
   * The event an answered API request stands for, if any. `before` is the factor as it was before
   * the request (a delete removes it).
   */
  record(method: string, template: string, params: Record<string, string>, status: number, body: unknown, before: FactorRec | undefined): void {
    const user = this.store.userById(params.userId ?? '') ?? this.store.findUser(params.id ?? '')
    if (!user) return
    const admin = this.store.findUser(TOKEN_OWNER) ?? user
    const b = (body ?? {}) as { factorResult?: string; status?: string; errorCode?: string }
    const f = before ?? (params.factorId ? this.store.factor(user.id, params.factorId) : undefined)
    const ft = f ? [who(user), factorTarget(f)] : [who(user)]
    const F = '/api/v1/users/{userId}/factors/{factorId}'
    if (method === 'POST' && template === `${F}/verify`) {
      if (status === 201 && f?.factorType === 'push') {
        this.add({ eventType: 'system.push.send_factor_verify_push', displayMessage: 'Push notification sent for verification', actor: user, target: ft, result: 'SUCCESS' })
      } else if (status === 200 && b.factorResult === 'SUCCESS') {
        this.add({ eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', actor: user, target: ft, result: 'SUCCESS' })
      } else if (status === 403) {
        this.add({ eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', actor: user, target: ft, result: 'FAILURE', reason: 'INVALID_CREDENTIALS', severity: 'WARN' })
      }
    } else if (method === 'GET' && template === `${F}/transactions/{transactionId}` && status === 200) {
      const key = params.transactionId ?? ''
      if (b.factorResult === 'WAITING' || this.finished.has(key)) return
      this.finished.add(key)
      if (b.factorResult === 'SUCCESS') this.add({ eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', actor: user, target: ft, result: 'SUCCESS' })
      else if (b.factorResult === 'REJECTED') this.denied(user, ft)
      else this.add({ eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', actor: user, target: ft, result: 'FAILURE', reason: `push ${b.factorResult ?? 'TIMEOUT'}`, severity: 'WARN' })
    } else if (method === 'POST' && template === `${F}/lifecycle/activate` && status === 200 && b.status === 'ACTIVE') {
      this.add({ eventType: 'user.mfa.factor.activate', displayMessage: 'Activate factor or authenticator', actor: user, target: ft, result: 'SUCCESS' })
    } else if (method === 'DELETE' && template === F && status === 204) {
      this.add({ eventType: 'user.mfa.factor.deactivate', displayMessage: 'Reset factor or authenticator', actor: admin, target: ft, result: 'SUCCESS' })
    } else if (method === 'POST' && template === '/api/v1/users/{id}/lifecycle/reset_factors' && status === 200) {
      this.add({ eventType: 'user.mfa.factor.reset_all', displayMessage: 'Reset all factors for user', actor: admin, target: [who(user)], result: 'SUCCESS' })
    } else if (method === 'DELETE' && template === '/api/v1/users/{userId}/sessions' && status === 204) {
      this.add({ eventType: 'user.session.clear', displayMessage: 'Clear user session', actor: admin, target: [who(user)], result: 'SUCCESS' })
    }
  }

  denied(user: UserRec, target: LogActor[], at?: number): void {
    this.add({ eventType: 'user.mfa.okta_verify.deny_push', displayMessage: 'User rejected Okta push verify', actor: user, target, result: 'DENY', reason: 'User rejected push', severity: 'WARN', ...(at !== undefined ? { at } : {}) })
  }

  /** `sandbox push <user> reject --times N`: N pushes sent (and denied, or approved) over the last minutes. */
  bomb(user: UserRec, times: number, answer: 'reject' | 'approve'): number {
    const push = this.store.factorsOf(user.id).find((f) => f.factorType === 'push')
    const target = push ? [who(user), factorTarget(push)] : [who(user)]
    const now = this.now()
    for (let i = 0; i < times; i++) {
      const at = now - (times - i) * 20_000
      this.add({ eventType: 'system.push.send_factor_verify_push', displayMessage: 'Push notification sent for verification', actor: user, target, result: 'SUCCESS', at })
      if (answer === 'reject') this.denied(user, target, at + 5_000)
      else this.add({ eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', actor: user, target, result: 'SUCCESS', at: at + 5_000 })
    }
    return times
  }
}
