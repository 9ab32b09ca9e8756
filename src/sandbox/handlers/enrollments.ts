import { OktaError, oktaErrors } from '../errors.js'
import { unenroll } from '../lifecycle.js'
import { iso, link } from '../render.js'
import type { FactorRec, UserRec } from '../state.js'
import { type Ctx, type Reply, ok, requireActive, userFromPath } from './context.js'

// Identity Engine authenticator enrollments, derived from the user's factors (the sandbox keeps
// one model): the Okta Verify factors (push, its TOTP, FastPass) are one enrollment, every other
// factor one of its own, plus the password and an issued TAC.

interface Enrollment {
  id: string
  type: string
  key: string
  name: string
  status: string
  created: string
  lastUpdated: string
  profile?: Record<string, unknown>
  /** The factors behind it (deleting the enrollment unenrolls them). */
  factors: FactorRec[]
}

const OKTA_VERIFY = (f: FactorRec) => f.factorType === 'push' || f.factorType === 'signed_nonce' || (f.factorType === 'token:software:totp' && f.provider === 'OKTA')

function kind(f: FactorRec): { type: string; key: string; name: string; profile?: Record<string, unknown> } {
  switch (f.factorType) {
    case 'sms':
    case 'call':
      return { type: 'phone', key: 'phone_number', name: 'Phone', profile: { phoneNumber: f.profile.phoneNumber ?? null } }
    case 'email':
      return { type: 'email', key: 'okta_email', name: 'Email', profile: { email: f.profile.email ?? null } }
    case 'question':
      return { type: 'security_question', key: 'security_question', name: 'Security Question', profile: { question: f.profile.question ?? null } }
    case 'webauthn':
    case 'u2f':
      return { type: 'security_key', key: 'webauthn', name: 'Security Key or Biometric' }
    case 'token:software:totp':
      return { type: 'app', key: 'google_otp', name: 'Google Authenticator' }
    case 'token:hotp':
      return { type: 'app', key: 'custom_otp', name: 'Custom OTP' }
    default:
      return { type: 'app', key: f.provider === 'RSA' ? 'rsa_token' : f.provider === 'SYMANTEC' ? 'symantec_vip' : 'yubikey_token', name: f.vendorName }
  }
}

export function enrollmentsOf(ctx: Ctx, u: UserRec): Enrollment[] {
  const factors = ctx.store.factorsOf(u.id)
  const out: Enrollment[] = [{ id: `lae${u.id.slice(3)}`, type: 'password', key: 'okta_password', name: 'Password', status: 'ACTIVE', created: u.created, lastUpdated: u.passwordChanged ?? u.created, factors: [] }]
  const verify = factors.filter(OKTA_VERIFY)
  const head = verify.find((f) => f.factorType === 'push') ?? verify[0]
  if (head) out.push({ id: head.id, type: 'app', key: 'okta_verify', name: 'Okta Verify', status: verify.some((f) => f.status === 'ACTIVE') ? 'ACTIVE' : 'INACTIVE', created: head.created, lastUpdated: head.lastUpdated, factors: verify })
  for (const f of factors) {
    if (OKTA_VERIFY(f)) continue
    const k = kind(f)
    out.push({ id: f.id, ...k, status: f.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE', created: f.created, lastUpdated: f.lastUpdated, factors: [f] })
  }
  if (u.tac && u.tac.expiresAt > ctx.now()) out.push({ id: u.tac.id, type: 'tac', key: 'tac', name: 'Temporary Access Code', status: 'ACTIVE', created: u.tac.created, lastUpdated: u.tac.created, profile: { multiUse: u.tac.multiUse, expiresAt: iso(u.tac.expiresAt) }, factors: [] })
  return out
}

function view(ctx: Ctx, u: UserRec, e: Enrollment) {
  const self = `${ctx.urls.base}/api/v1/users/${u.id}/authenticator-enrollments/${e.id}`
  return {
    id: e.id,
    type: e.type,
    key: e.key,
    name: e.name,
    status: e.status,
    created: e.created,
    lastUpdated: e.lastUpdated,
    ...(e.profile ? { profile: e.profile } : {}),
    _links: { self: link(self, 'GET', 'DELETE'), user: link(ctx.urls.user(u.id), 'GET') },
  }
}

/** GET /api/v1/users/{userId}/authenticator-enrollments */
export function listEnrollments(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  return ok(enrollmentsOf(ctx, u).map((e) => view(ctx, u, e)))
}

function find(ctx: Ctx, u: UserRec): Enrollment {
  const id = ctx.params.enrollmentId ?? ''
  const e = enrollmentsOf(ctx, u).find((x) => x.id === id)
  if (!e) throw oktaErrors.notFound(id, 'AuthenticatorEnrollment')
  return e
}

/** GET /api/v1/users/{userId}/authenticator-enrollments/{enrollmentId} */
export function getEnrollment(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  return ok(view(ctx, u, find(ctx, u)))
}

/** DELETE …/{enrollmentId}: 204; unenrolls the factors behind it. The password cannot be deleted. */
export function deleteEnrollment(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const e = find(ctx, u)
  requireActive(u)
  if (e.type === 'password') throw new OktaError(400, 'E0000001', 'Api validation failed: authenticatorEnrollment', ['The password authenticator cannot be unenrolled.'])
  if (e.type === 'tac') delete u.tac
  for (const f of e.factors) if (ctx.store.factor(u.id, f.id)) unenroll(ctx.store, f)
  return { status: 204 }
}
