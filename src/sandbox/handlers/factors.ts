import { settle, unenroll } from '../lifecycle.js'
import { factorView, link } from '../render.js'
import { QUESTIONS } from '../seed.js'
import type { UserRec } from '../state.js'
import { type Ctx, type Reply, boolParam, factorFromPath, ok, requireActive, userFromPath } from './context.js'

function views(ctx: Ctx, u: UserRec) {
  const now = ctx.now()
  return [...ctx.store.factorsOf(u.id)].map((f) => {
    if (settle(ctx.store, f, u.profile.login, now)) ctx.changed()
    return factorView(f, ctx.urls, u.profile.login, now)
  })
}

/**
 * GET /api/v1/users/{userId}/factors. Works for a DEPROVISIONED user too (a read; Okta refuses
 * only changes to such a user), listing the factors they still hold.
 */
export function listFactors(ctx: Ctx): Reply {
  return ok(views(ctx, userFromPath(ctx)))
}

/** GET /api/v1/users/{userId}/factors/{factorId} */
export function getFactor(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const f = factorFromPath(ctx, u)
  if (settle(ctx.store, f, u.profile.login, ctx.now())) ctx.changed()
  return ok(factorView(f, ctx.urls, u.profile.login, ctx.now()))
}

/** DELETE /api/v1/users/{userId}/factors/{factorId}[?removeRecoveryEnrollment=true]: 204. */
export function deleteFactor(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const f = factorFromPath(ctx, u)
  // Validated like Okta's boolean; the sandbox keeps no recovery phone, so nothing more to remove.
  boolParam(ctx, 'removeRecoveryEnrollment', 'unenrollFactorRequest')
  requireActive(u)
  unenroll(ctx.store, f)
  return { status: 204 }
}

/** What the sandbox org lets a user enroll (all OPTIONAL), in Okta's catalog order. */
export const CATALOG: { factorType: string; provider: string }[] = [
  { factorType: 'question', provider: 'OKTA' },
  { factorType: 'token:software:totp', provider: 'OKTA' },
  { factorType: 'token:software:totp', provider: 'GOOGLE' },
  { factorType: 'sms', provider: 'OKTA' },
  { factorType: 'call', provider: 'OKTA' },
  { factorType: 'email', provider: 'OKTA' },
  { factorType: 'push', provider: 'OKTA' },
  { factorType: 'token', provider: 'RSA' },
  { factorType: 'token', provider: 'SYMANTEC' },
  { factorType: 'token:hardware', provider: 'YUBICO' },
  { factorType: 'token:hotp', provider: 'CUSTOM' },
  { factorType: 'u2f', provider: 'FIDO' },
  { factorType: 'webauthn', provider: 'FIDO' },
]

/** GET /api/v1/users/{userId}/factors/catalog */
export function listSupportedFactors(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const factors = ctx.store.factorsOf(u.id)
  const enrollHref = ctx.urls.factors(u.id)
  const phones = factors
    .filter((f) => f.factorType === 'sms')
    .map((f) => ({ id: f.id, profile: { phoneNumber: f.profile.phoneNumber }, status: f.status }))
  return ok(
    CATALOG.map(({ factorType, provider }) => {
      const enrolled = factors.find((f) => f.factorType === factorType && f.provider === provider)
      return {
        factorType,
        provider,
        vendorName: provider,
        enrollment: 'OPTIONAL',
        status: enrolled?.status ?? 'NOT_SETUP',
        _links: {
          ...(factorType === 'question' ? { questions: link(`${enrollHref}/questions`, 'GET') } : {}),
          ...(enrolled ? {} : { enroll: link(enrollHref, 'POST') }),
        },
        // Okta lists the user's phones under the sms entry, as an array (see test/contract/spec.ts).
        ...(factorType === 'sms' && phones.length ? { _embedded: { phones } } : {}),
      }
    }),
  )
}

/** GET /api/v1/users/{userId}/factors/questions: the 20 security questions. */
export function listSupportedSecurityQuestions(ctx: Ctx): Reply {
  userFromPath(ctx)
  return ok(Object.entries(QUESTIONS).map(([question, questionText]) => ({ question, questionText })))
}
