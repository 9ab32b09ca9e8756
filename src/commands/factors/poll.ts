import type { Command } from 'commander'
import { getFactorTransactionStatus } from '../../api/factors.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { parsePositiveNumber } from '../../config/flags.js'
import { isFinalPushResult, printFactorResult } from '../../factors/result.js'
import { resolveFactor, resolveUser, userLabel } from '../../factors/resolve.js'
import { DEFAULT_WAIT_SECONDS, pollUntil } from '../../factors/wait.js'

export interface PollOptions {
  wait?: boolean
  waitTimeout?: string
}

export async function runPoll(user: string, factorArg: string, transactionId: string, o: PollOptions, ctx: Context): Promise<void> {
  const waitSeconds = parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS
  const api = await ctx.api()
  const u = await resolveUser(api, user)
  const factor = await resolveFactor(api, u, factorArg)
  const fetch = () => getFactorTransactionStatus(api, u.id, factor.id, transactionId)
  if (!o.wait) return printFactorResult(ctx, await fetch(), factor.id, { transactionId })
  const { result, timedOut } = await pollUntil(ctx, {
    label: `Waiting for ${userLabel(u)} to answer the push…`,
    waitSeconds,
    fetch,
    done: isFinalPushResult,
  })
  return printFactorResult(ctx, result, factor.id, { transactionId, waitTimedOut: timedOut })
}

export function definePoll(parent: Command, services: Services, run = runPoll): Command {
  return parent
    .command('poll')
    .description('Show (or wait for) the result of a push verification')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or push')
    .argument('<transaction>', 'transaction id printed by `factors verify`')
    .option('--wait', 'wait until the result is SUCCESS, REJECTED or TIMEOUT')
    .option('--wait-timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`)
    .addHelpText('after', '\nExit status: 0 SUCCESS or still WAITING (without --wait); 3 REJECTED, TIMEOUT or the wait ran out.\n\nExample:\n  $ oktactl factors poll alice@example.com push v2mst.abc123 --wait')
    .action(async (user: string, factor: string, tx: string, o: PollOptions, cmd: Command) =>
      run(user, factor, tx, o, contextFor(cmd, services)),
    )
}
