import type { OktaClient } from '../api/client.js'
import { visible } from '../output/visible.js'
import { pollHref, pollPushActivation } from '../api/factors.js'
import type { UserFactor } from '../api/types.js'
import type { Context } from '../context.js'
import { CancelledError, CliError, ExitCode, VerificationError } from '../errors.js'
import { shellArg } from '../output/shell.js'
import { oktactlFor } from './confirm.js'
import { pollUntil } from './wait.js'

/** The command that waits on this push activation again (`--restart` too: a new QR code). */
function activateAgain(ctx: Context, user: string, factor: UserFactor, restart = false): string {
  return `${oktactlFor(ctx)} factors activate ${shellArg(user)} ${shellArg(factor.id)}${restart ? ' --restart' : ''} --wait`
}

/**
 * Follow a push enrollment's `poll` link (POST, as Okta's docs say) until the factor is ACTIVE.
 * Okta answers WAITING until the user scans the QR code, then returns the active factor.
 *
 * `who.user` is the user as the command was given it, for the command that goes on from here:
 * a wait that fails (a poll error) first says how to wait on this factor again, and a wait that
 * runs out says it in its hint, so the factor's id is never lost. Before either, `unfinished`
 * (if given) runs: enroll prints the new factor there, as it does without --wait.
 */
export async function waitForPushActivation(
  ctx: Context,
  api: OktaClient,
  factor: UserFactor,
  who: { label: string; user: string },
  waitSeconds: number,
  unfinished?: () => Promise<void>,
): Promise<UserFactor> {
  if (!pollHref(factor)) throw new CliError('Okta returned no poll link for this push activation.', ExitCode.FAILURE)
  const again = activateAgain(ctx, who.user, factor)
  let outcome
  try {
    outcome = await pollUntil(ctx, {
      label: `Waiting for ${who.label} to scan the QR code in Okta Verify…`,
      waitSeconds,
      api,
      fetch: async (c) => (await pollPushActivation(c, factor)).data,
      // Only ACTIVE ends it well; WAITING (or an answer saying nothing) keeps waiting until the time runs out.
      done: (r) => r.status === 'ACTIVE' || (typeof r.factorResult === 'string' && r.factorResult !== 'WAITING'),
    })
  } catch (err) {
    // The activation may still be completed: the factor and the way on, before the error.
    if (!(err instanceof CancelledError)) await unfinished?.()
    ctx.out.note(`Push factor ${factor.id} is not active yet. ${err instanceof CancelledError ? 'Wait again' : 'Go on'} with: ${again}`)
    throw err
  }
  const { result, timedOut } = outcome
  if (result?.status === 'ACTIVE') {
    ctx.out.success(`Push factor ${factor.id} is active.`)
    return { ...factor, ...result }
  }
  if (timedOut || !result) {
    await unfinished?.()
    throw new VerificationError('Gave up waiting for the QR code to be scanned.', `Raise --wait-timeout, or run \`${again}\` again.`)
  }
  throw new VerificationError(`Push activation ${visible(String(result.factorResult).toLowerCase())}.`, `Start a new activation (a new QR code) with \`${activateAgain(ctx, who.user, factor, true)}\`.`)
}
