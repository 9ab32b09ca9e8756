import type { OktaClient } from '../api/client.js'
import { factorTransactionId, pollFactorTransaction, pollHref, verifyFactor } from '../api/factors.js'
import type { FactorResult, UserFactor, VerifyFactorBody } from '../api/types.js'
import type { CallerVerification } from '../audit/log.js'
import type { Context } from '../context.js'
import { CancelledError, OktaApiError, VerificationError } from '../errors.js'
import { askSentCode } from '../factors/code-entry.js'
import { challengeNumber } from '../factors/result.js'
import { visible } from '../output/visible.js'
import { pollUntil } from '../factors/wait.js'
import { CALLER_METHODS, type CallerMethod } from './options.js'

/**
 * Prove the caller owns the account before anything is removed: an Okta Verify push with number
 * matching (the agent reads the number out, the caller picks it), or a one-time code the caller
 * reads out (sms, email: sent now; totp: from the caller's app) that the agent types in.
 */

const TYPES: Record<CallerMethod, string[]> = {
  push: ['push'],
  sms: ['sms'],
  email: ['email'],
  totp: ['token:software:totp', 'token:hotp'],
}

/** Codes that mean "wrong code", so the check failed rather than the request. */
const WRONG_CODE = new Set(['E0000068', 'E0000082', 'E0000083', 'E0000069'])

/** Codes are typed in by the agent, so those methods need a terminal; push works anywhere. */
export function needsTerminal(m: CallerMethod): boolean {
  return m !== 'push'
}

export function callerFactor(factors: UserFactor[], m: CallerMethod): UserFactor | undefined {
  return factors.find((f) => TYPES[m].includes(f.factorType) && f.status === 'ACTIVE')
}

export class CallerNotVerified extends VerificationError {
  constructor(
    message: string,
    readonly verification: CallerVerification,
    hint?: string,
  ) {
    super(message, hint)
  }
}

/** Ctrl-C while a caller-verification push was pending: audited as cancelled, with its transaction. */
export class CallerVerificationCancelled extends CancelledError {
  constructor(
    readonly verification: CallerVerification,
    readonly pendingTransaction: string,
  ) {
    super('Cancelled while waiting for the caller to answer the push. Nothing was changed.')
  }
}

/** Verify the caller; resolves with the (successful) result, or throws CallerNotVerified (exit 3). */
export async function verifyCaller(
  ctx: Context,
  api: OktaClient,
  target: { userId: string; login: string },
  factors: UserFactor[],
  method: CallerMethod,
  waitSeconds: number,
): Promise<CallerVerification> {
  const factor = callerFactor(factors, method)
  if (!factor) {
    throw new CallerNotVerified(
      `Cannot verify the caller by ${method}: ${visible(target.login)} has no active ${TYPES[method].join(' or ')} factor. Nothing was changed.`,
      { method, factorId: null, result: 'NO_FACTOR' },
      `Choose another --verify-caller method (${CALLER_METHODS.filter((x) => x !== method && callerFactor(factors, x)).join(', ') || 'none available'}).`,
    )
  }
  const result = (r: string): CallerVerification => ({ method, factorId: factor.id, result: r })
  const send = async (body?: VerifyFactorBody) =>
    (await verifyFactor(api, { userId: target.userId, factorId: factor.id, body })).data ?? {}

  if (method === 'push') {
    const challenge = await send({ useNumberMatchingChallenge: true })
    const n = challengeNumber(challenge)
    const t = ctx.out.errTheme
    ctx.out.note(
      n === undefined
        ? t.bold(`Push sent to ${target.login}. Ask the caller to approve it in Okta Verify.`)
        : t.bold(`Push sent to ${target.login}. Tell the caller to pick ${t.inverse(` ${n} `)} in Okta Verify.`),
    )
    const poll = pollHref(challenge)
    let final: FactorResult = challenge
    let timedOut = false
    if (challenge.factorResult === 'WAITING' && poll) {
      try {
        const outcome = await pollUntil(ctx, {
          label: `Waiting for the caller to answer the push${n === undefined ? '' : ` (number ${n})`}…`,
          waitSeconds,
          api,
          fetch: (c) => pollFactorTransaction(c, challenge),
          done: (r) => r.factorResult !== 'WAITING',
        })
        // Out of time before any poll answered (slow, or rate limited past the deadline): still not verified.
        final = outcome.result ?? challenge
        timedOut = outcome.timedOut
      } catch (err) {
        if (err instanceof CancelledError) throw new CallerVerificationCancelled(result('CANCELLED'), factorTransactionId(challenge) ?? poll)
        throw err
      }
    }
    const r = timedOut ? 'WAIT_TIMEOUT' : typeof final.factorResult === 'string' ? final.factorResult : 'UNKNOWN'
    if (r !== 'SUCCESS') {
      throw new CallerNotVerified(`Caller verification failed: push ${r === 'WAIT_TIMEOUT' ? 'not answered in time' : visible(r)}. Nothing was changed.`, result(r))
    }
    ctx.out.success('Caller verified by push.')
    return result('SUCCESS')
  }

  if (method === 'sms' || method === 'email') {
    const challenge = await send(undefined)
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value from parsed JSON/YAML, expected to be a primitive; String() is what we want
    const to = String(challenge.profile?.phoneNumber ?? challenge.profile?.email ?? factor.profile?.phoneNumber ?? factor.profile?.email ?? '')
    ctx.out.note(`A code was sent by ${method}${to ? ` to ${to}` : ''}. Ask the caller to read it out.`)
  }
  const prompt = method === 'totp' ? 'Code from the caller’s authenticator app:' : 'Code the caller reads out:'
  // Masked, like every other passcode prompt: an echoed code would stay on the agent's screen (stderr).
  const ask = async () => (await ctx.prompt.password(prompt, (v) => (/^\d{4,10}$/.test(v.trim()) ? true : 'Enter the digits of the code'))).trim()
  const check = async (code: string) => {
    const r = await send({ passCode: code })
    // Only an explicit SUCCESS verifies the caller: a missing or odd factorResult fails closed.
    if (r.factorResult !== 'SUCCESS') {
      const got = typeof r.factorResult === 'string' ? r.factorResult : 'UNKNOWN'
      throw new CallerNotVerified(`Caller verification failed: Okta answered ${got === 'UNKNOWN' ? 'without a factorResult' : got}, not SUCCESS. Nothing was changed.`, result(got))
    }
  }
  try {
    // A code sent by sms or email is asked again after a wrong one (E0000068), within the same
    // challenge: a new one would cost another message (and, for sms, Okta's 30 s limit). A TOTP
    // code gets one try, as before: a new verification costs nothing.
    if (method === 'totp') await check(await ask())
    else await askSentCode(ctx, ask, check)
  } catch (err) {
    if (err instanceof OktaApiError && err.errorCode && WRONG_CODE.has(err.errorCode)) {
      throw new CallerNotVerified(`Caller verification failed: the code is wrong (${err.errorCode}). Nothing was changed.`, result('WRONG_CODE'))
    }
    throw err
  }
  ctx.out.success(`Caller verified by ${method}.`)
  return result('SUCCESS')
}

