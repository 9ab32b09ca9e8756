import { randomBytes } from 'node:crypto'
import { oktaErrors } from '../errors.js'
import { oktaId } from '../ids.js'
import { findFactor } from '../lifecycle.js'
import { newTotpSecret } from '../otp.js'
import { PUSH_ACTIVATION_TTL_MS } from '../push.js'
import { factorView, iso } from '../render.js'
import { QUESTIONS, factorPrefix, normaliseAnswer } from '../seed.js'
import type { FactorRec, FactorType } from '../state.js'
import { type Ctx, type Reply, boolParam, bodyObject, intParam, ok, requireActive, stringField, userFromPath } from './context.js'
import { assertCanSend, deliverCode } from './deliver.js'
import { CATALOG } from './factors.js'

const WHAT = 'factorEnrollRequest'
const invalid = (...causes: string[]) => oktaErrors.validation(WHAT, ...causes)

export const E164 = /^\+[1-9]\d{1,14}$/
/** What Okta's own examples write between digits: `+1-555-415-1337`, `+1 415 599 2671`, `(555)`. */
const PHONE_PUNCTUATION = /[\s().-]/g
const MODHEX_OTP = /^[cbdefghijklnrtuv]{44}$/
const TOKEN_PASSCODE = /^\d{6,10}$/

interface EnrollRequest {
  factorType: FactorType
  provider: string
  profile: Record<string, unknown>
  verify: Record<string, unknown>
  factorProfileId?: string
}

function parse(ctx: Ctx): EnrollRequest {
  if (ctx.body === undefined) throw invalid('The request body is required')
  const b = bodyObject(ctx, WHAT)
  const factorType = stringField(b, 'factorType', WHAT)
  const provider = stringField(b, 'provider', WHAT)
  if (!factorType) throw invalid('factorType: The field cannot be left blank')
  if (!provider) throw invalid('provider: The field cannot be left blank')
  if (!CATALOG.some((c) => c.factorType === factorType && c.provider === provider)) {
    throw invalid(`The factor type ${factorType} with provider ${provider} is not enabled for enrollment`)
  }
  const obj = (name: string) => {
    const v = b[name]
    if (v === undefined || v === null) return {}
    if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`${name}: must be an object`)
    return v as Record<string, unknown>
  }
  return {
    factorType: factorType as FactorType,
    provider,
    profile: obj('profile'),
    verify: obj('verify'),
    ...(typeof b.factorProfileId === 'string' ? { factorProfileId: b.factorProfileId } : {}),
  }
}

/**
 * POST /api/v1/users/{userId}/factors[?activate&updatePhone&templateId&tokenLifetimeSeconds]
 *
 * sms/call/email: PENDING_ACTIVATION with a code in the outbox, or ACTIVE with `activate=true`.
 * push, token:software:totp, u2f, webauthn: PENDING_ACTIVATION with `_embedded.activation`.
 * question, token (RSA/SYMANTEC), token:hardware (YUBICO), token:hotp (CUSTOM): ACTIVE at once.
 */
