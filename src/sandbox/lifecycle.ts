import { oktaId } from './ids.js'
import { newTotpSecret } from './otp.js'
import { activationResult } from './push.js'
import { factorPrefix, pushDeviceProfile } from './seed.js'
import { iso } from './render.js'
import type { FactorRec, FactorType, Store } from './state.js'

// Factor state changes shared by several routes, including Okta Identity Engine's coupling of
// the Okta Verify factors: push, token:software:totp (OKTA) and signed_nonce come and go together.

const OKTA_VERIFY: { factorType: FactorType; provider: string }[] = [
  { factorType: 'push', provider: 'OKTA' },
  { factorType: 'token:software:totp', provider: 'OKTA' },
  { factorType: 'signed_nonce', provider: 'OKTA' },
]

const isOktaVerify = (f: FactorRec) => OKTA_VERIFY.some((v) => v.factorType === f.factorType && v.provider === f.provider)

export function findFactor(store: Store, userId: string, factorType: string, provider: string): FactorRec | undefined {
  return store.factorsOf(userId).find((f) => f.factorType === factorType && f.provider === provider)
}

/** Makes `f` ACTIVE. Activating Okta Verify (push or its TOTP) also enrolls the other Okta Verify factors. */
export function markActive(store: Store, f: FactorRec, login: string, now: number): void {
  f.status = 'ACTIVE'
  f.lastUpdated = iso(now)
  delete f.otp
  delete f.attempts
  delete f.pushActivation
  delete f.nonce
  delete f.qrToken
  if (f.factorType === 'push') f.profile = pushDeviceProfile(login)
  if (!isOktaVerify(f)) return
  for (const v of OKTA_VERIFY) {
    if (findFactor(store, f.userId, v.factorType, v.provider)) continue
    store.addFactor({
      id: oktaId(factorPrefix(v.factorType, v.provider)),
      userId: f.userId,
      factorType: v.factorType,
      provider: v.provider,
      vendorName: v.provider,
      status: 'ACTIVE',
      created: iso(now),
      lastUpdated: iso(now),
      profile: v.factorType === 'token:software:totp' ? { credentialId: login } : pushDeviceProfile(login),
      ...(v.factorType === 'token:software:totp' ? { secret: newTotpSecret() } : {}),
    })
  }
}

/** Unenrolls `f`; unenrolling push or signed_nonce also unenrolls the Okta Verify TOTP, push and signed_nonce. */
export function unenroll(store: Store, f: FactorRec): void {
  store.removeFactor(f)
  if (f.factorType !== 'push' && f.factorType !== 'signed_nonce') return
  for (const other of [...store.factorsOf(f.userId)]) if (isOktaVerify(other)) store.removeFactor(other)
}

/** A push enrollment whose QR code has been "scanned" becomes ACTIVE when someone looks. True if it did. */
export function settle(store: Store, f: FactorRec, login: string, now: number): boolean {
  if (f.status !== 'PENDING_ACTIVATION' || !f.pushActivation || activationResult(f.pushActivation, now) !== 'ACTIVE') return false
  markActive(store, f, login, now)
  return true
}

export const ACTIVATION_WINDOW_MS = 5 * 60_000
export const ACTIVATION_MAX_ATTEMPTS = 5

/** Activation attempts within the last five minutes. */
export function recentAttempts(f: FactorRec, now: number): number[] {
  return (f.attempts ?? []).filter((t) => t > now - ACTIVATION_WINDOW_MS)
}
