import type { PushActivation, PushMode, TxRec } from './state.js'

// Okta Verify, simulated. Nothing runs in the background: a transaction's result is worked out
// from its mode, its delay and the clock whenever someone asks (poll, admin answer, persistence).
//
//   approve → SUCCESS after the delay     reject → REJECTED after the delay
//   timeout → TIMEOUT after the delay     manual → WAITING until answered through POST /_sandbox/push
// Every transaction times out at its expiresAt if still unanswered. An answer given through
// /_sandbox/push wins over the mode while the transaction is still waiting.
//
// Activation (scanning the QR code): approve and reject modes "scan" after the delay (ACTIVE);
// timeout mode times out after the delay; manual waits for an answer (approve → ACTIVE,
// reject → CANCELLED) until expiresAt.

export const PUSH_TX_TTL_MS = 5 * 60_000
export const PUSH_ACTIVATION_TTL_MS = 10 * 60_000

export type PushResult = 'WAITING' | 'SUCCESS' | 'REJECTED' | 'TIMEOUT'
export type ActivationResult = 'WAITING' | 'ACTIVE' | 'TIMEOUT' | 'CANCELLED'

function decided(mode: PushMode, answer: string | undefined, due: boolean): 'approve' | 'reject' | 'timeout' | undefined {
  if (answer === 'approve' || answer === 'reject') return answer
  if (mode === 'manual' || !due) return undefined
  return mode
}

export function pushResult(t: TxRec, now: number): PushResult {
  const d = decided(t.mode, t.answer, now >= t.createdAt + t.delayMs)
  if (d === 'approve') return 'SUCCESS'
  if (d === 'reject') return 'REJECTED'
  if (d === 'timeout' || now >= t.expiresAt) return 'TIMEOUT'
  return 'WAITING'
}

export function activationResult(a: PushActivation, now: number): ActivationResult {
  const mode = a.mode === 'reject' ? 'approve' : a.mode // the user scans the QR code either way
  const d = decided(mode, a.answer, now >= a.startedAt + a.delayMs)
  if (d === 'approve') return 'ACTIVE'
  if (d === 'reject') return 'CANCELLED'
  if (d === 'timeout' || now >= a.expiresAt) return 'TIMEOUT'
  return 'WAITING'
}
