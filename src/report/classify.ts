import type { UserFactor } from '../api/types.js'

/** How well a user's ACTIVE factors resist phishing; the best factor decides. */
export type MfaClass = 'phishing-resistant' | 'strong' | 'phishable-only' | 'none'

/** Best first. */
export const CLASSES: readonly MfaClass[] = ['phishing-resistant', 'strong', 'phishable-only', 'none']

/**
 * Okta factor types by class (README, "MFA report"). WebAuthn, U2F and Okta FastPass
 * (`signed_nonce`) bind the sign-in to the origin; push, TOTP and hardware/software tokens are
 * not phished by a lookalike page alone but a real-time relay can; SMS, voice, email and security
 * questions are phished or intercepted routinely.
 */
export const CLASS_OF_TYPE: Readonly<Record<string, MfaClass>> = {
  webauthn: 'phishing-resistant',
  u2f: 'phishing-resistant',
  signed_nonce: 'phishing-resistant',
  push: 'strong',
  'token:software:totp': 'strong',
  'token:hotp': 'strong',
  'token:hardware': 'strong',
  token: 'strong',
  sms: 'phishable-only',
  call: 'phishable-only',
  email: 'phishable-only',
  question: 'phishable-only',
}

/**
 * A type the table does not know (a new Okta factor, `web` for Duo, an IdP factor) counts as
 * phishable: an unknown factor never makes a user look better protected than they are.
 */
export function classOfType(factorType: string): MfaClass {
  return CLASS_OF_TYPE[factorType] ?? 'phishable-only'
}

export interface FactorBrief {
  type: string
  provider: string
}

/** One user in the report: small on purpose (an org of 100,000 users is held in memory). */
export interface Posture {
  line: number
  userId: string
  login: string
  status: string
  class: MfaClass
  active: FactorBrief[]
  pending: FactorBrief[]
  /** The newest `created` of the user's factors (ISO), or null. */
  newestEnrollment: string | null
  /** With --with-roles: the admin role types (empty: none). */
  adminRoles?: string[]
}

export function classify(factors: UserFactor[]): Pick<Posture, 'class' | 'active' | 'pending' | 'newestEnrollment'> {
  const brief = (f: UserFactor): FactorBrief => ({ type: String(f.factorType), provider: typeof f.provider === 'string' ? f.provider : '' })
  const active = factors.filter((f) => f.status === 'ACTIVE').map(brief)
  const pending = factors.filter((f) => f.status !== 'ACTIVE').map(brief)
  let best: MfaClass = 'none'
  for (const f of active) {
    const c = classOfType(f.type)
    if (CLASSES.indexOf(c) < CLASSES.indexOf(best)) best = c
  }
  let newest: string | null = null
  for (const f of factors) {
    const t = typeof f.created === 'string' && !Number.isNaN(Date.parse(f.created)) ? f.created : null
    if (t && (newest === null || Date.parse(t) > Date.parse(newest))) newest = t
  }
  return { class: best, active, pending, newestEnrollment: newest }
}
