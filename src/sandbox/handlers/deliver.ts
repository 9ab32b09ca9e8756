import { randomBytes } from 'node:crypto'
import { oktaErrors } from '../errors.js'
import { randomCode } from '../otp.js'
import { iso } from '../render.js'
import type { FactorRec, OutboxChannel, OutboxEntry, UserRec } from '../state.js'
import type { Ctx } from './context.js'

export const RESEND_INTERVAL_MS = 30_000
/** One email per address every 5 seconds: the wait E0000118's summary names. */
export const EMAIL_RESEND_INTERVAL_MS = 5_000
export const PHONE_CODE_LIFETIME_S = 300

/** Where a code for factor `f` goes: its phone number or email address. */
export function destination(f: FactorRec): string {
  return f.profile.phoneNumber ?? f.profile.email ?? ''
}

/**
 * Sends a fresh one-time code for an sms/call/email factor to the outbox and remembers it on the
 * factor. One SMS (E0000109) or call (E0000133) per number every 30 seconds, and one email
 * (E0000118) per address every 5 seconds, as Okta enforces.
 */
export function deliverCode(ctx: Ctx, u: UserRec, f: FactorRec, purpose: OutboxEntry['purpose'], lifetimeS?: number): void {
  const channel = f.factorType as OutboxChannel
  const to = destination(f)
  const now = ctx.now()
  assertCanSend(ctx, channel, to)
  const code = randomCode()
  f.otp = { code, expiresAt: now + 1000 * (lifetimeS ?? PHONE_CODE_LIFETIME_S) }
  const templateId = channel === 'sms' ? ctx.query.get('templateId') ?? undefined : undefined
  const lang = ctx.headers['accept-language']
  const locale = channel === 'sms' && lang && lang !== '*' ? lang : undefined
  ctx.store.send(
    {
      id: randomBytes(8).toString('hex'),
      time: iso(now),
      userId: u.id,
      login: u.profile.login,
      factorId: f.id,
      channel,
      to,
      purpose,
      code,
      ...(templateId ? { templateId } : {}),
      ...(locale ? { locale } : {}),
    },
    now,
  )
}

/**
 * 429 E0000109 / E0000133 when an SMS or call went to `to` less than 30 seconds ago; 429 E0000118
 * when an email went to `to` less than 5 seconds ago.
 */
export function assertCanSend(ctx: Ctx, channel: string, to: string): void {
  const last = ctx.store.lastSent.get(`${channel}:${to}`)
  const interval = channel === 'email' ? EMAIL_RESEND_INTERVAL_MS : RESEND_INTERVAL_MS
  if (last === undefined || ctx.now() - last >= interval) return
  throw channel === 'email' ? oktaErrors.emailTooSoon() : channel === 'sms' ? oktaErrors.smsTooSoon() : oktaErrors.callTooSoon()
}

/** Checks (and on success consumes) the code waiting on `f`. */
export function takeCode(ctx: Ctx, f: FactorRec, passCode: string): boolean {
  const otp = f.otp
  if (!otp || otp.expiresAt <= ctx.now() || otp.code !== passCode) return false
  delete f.otp
  return true
}
