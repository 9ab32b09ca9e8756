import type { OktaClient } from '../../api/client.js'
import { getFactorTransactionStatus } from '../../api/factors.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { parsePositiveNumber } from '../../config/flags.js'
import { VerificationError } from '../../errors.js'
import { isFinalPushResult, printFactorResult } from '../../factors/result.js'
import { resolveFactor, resolveUser, userLabel } from '../../factors/resolve.js'
import { DEFAULT_WAIT_SECONDS, pollUntil } from '../../factors/wait.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; PollFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('poll')
    .description('Show (or wait for) the result of a push verification')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or push')
    .argument('<transaction>', 'transaction id printed by `factors verify`')
    .option('--wait', 'wait until the result is SUCCESS, REJECTED or TIMEOUT')
    .option('--wait-timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`)
export type PollFlags = FlagsOf<ReturnType<typeof declare>>

/** What `factors poll` was asked for: one push transaction's result, once or until it is final. */
export interface PollRequest {
  user: string
  factor: string
  transactionId: string
  wait: boolean
  waitSeconds: number
}

/** Pure: operands and flags → a request, or a UsageError before anything is sent. */
export function parsePoll(user: string, factor: string, transactionId: string, o: PollFlags): PollRequest {
  return {
    user,
    factor,
    transactionId,
    wait: Boolean(o.wait),
    waitSeconds: parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS,
  }
}

export async function runPoll(req: PollRequest, ctx: Context): Promise<void> {
  const { transactionId, waitSeconds } = req
  const api = await ctx.api()
  const u = await resolveUser(api, req.user)
  const factor = await resolveFactor(api, u, req.factor)
  const fetch = (c: OktaClient) => getFactorTransactionStatus(c, { userId: u.id, factorId: factor.id, transactionId })
  if (!req.wait) return printFactorResult(ctx, await fetch(api), factor.id, { transactionId })
  const outcome = await pollUntil(ctx, {
    label: `Waiting for ${userLabel(u)} to answer the push…`,
    waitSeconds,
    api,
    fetch,
    done: isFinalPushResult,
  })
  if (!outcome.result) {
    // No poll answered before the deadline (each one slow, or rate limited past it): no result to show.
    throw new VerificationError(`Gave up waiting: Okta did not answer within ${waitSeconds} s.`, 'Raise --wait-timeout, or poll again later.')
  }
  return printFactorResult(ctx, outcome.result, factor.id, { transactionId, waitTimedOut: outcome.timedOut })
}

export function definePoll(parent: Noun, services: Services, run = runPoll) {
  return declare(parent)
    .addHelpText('after', '\nExit status: 0 SUCCESS or still WAITING (without --wait); 3 REJECTED, TIMEOUT or the wait ran out.\n\nExample:\n  $ oktactl factors poll alice@example.com push v2mst.abc123 --wait')
    .action(async (user, factor, tx, o, cmd) => run(parsePoll(user, factor, tx, o), contextFor(cmd, services)))
}
