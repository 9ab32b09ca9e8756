import type { OktaClient } from '../api/client.js'
import { visible } from '../output/visible.js'
import { pollHref, pollPushActivation } from '../api/factors.js'
import type { UserFactor } from '../api/types.js'
import type { Context } from '../context.js'
import { CliError, ExitCode, VerificationError } from '../errors.js'
import { pollUntil } from './wait.js'

/**
 * Follow a push enrollment's `poll` link (POST, as Okta's docs say) until the factor is ACTIVE.
 * Okta answers WAITING until the user scans the QR code, then returns the active factor.
 */
export async function waitForPushActivation(
  ctx: Context,
  api: OktaClient,
  factor: UserFactor,
  who: string,
  waitSeconds: number,
): Promise<UserFactor> {
  if (!pollHref(factor)) throw new CliError('Okta returned no poll link for this push activation.', ExitCode.FAILURE)
  const { result, timedOut } = await pollUntil(ctx, {
    label: `Waiting for ${who} to scan the QR code in Okta Verify…`,
    waitSeconds,
    fetch: async () => (await pollPushActivation(api, factor)).data,
    // Only ACTIVE ends it well; WAITING (or an answer saying nothing) keeps waiting until the time runs out.
    done: (r) => r.status === 'ACTIVE' || (typeof r.factorResult === 'string' && r.factorResult !== 'WAITING'),
  })
  if (result.status === 'ACTIVE') {
    ctx.out.success(`Push factor ${factor.id} is active.`)
    return { ...factor, ...result }
  }
  if (timedOut) throw new VerificationError('Gave up waiting for the QR code to be scanned.', 'Raise --wait-timeout, or run `oktactl factors activate <user> <factor> --wait` again.')
  throw new VerificationError(`Push activation ${visible(String(result.factorResult).toLowerCase())}.`, 'Start a new activation (a new QR code) with `oktactl factors activate <user> <factor> --restart --wait`.')
}
