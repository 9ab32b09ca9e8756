import { randomInt } from 'node:crypto'
import { createGuardrails, generateSecret, verifySync } from 'otplib'

// Real one-time codes. TOTP per RFC 6238 (SHA-1, 6 digits, 30 s), checked against the enrolled
// secret, accepting the previous and next time step, and refusing a time step already used.

export const TOTP_STEP_SECONDS = 30
/** Okta's TOTP secrets are base32; custom TOTP (token:hotp) secrets are hex and may be short. */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 })

export type OtpSecret = string | Uint8Array

export function newTotpSecret(): string {
  return generateSecret() // 20 random bytes, base32 (32 characters)
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' }

/** Checks `code`; `lastStep` is the last time step accepted for this factor (replay protection). */
export function checkTotp(secret: OtpSecret, code: string, nowMs: number, lastStep?: number): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'invalid' }
  const r = verifySync({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOTP_STEP_SECONDS,
    guardrails,
  })
  if (!r.valid) return { ok: false, reason: 'invalid' }
  const step = 'timeStep' in r ? r.timeStep : Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS)
  if (lastStep !== undefined && step <= lastStep) return { ok: false, reason: 'replayed' }
  return { ok: true, step }
}

/** A random 6-digit code for SMS, voice call and email. */
export function randomCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0')
}

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding (for secrets derived from the seed). */
export function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += B32.charAt((value >>> (bits - 5)) & 31)
      bits -= 5
    }
  }
  if (bits > 0) out += B32.charAt((value << (5 - bits)) & 31)
  return out
}
