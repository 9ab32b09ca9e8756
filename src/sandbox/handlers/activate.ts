import { randomBytes } from 'node:crypto'
import { oktaErrors } from '../errors.js'
import { ACTIVATION_MAX_ATTEMPTS, markActive, recentAttempts } from '../lifecycle.js'
import { checkTotp } from '../otp.js'
import { PUSH_ACTIVATION_TTL_MS, activationResult } from '../push.js'
import { type Urls, factorView, iso, link, pushSendLinks } from '../render.js'
import type { FactorRec, UserRec } from '../state.js'
import { type Ctx, type Reply, bodyObject, factorFromPath, ok, requireActive, stringField, userFromPath } from './context.js'
import { assertCanSend, deliverCode, takeCode } from './deliver.js'

const WHAT = 'activateFactorRequest'

function pending(ctx: Ctx): { u: UserRec; f: FactorRec } {
  const u = userFromPath(ctx)
  const f = factorFromPath(ctx, u)
  requireActive(u)
  return { u, f }
}

/** Okta: "five activation attempts within five minutes" per factor; then 429 E0000047. */
function countAttempt(f: FactorRec, now: number): void {
  const attempts = recentAttempts(f, now)
  if (attempts.length >= ACTIVATION_MAX_ATTEMPTS) {
    f.attempts = attempts
    throw oktaErrors.rateLimited()
  }
  f.attempts = [...attempts, now]
}

function pushWaiting(f: FactorRec, urls: Urls) {
  const self = urls.factor(f)
  return {
    expiresAt: iso(f.pushActivation?.expiresAt ?? 0),
    factorResult: 'WAITING',
    _links: {
      poll: link(`${self}/lifecycle/activate/poll`, 'POST'),
      qrcode: { href: `${self}/qr/${f.qrToken ?? ''}`, type: 'image/png' },
      send: pushSendLinks(f, urls),
    },
  }
}

/**
 * POST …/factors/{factorId}/lifecycle/activate
 * sms/call/email/token:software:totp: `{passCode}` → the ACTIVE factor. push: (re)starts the
 * activation and returns it (WAITING, with the poll link). u2f/webauthn: the sandbox cannot check
 * browser attestation data, so every attempt fails with E0000068.
 */
export function activateFactor(ctx: Ctx): Reply {
  const { u, f } = pending(ctx)
  const body = bodyObject(ctx, WHAT)
  if (f.status === 'ACTIVE') throw oktaErrors.validation(WHAT, 'The factor is already active.')
  const now = ctx.now()
  switch (f.factorType) {
    case 'push':
      f.pushActivation = { startedAt: now, expiresAt: now + PUSH_ACTIVATION_TTL_MS, mode: ctx.push.mode, delayMs: ctx.push.delayMs }
      f.qrToken = randomBytes(24).toString('base64url')
      return ok(pushWaiting(f, ctx.urls))
    case 'u2f':
    case 'webauthn': {
      const needed = f.factorType === 'u2f' ? ['registrationData', 'clientData'] : ['attestation', 'clientData']
      for (const name of needed) if (!stringField(body, name, WHAT)) throw oktaErrors.validation(WHAT, `${name}: The field cannot be left blank`)
      countAttempt(f, now)
      throw oktaErrors.invalidPasscode()
    }
  }
  const passCode = stringField(body, 'passCode', WHAT)
  if (!passCode) throw oktaErrors.validation(WHAT, 'passCode: The field cannot be left blank')
  countAttempt(f, now)
  if (f.factorType === 'token:software:totp') {
    const r = checkTotp(f.secret ?? '', passCode, now)
    if (!r.ok) throw oktaErrors.invalidPasscode()
    f.lastStep = r.step
  } else if (!takeCode(ctx, f, passCode)) {
    throw oktaErrors.invalidPasscode()
  }
  markActive(ctx.store, f, u.profile.login, now)
  return ok(factorView(f, ctx.urls, u.profile.login, now))
}

/**
 * POST …/lifecycle/activate/poll (push): the ACTIVE factor once the QR code was scanned;
 * `{factorResult: WAITING, …}` before; `{factorResult: TIMEOUT|CANCELLED, _links.activate}` if it failed.
 */
export function pollActivation(ctx: Ctx): Reply {
  const { u, f } = pending(ctx)
  const now = ctx.now()
  if (f.factorType !== 'push') throw oktaErrors.validation(WHAT, 'Only push factors are activated by polling.')
  if (f.status === 'ACTIVE') return ok(factorView(f, ctx.urls, u.profile.login, now))
  const r = f.pushActivation ? activationResult(f.pushActivation, now) : 'TIMEOUT'
  if (r === 'ACTIVE') {
    markActive(ctx.store, f, u.profile.login, now)
    return ok(factorView(f, ctx.urls, u.profile.login, now))
  }
  if (r === 'WAITING') return ok(pushWaiting(f, ctx.urls))
  return ok({ factorResult: r, _links: { activate: link(`${ctx.urls.factor(f)}/lifecycle/activate`, 'POST') } })
}

/** POST …/lifecycle/activate/{email|sms} (push): sends the activation link to the user. */
export function sendActivationLink(ctx: Ctx): Reply {
  const { u, f } = pending(ctx)
  const channel = ctx.params.channel === 'sms' ? 'sms' : 'email'
  if (f.factorType !== 'push' || f.status !== 'PENDING_ACTIVATION') {
    throw oktaErrors.validation(WHAT, 'Only a push factor waiting for activation has an activation link.')
  }
  const to = channel === 'sms' ? u.profile.mobilePhone : u.profile.email
  if (!to) throw oktaErrors.validation(WHAT, 'The user has no mobile phone number.')
  assertCanSend(ctx, channel, to) // the same per-destination limits as codes (30 s per phone, 5 s per address)
  const now = ctx.now()
  ctx.store.send(
    {
      id: randomBytes(8).toString('hex'),
      time: iso(now),
      userId: u.id,
      login: u.profile.login,
      factorId: f.id,
      channel,
      to,
      purpose: 'activation-link',
      link: `${ctx.urls.factor(f)}/qr/${f.qrToken ?? ''}`,
    },
    now,
  )
  return ok(pushWaiting(f, ctx.urls))
}

/** POST …/factors/{factorId}/resend `{factorType}`: a new code for a pending sms/call/email factor. */
export function resendEnrollFactor(ctx: Ctx): Reply {
  const what = 'resendEnrollFactorRequest'
  const { u, f } = pending(ctx)
  const body = bodyObject(ctx, what)
  const factorType = stringField(body, 'factorType', what)
  if (f.factorType !== 'sms' && f.factorType !== 'call' && f.factorType !== 'email') {
    throw oktaErrors.validation(what, 'Only sms, call and email factors can be resent.')
  }
  if (factorType !== f.factorType) throw oktaErrors.validation(what, `factorType: must be ${f.factorType}`)
  if (f.status !== 'PENDING_ACTIVATION') throw oktaErrors.validation(what, 'The factor is already active.')
  const now = ctx.now()
  // Once the activation limit is hit, Okta refuses resends for that factor too.
  if (recentAttempts(f, now).length >= ACTIVATION_MAX_ATTEMPTS) throw oktaErrors.rateLimited()
  deliverCode(ctx, u, f, 'resend')
  return ok(factorView(f, ctx.urls, u.profile.login, now))
}