export function enrollFactor(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const activate = boolParam(ctx, 'activate', WHAT)
  const updatePhone = boolParam(ctx, 'updatePhone', WHAT)
  const lifetime = intParam(ctx, 'tokenLifetimeSeconds', WHAT, 1, 86400, 300)
  requireActive(u)
  const req = parse(ctx)
  const now = ctx.now()
  const existing = findFactor(ctx.store, u.id, req.factorType, req.provider)
  if (existing?.status === 'ACTIVE') throw invalid('A factor of this type is already set up.')

  const f: FactorRec = existing ?? {
    id: oktaId(factorPrefix(req.factorType, req.provider)),
    userId: u.id,
    factorType: req.factorType,
    provider: req.provider,
    vendorName: req.provider,
    status: 'PENDING_ACTIVATION',
    created: iso(now),
    lastUpdated: iso(now),
    profile: {},
  }
  let send = false
  switch (req.factorType) {
    case 'sms':
    case 'call': {
      const phoneNumber = normalisePhone(requiredString(req.profile, 'phoneNumber'))
      const phoneExtension = req.factorType === 'call' ? extension(req.profile.phoneExtension) : undefined
      if (existing && existing.profile.phoneNumber !== phoneNumber && !updatePhone) {
        throw invalid('There is an existing verified phone number.')
      }
      send = !activate
      if (send) assertCanSend(ctx, req.factorType, phoneNumber)
      f.profile = req.factorType === 'call' ? { phoneNumber, phoneExtension: phoneExtension ?? null } : { phoneNumber }
      break
    }
    case 'email': {
      const email = requiredString(req.profile, 'email')
      const verified = [u.profile.email, u.profile.secondEmail].filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase())
      if (email.length > 100 || !verified.includes(email.toLowerCase())) {
        throw invalid('Only verified primary or secondary email can be enrolled.')
      }
      send = !activate
      if (send) assertCanSend(ctx, 'email', email)
      f.profile = { email }
      break
    }
    case 'question': {
      const question = requiredString(req.profile, 'question')
      const answer = requiredString(req.profile, 'answer')
      const questionText = QUESTIONS[question]
      if (!questionText) throw invalid(`question: '${question}' is not a supported security question`)
      if (answer.trim().length < 4) throw invalid('answer: The security question answer must be at least 4 characters in length')
      f.profile = { question, questionText }
      f.answer = normaliseAnswer(answer)
      f.status = 'ACTIVE'
      break
    }
    case 'token:software:totp':
      f.profile = { credentialId: u.profile.login }
      f.secret = newTotpSecret()
      f.qrToken = randomBytes(24).toString('base64url')
      break
    case 'push':
      f.pushActivation = { startedAt: now, expiresAt: now + PUSH_ACTIVATION_TTL_MS, mode: ctx.push.mode, delayMs: ctx.push.delayMs }
      f.qrToken = randomBytes(24).toString('base64url')
      break
    case 'token:hotp': {
      // Custom TOTP: only auto-activation is supported, so it is ACTIVE whatever `activate` says.
      if (!req.factorProfileId) throw invalid('factorProfileId: The field cannot be left blank')
      const secret = requiredString(req.profile, 'sharedSecret')
      if (!/^(?:[0-9a-fA-F]{2}){10,}$/.test(secret)) throw invalid('sharedSecret: must be a hex string of at least 10 bytes')
      f.factorProfileId = req.factorProfileId
      f.secret = secret.toLowerCase()
      f.status = 'ACTIVE'
      break
    }
    case 'token': {
      // RSA SecurID / Symantec VIP are verified during enrollment; the sandbox has no token
      // server, so any passCode of 6–10 digits is "correct" (nextPassCode likewise, if sent).
      const credentialId = requiredString(req.profile, 'credentialId')
      const passCode = verifyPassCode(req)
      const next = req.verify.nextPassCode
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a request field; an object fails the pattern, as it should
      if (!TOKEN_PASSCODE.test(passCode) || (next !== undefined && !TOKEN_PASSCODE.test(String(next)))) {
        throw oktaErrors.invalidPasscode()
      }
      f.profile = { credentialId }
      f.status = 'ACTIVE'
      break
    }
    case 'token:hardware': {
      // A YubiKey OTP is 44 modhex characters; the first 12 are the key's public id.
      const passCode = verifyPassCode(req)
      if (!MODHEX_OTP.test(passCode)) throw oktaErrors.invalidPasscode()
      f.profile = { credentialId: passCode.slice(0, 12) }
      f.lastPassCode = passCode
      f.status = 'ACTIVE'
      break
    }
    case 'u2f':
    case 'webauthn':
      f.nonce = randomBytes(15).toString('base64url')
      break
  }
  if (activate && (req.factorType === 'sms' || req.factorType === 'call' || req.factorType === 'email')) {
    f.status = 'ACTIVE'
    delete f.otp
  }
  if (send) deliverCode(ctx, u, f, 'enroll', req.factorType === 'email' ? lifetime : undefined)
  f.lastUpdated = iso(now)
  if (!existing) ctx.store.addFactor(f)
  return ok(factorView(f, ctx.urls, u.profile.login, now))
}

/**
 * A phone number as written in Okta's examples (`+1-555-415-1337`) in E.164 (`+15554151337`):
 * spaces, hyphens, dots and parentheses go; what is left must be `+`, a country code and at most
 * 15 digits in all, else 400 E0000098. Numbers without the `+` are refused (no default country).
 */
export function normalisePhone(raw: string): string {
  const phone = raw.replace(PHONE_PUNCTUATION, '')
  if (!E164.test(phone)) throw oktaErrors.invalidPhoneNumber()
  return phone
}

/** A call factor's `phoneExtension`: up to 15 digits; absent, null or "" is none; else 400 E0000121. */
function extension(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) throw oktaErrors.invalidPhoneExtension()
  return v
}

function requiredString(obj: Record<string, unknown>, name: string): string {
  const v = obj[name]
  if (typeof v !== 'string' || v === '') throw invalid(`${name}: The field cannot be left blank`)
  return v
}

function verifyPassCode(req: EnrollRequest): string {
  const v = req.verify.passCode
  if (typeof v !== 'string' || v === '') throw invalid('verify.passCode: The field cannot be left blank')
  return v
}
