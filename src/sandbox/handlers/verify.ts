import { randomInt } from 'node:crypto'
import { oktaErrors } from '../errors.js'
import { newTransactionId } from '../ids.js'
import { checkTotp, hexToBytes } from '../otp.js'
import { PUSH_TX_TTL_MS, pushResult } from '../push.js'
import { link, pushFinalView, pushWaitingView } from '../render.js'
import { normaliseAnswer } from '../seed.js'
import type { FactorRec, TxRec, UserRec } from '../state.js'
import { type Ctx, type Reply, bodyObject, factorFromPath, intParam, ok, requireActive, stringField, userFromPath } from './context.js'
import { deliverCode, takeCode } from './deliver.js'

const WHAT = 'verifyFactorRequest'
const SUCCESS = { factorResult: 'SUCCESS' }

/**
 * POST …/factors/{factorId}/verify
 * sms/call/email: no passCode → a new code in the outbox, `{factorResult: CHALLENGE}`; with it → SUCCESS.
 * question `{answer}`; token:software:totp, token:hotp, token, token:hardware `{passCode}`.
 * push → 201 WAITING with `_links.poll`/`cancel` (number matching with `useNumberMatchingChallenge`).
 */
export function verifyFactor(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  const f = factorFromPath(ctx, u)
  const lifetime = intParam(ctx, 'tokenLifetimeSeconds', WHAT, 1, 86400, 300)
  requireActive(u)
  const body = bodyObject(ctx, WHAT)
  if (f.status !== 'ACTIVE') throw oktaErrors.validation(WHAT, 'The factor is not active. Activate it first.')
  const now = ctx.now()
  const passCode = () => {
    const p = stringField(body, 'passCode', WHAT)
    if (!p) throw oktaErrors.validation(WHAT, 'passCode: The field cannot be left blank')
    return p
  }
  switch (f.factorType) {
    case 'sms':
    case 'call':
    case 'email': {
      const code = stringField(body, 'passCode', WHAT)
      if (code === undefined) {
        deliverCode(ctx, u, f, 'verify', f.factorType === 'email' ? lifetime : undefined)
        return ok(challenge(ctx, f))
      }
      if (!takeCode(ctx, f, code)) throw oktaErrors.invalidPasscode()
      return ok(SUCCESS)
    }
    case 'question': {
      const answer = stringField(body, 'answer', WHAT)
      if (!answer) throw oktaErrors.validation(WHAT, 'answer: The field cannot be left blank')
      if (normaliseAnswer(answer) !== f.answer) throw oktaErrors.invalidPasscode()
      return ok(SUCCESS)
    }
    case 'token:software:totp':
    case 'token:hotp': {
      const secret = f.factorType === 'token:hotp' ? hexToBytes(f.secret ?? '') : (f.secret ?? '')
      const r = checkTotp(secret, passCode(), now, f.lastStep)
      if (!r.ok) throw r.reason === 'replayed' ? oktaErrors.passcodeReplayed() : oktaErrors.invalidPasscode()
      f.lastStep = r.step
      return ok(SUCCESS)
    }
    case 'token':
      // No RSA/Symantec server behind the sandbox: any 6–10 digit passCode verifies.
      if (!/^\d{6,10}$/.test(passCode())) throw oktaErrors.invalidPasscode()
      return ok(SUCCESS)
    case 'token:hardware': {
      const p = passCode()
      if (!/^[cbdefghijklnrtuv]{44}$/.test(p) || !p.startsWith(f.profile.credentialId ?? '')) throw oktaErrors.invalidPasscode()
      if (p === f.lastPassCode) throw oktaErrors.passcodeReplayed()
      f.lastPassCode = p
      return ok(SUCCESS)
    }
    case 'push':
      return ok(startPush(ctx, u, f, body.useNumberMatchingChallenge === true), 201)
    case 'u2f':
    case 'webauthn':
      if (Object.keys(body).length) throw oktaErrors.invalidPasscode() // no real authenticator to check against
      return ok(challenge(ctx, f))
    default:
      throw oktaErrors.validation(WHAT, `Factors of type ${f.factorType} cannot be verified through this API.`)
  }
}

function challenge(ctx: Ctx, f: FactorRec) {
  const self = ctx.urls.factor(f)
  const profile =
    f.factorType === 'sms' ? { phoneNumber: f.profile.phoneNumber }
    : f.factorType === 'call' ? { phoneNumber: f.profile.phoneNumber, ...(f.profile.phoneExtension ? { phoneExtension: f.profile.phoneExtension } : {}) }
    : f.factorType === 'u2f' || f.factorType === 'webauthn' ? { ...f.profile }
    : undefined
  const nonce = randomInt(2 ** 47).toString(36)
  const embedded =
    f.factorType === 'u2f' ? { challenge: { nonce, timeoutSeconds: 20 } }
    : f.factorType === 'webauthn' ? { challenge: { challenge: nonce, extensions: {} } }
    : undefined
  return {
    factorResult: 'CHALLENGE',
    ...(profile ? { profile } : {}),
    _links: { verify: link(`${self}/verify`, 'POST'), factor: link(self, 'GET', 'DELETE') },
    ...(embedded ? { _embedded: embedded } : {}),
  }
}

function startPush(ctx: Ctx, u: UserRec, f: FactorRec, numberMatching: boolean) {
  const now = ctx.now()
  ctx.store.pruneTransactions(now)
  const t: TxRec = {
    id: newTransactionId(),
    userId: u.id,
    factorId: f.id,
    createdAt: now,
    expiresAt: now + PUSH_TX_TTL_MS,
    mode: u.rejectsPush ? 'reject' : ctx.push.mode,
    delayMs: ctx.push.delayMs,
    ...(numberMatching ? { correctAnswer: randomInt(10, 100) } : {}),
  }
  ctx.store.addTransaction(t)
  return pushWaitingView(t, ctx.urls)
}

function transactionFromPath(ctx: Ctx): { u: UserRec; t: TxRec } {
  const u = userFromPath(ctx)
  const f = factorFromPath(ctx, u)
  const id = ctx.params.transactionId ?? ''
  const t = ctx.store.transaction(id)
  if (!t || t.factorId !== f.id) throw oktaErrors.notFound(id, 'Transaction')
  return { u, t }
}

/** GET …/transactions/{transactionId}: WAITING, SUCCESS, REJECTED or TIMEOUT. */
export function getFactorTransactionStatus(ctx: Ctx): Reply {
  const { u, t } = transactionFromPath(ctx)
  const r = pushResult(t, ctx.now())
  if (r === 'WAITING') return ok(pushWaitingView(t, ctx.urls, u.profile.login))
  if (r === 'SUCCESS') return ok(SUCCESS)
  return ok(pushFinalView(r, t, ctx.urls, u.profile.login))
}

/** DELETE …/transactions/{transactionId} (the `cancel` link): 204; the transaction is gone afterwards. */
export function cancelFactorTransaction(ctx: Ctx): Reply {
  const { u, t } = transactionFromPath(ctx)
  requireActive(u)
  ctx.store.deleteTransaction(t.id)
  return { status: 204 }
}
