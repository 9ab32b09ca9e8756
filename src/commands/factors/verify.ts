import { factorTransactionId, pollFactorTransaction, pollHref, verifyFactor } from '../../api/factors.js'
import { visible } from '../../output/visible.js'
import type { FactorResult, UserFactor, VerifyFactorBody } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { parsePositiveNumber } from '../../config/flags.js'
import { CancelledError, UsageError } from '../../errors.js'
import { parseTokenLifetime } from '../../factors/enroll-plan.js'
import { CODE_TRIES, askSentCode } from '../../factors/code-entry.js'
import { challengeNumber, isFinalPushResult, printFactorResult } from '../../factors/result.js'
import { oktactlFor } from '../../factors/confirm.js'
import { refuseLiteralSecret, secretValue } from '../../factors/secrets.js'
import { resolveFactor, resolveUser, userLabel, type ResolvedUser } from '../../factors/resolve.js'
import { DEFAULT_WAIT_SECONDS, pollUntil } from '../../factors/wait.js'
import { shellArg } from '../../output/shell.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; VerifyFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('verify')
    .description('Verify a factor: check a code or answer, or send a push or an OTP challenge')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or a factor type the user has exactly one of')
    .option('--code <passCode>', 'one-time code (use - to read it from stdin)')
    .option('--next-code <passCode>', 'the next code, for tokens that need two (- reads the next line of stdin)')
    .option('--answer <text>', 'security question answer: - reads it from stdin; left out, a terminal asks (never a literal value)')
    .option('--number-challenge', 'push: use number matching and show the number the user must pick')
    .option('--wait', 'push: wait until the user answers (SUCCESS, REJECTED or TIMEOUT)')
    .option('--wait-timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`)
    .option('--template-id <id>', 'sms: SMS template id')
    .option('--token-lifetime <seconds>', 'lifetime of the OTP, 1-86400 (default 300)')
    .option('--forwarded-for <ip>', "X-Forwarded-For: the end user's public IP (trusted proxies only)")
    .option('--user-agent <ua>', 'User-Agent shown in the push notification')
    .option('--accept-language <lang>', 'sms: language of the message, e.g. de')
export type VerifyFlags = FlagsOf<ReturnType<typeof declare>>

export interface VerifyRequest {
  user: string
  factor: string
  code?: string
  nextCode?: string
  answer?: string
  numberChallenge: boolean
  wait: boolean
  waitSeconds: number
  templateId?: string
  tokenLifetimeSeconds?: number
  forwardedFor?: string
  userAgent?: string
  acceptLanguage?: string
}

/** Pure: operands and flags → a request, or a UsageError before anything is sent. */
export function parseVerify(user: string, factor: string, o: VerifyFlags): VerifyRequest {
  refuseLiteralSecret('--answer', o.answer)
  return {
    user,
    factor,
    code: o.code,
    nextCode: o.nextCode,
    answer: o.answer,
    numberChallenge: Boolean(o.numberChallenge),
    wait: Boolean(o.wait),
    waitSeconds: parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS,
    templateId: o.templateId,
    tokenLifetimeSeconds: parseTokenLifetime(o.tokenLifetime),
    forwardedFor: o.forwardedFor,
    userAgent: o.userAgent,
    acceptLanguage: o.acceptLanguage,
  }
}

const OTP_BY_CHALLENGE = new Set(['sms', 'call', 'email'])
const PASSCODE_TYPES = new Set(['token:software:totp', 'token:hotp', 'token', 'token:hardware'])

export async function runVerify(req: VerifyRequest, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const user = await resolveUser(api, req.user)
  const factor = await resolveFactor(api, user, req.factor)
  const send = (body?: VerifyFactorBody) =>
    verifyFactor(api, {
      userId: user.id,
      factorId: factor.id,
      body,
      templateId: req.templateId,
      tokenLifetimeSeconds: req.tokenLifetimeSeconds,
      forwardedFor: req.forwardedFor,
      userAgent: req.userAgent,
      acceptLanguage: req.acceptLanguage,
    }).then((r) => r.data ?? {})

  const type = factor.factorType
  if (type === 'push') return verifyPush(req, ctx, user, factor, send)
  if (req.numberChallenge || req.wait) throw new UsageError('--number-challenge and --wait apply to push factors only.')

  if (type === 'question') {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value from parsed JSON/YAML, expected to be a primitive; String() is what we want
    const answer = await secretValue(ctx, req.answer, { flag: '--answer', prompt: `Answer to "${String(factor.profile?.questionText ?? factor.profile?.question ?? 'the security question')}":`, required: true })
    return printFactorResult(ctx, await send({ answer }), factor.id)
  }
  if (OTP_BY_CHALLENGE.has(type)) {
    if (req.code !== undefined) {
      const passCode = await secretValue(ctx, req.code, { flag: '--code', prompt: '', required: true })
      return printFactorResult(ctx, await send({ passCode }), factor.id)
    }
    // No code: Okta sends one (an empty POST is a challenge).
    const challenge = await send(undefined)
    if (challenge.factorResult !== 'CHALLENGE' || !ctx.canPrompt) {
      if (challenge.factorResult === 'CHALLENGE') {
        ctx.out.note(`A code was sent by ${type} to ${userLabel(user)}. Verify it with: ${oktactlFor(ctx)} factors verify ${shellArg(req.user)} ${shellArg(factor.id)} --code -`)
      }
      return printFactorResult(ctx, challenge, factor.id)
    }
    // At a terminal a wrong code is asked again within this challenge (a new one would send
    // another code, and Okta refuses a second SMS or call within 30 s).
    const result = await askSentCode(
      ctx,
      () => ctx.prompt.password(`Code sent by ${type} to the user:`, (v) => (/^\d{4,10}$/.test(v.trim()) ? true : 'Enter the digits of the code')),
      (passCode) => send({ passCode: passCode.trim() }),
    )
    return printFactorResult(ctx, result, factor.id)
  }
  if (PASSCODE_TYPES.has(type)) {
    const passCode = await secretValue(ctx, req.code, { flag: '--code', prompt: 'Code from the authenticator:', required: true })
    const nextPassCode = req.nextCode === undefined ? undefined : await secretValue(ctx, req.nextCode, { flag: '--next-code', prompt: '', required: false })
    return printFactorResult(ctx, await send(nextPassCode ? { passCode, nextPassCode } : { passCode }), factor.id)
  }
  throw new UsageError(`A ${visible(type)} factor cannot be verified from the command line; it needs the user's browser or device.`)
}

async function verifyPush(
  req: VerifyRequest,
  ctx: Context,
  user: ResolvedUser,
  factor: UserFactor,
  send: (body?: VerifyFactorBody) => Promise<FactorResult>,
): Promise<void> {
  if (req.code !== undefined || req.answer !== undefined) throw new UsageError('Push factors take no --code or --answer.')
  const challenge = await send(req.numberChallenge ? { useNumberMatchingChallenge: true } : undefined)
  const poll = pollHref(challenge)
  const transactionId = factorTransactionId(challenge)
  const answer = challengeNumber(challenge)
  if (answer !== undefined) {
    ctx.out.note(ctx.out.errTheme.bold(`Number challenge: the user must pick ${answer} in Okta Verify.`))
  }
  if (!req.wait || challenge.factorResult !== 'WAITING' || !poll) {
    if (challenge.factorResult === 'WAITING' && transactionId) {
      ctx.out.note(`Push sent to ${userLabel(user)}. Check it with: ${oktactlFor(ctx)} factors poll ${shellArg(req.user)} ${shellArg(factor.id)} ${shellArg(transactionId)} --wait`)
    }
    return printFactorResult(ctx, challenge, factor.id, { transactionId })
  }
  const api = await ctx.api()
  // A wait that ends without the user's answer (a poll error, the time running out, Ctrl-C) says
  // how to pick the push up again, with its transaction id, before the error.
  const pickUp = () => {
    if (transactionId) {
      ctx.out.note(`The push to ${userLabel(user)} may still be answered. Check it with: ${oktactlFor(ctx)} factors poll ${shellArg(req.user)} ${shellArg(factor.id)} ${shellArg(transactionId)} --wait`)
    }
  }
  let outcome
  try {
    outcome = await pollUntil(ctx, {
      label: `Waiting for ${userLabel(user)} to answer the push${answer !== undefined ? ` (number ${answer})` : ''}…`,
      waitSeconds: req.waitSeconds,
      api,
      fetch: (c) => pollFactorTransaction(c, challenge),
      done: isFinalPushResult,
    })
  } catch (err) {
    // As a timeout does: the push as last known (WAITING, its transaction id) on stdout, then the error.
    if (!(err instanceof CancelledError)) await printFactorResult(ctx, challenge, factor.id, { transactionId })
    pickUp()
    throw err
  }
  const { timedOut } = outcome
  // Timed out before any poll answered (each one slow, or rate limited past the deadline): still the challenge.
  const result = outcome.result ?? challenge
  if (timedOut) pickUp()
  return printFactorResult(ctx, { ...result, _embedded: result._embedded ?? challenge._embedded }, factor.id, {
    transactionId,
    waitTimedOut: timedOut,
  })
}

export function defineVerify(parent: Noun, services: Services, run = runVerify) {
  return declare(parent)
    .addHelpText(
      'after',
      `
Without --code, sms/call/email factors are sent a code; at a terminal you are then asked for it,
and a wrong code is asked again (${CODE_TRIES} tries in all) without sending a new one.
Exit status: 0 SUCCESS (or a challenge/push sent), 3 wrong code, REJECTED, TIMEOUT or wait ran out.

Examples:
  $ oktactl factors verify alice@example.com totp --code 123456
  $ oktactl factors verify alice@example.com sms                 # sends a code, then asks for it
  $ oktactl factors verify alice@example.com push --number-challenge --wait
  $ printf '%s\\n' "$ANSWER" | oktactl factors verify alice@example.com question --answer -`,
    )
    .action(async (user, factor, o, cmd) => run(parseVerify(user, factor, o), contextFor(cmd, services)))
}
