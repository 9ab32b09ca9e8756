import { randomInt } from 'node:crypto'
import { OktaError, oktaErrors } from '../errors.js'
import { oktaId } from '../ids.js'
import { iso, link } from '../render.js'
import type { UserRec } from '../state.js'
import { type Ctx, type Reply, bodyObject, boolParam, ok, requireActive, stringField, userFromPath } from './context.js'

// Sessions, the org's authenticators, and temporary access codes (Identity Engine).

/** DELETE /api/v1/users/{userId}/sessions[?oauthTokens=true][&forgetDevices=…]: 204. */
export function revokeUserSessions(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const tokens = boolParam(ctx, 'oauthTokens', 'revokeUserSessions')
  boolParam(ctx, 'forgetDevices', 'revokeUserSessions')
  u.sessions = 0
  if (tokens) u.oauthTokens = 0
  return { status: 204 }
}

const T = '2024-01-15T09:00:00.000Z'

/** The TAC authenticator's id (stable). */
export const TAC_AUTHENTICATOR_ID = oktaId('aut', 'authenticator/tac')

const AUTHENTICATORS = [
  { key: 'okta_email', type: 'email', name: 'Email' },
  { key: 'okta_password', type: 'password', name: 'Password' },
  { key: 'phone_number', type: 'phone', name: 'Phone' },
  { key: 'okta_verify', type: 'app', name: 'Okta Verify' },
  { key: 'webauthn', type: 'security_key', name: 'Security Key or Biometric' },
  { key: 'security_question', type: 'security_question', name: 'Security Question' },
  { key: 'tac', type: 'tac', name: 'Temporary Access Code' },
]

/** GET /api/v1/authenticators: the TAC authenticator is ACTIVE unless the sandbox runs with tac off. */
export function listAuthenticators(ctx: Ctx): Reply {
  return ok(
    AUTHENTICATORS.map((a) => {
      const id = a.type === 'tac' ? TAC_AUTHENTICATOR_ID : oktaId('aut', `authenticator/${a.key}`)
      const self = `${ctx.urls.base}/api/v1/authenticators/${id}`
      return {
        ...a,
        id,
        status: a.type === 'tac' && !ctx.tac ? 'INACTIVE' : 'ACTIVE',
        created: T,
        lastUpdated: T,
        _links: { self: link(self, 'GET', 'PUT', 'DELETE'), methods: link(`${self}/methods`, 'GET') },
      }
    }),
  )
}

const TAC_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%*'
const DEFAULT_TTL_MINUTES = 60

/**
 * POST /api/v1/users/{userId}/authenticator-enrollments/tac `{authenticatorId, profile: {ttl, multiUse}}`:
 * an auto-activated TAC (8 characters, replacing any earlier one), returned once.
 */
export function createTac(ctx: Ctx): Reply {
  const what = 'authenticatorEnrollment'
  const u = userFromPath(ctx)
  const body = bodyObject(ctx, what)
  const authenticatorId = stringField(body, 'authenticatorId', what)
  if (!authenticatorId) throw oktaErrors.validation(what, 'authenticatorId: The field cannot be left blank')
  if (authenticatorId !== TAC_AUTHENTICATOR_ID) throw oktaErrors.validation(what, 'authenticatorId: is not the Temporary Access Code authenticator')
  if (!ctx.tac) throw new OktaError(400, 'E0000001', `Api validation failed: ${what}`, ['The Temporary Access Code authenticator is not active.'])
  requireActive(u)
  const profile = (body.profile ?? {}) as Record<string, unknown>
  if (typeof profile !== 'object' || Array.isArray(profile)) throw oktaErrors.validation(what, 'profile: must be an object')
  const ttlRaw = profile.ttl
  const ttl = ttlRaw === undefined ? DEFAULT_TTL_MINUTES : Number(ttlRaw)
  if ((typeof ttlRaw !== 'string' && typeof ttlRaw !== 'number' && ttlRaw !== undefined) || !Number.isInteger(ttl) || ttl < 10 || ttl > 14_400) {
    throw oktaErrors.validation(what, 'profile.ttl: must be a whole number of minutes from 10 to 14400')
  }
  if (profile.multiUse !== undefined && typeof profile.multiUse !== 'boolean') throw oktaErrors.validation(what, 'profile.multiUse: must be a boolean')
  const multiUse = profile.multiUse === true
  const now = ctx.now()
  let code = ''
  for (let i = 0; i < 8; i++) code += TAC_CHARS.charAt(randomInt(TAC_CHARS.length))
  u.tac = { id: oktaId('tac'), code, expiresAt: now + ttl * 60_000, multiUse, created: iso(now) }
  return ok(tacView(ctx, u, true))
}

function tacView(ctx: Ctx, u: UserRec, withCode: boolean) {
  const t = u.tac
  if (!t) throw oktaErrors.notFound('tac', 'AuthenticatorEnrollment')
  const self = `${ctx.urls.base}/api/v1/users/${u.id}/authenticator-enrollments/${t.id}`
  return {
    type: 'tac',
    id: t.id,
    key: 'tac',
    status: 'ACTIVE',
    name: 'Temporary Access Code',
    created: t.created,
    lastUpdated: t.created,
    profile: { ...(withCode ? { tac: t.code } : {}), multiUse: t.multiUse, expiresAt: iso(t.expiresAt) },
    _links: { self: link(self, 'GET', 'DELETE'), user: link(ctx.urls.user(u.id), 'GET') },
  }
}

/** GET /_sandbox/sessions?user=…: `{user, sessions, oauthTokens, tac: {expiresAt, multiUse} | null}` (never the code). */
export function getSessions(ctx: Ctx): Reply {
  const u = ctx.store.findUser(ctx.query.get('user') ?? '')
  if (!u) throw oktaErrors.notFound(ctx.query.get('user') ?? '', 'User')
  return ok({ user: u.id, sessions: u.sessions ?? 0, oauthTokens: u.oauthTokens ?? 0, tac: u.tac ? { expiresAt: iso(u.tac.expiresAt), multiUse: u.tac.multiUse } : null })
}

/**
 * POST /_sandbox/tac `{user, code}`: the user signs in with a TAC. `{accepted}`: true once for a
 * single-use code (then it is gone), while valid for a multi-use one; a sign-in starts a session.
 */
export function signInWithTac(ctx: Ctx): Reply {
  const what = 'sandboxTacSignIn'
  const body = bodyObject(ctx, what)
  const u = ctx.store.findUser(stringField(body, 'user', what) ?? '')
  if (!u) throw oktaErrors.notFound(String(body.user), 'User')
  const code = stringField(body, 'code', what) ?? ''
  const t = u.tac
  const accepted = Boolean(t && t.code === code && ctx.now() < t.expiresAt)
  if (accepted && t) {
    if (!t.multiUse) delete u.tac
    u.sessions = (u.sessions ?? 0) + 1
  }
  return ok({ user: u.id, accepted })
}
