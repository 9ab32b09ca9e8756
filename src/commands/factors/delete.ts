import type { Command } from 'commander'
import { unenrollFactor } from '../../api/factors.js'
import { redact } from '../../api/redact.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { confirmOrCancel, factorColumns, factorDetail, requireConfirmable, resolveFactor, resolveUser, userLabel } from './shared.js'

export interface DeleteOptions {
  removeRecovery?: boolean
}

export async function runDelete(user: string, factorArg: string, o: DeleteOptions, ctx: Context): Promise<void> {
  requireConfirmable(ctx, 'delete a factor')
  const api = await ctx.api()
  const u = await resolveUser(api, user)
  const factor = await resolveFactor(api, u, factorArg)
  if (o.removeRecovery && factor.factorType !== 'sms' && factor.factorType !== 'call') {
    throw new UsageError('--remove-recovery applies to sms and call factors only.')
  }
  const detail = factorDetail(factor)
  ctx.out.note(`Will delete the ${factor.factorType} factor ${factor.id}${detail ? ` (${detail})` : ''} of ${userLabel(u)}.`)
  if (factor.factorType === 'push' || factor.factorType === 'signed_nonce') {
    ctx.out.warn("Okta also removes the user's Okta Verify TOTP and FastPass enrollments with it.")
  }
  if (o.removeRecovery) ctx.out.note('The phone number is also removed as a recovery method.')
  await confirmOrCancel(ctx, 'Delete this factor?')
  await unenrollFactor(api, u.id, factor.id, o.removeRecovery)
  ctx.out.success(`Deleted ${factor.factorType} factor ${factor.id} of ${userLabel(u)}.`)
  if (ctx.out.json) ctx.out.printJson(redact([factor]))
  else await ctx.out.printList([factor], factorColumns(ctx.now))
}

export function defineDelete(parent: Command, services: Services, run = runDelete): Command {
  return parent
    .command('delete')
    .aliases(['unenroll', 'rm'])
    .description('Delete (unenroll) a factor so the user can enroll again')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or a factor type the user has exactly one of')
    .option('--remove-recovery', 'sms/call: also remove the phone as a recovery method (removeRecoveryEnrollment)')
    .addHelpText('after', '\nAsks for confirmation at a terminal; elsewhere --yes is required (exit 2 without it, nothing sent).\nPrints the deleted factor.\n\nExamples:\n  $ oktactl factors delete alice@example.com sms\n  $ oktactl factors rm alice@example.com mbl1nz9JHJGHWRKMTLHP --yes --json')
    .action(async (user: string, factor: string, o: DeleteOptions, cmd: Command) =>
      run(user, factor, o, contextFor(cmd, services)),
    )
}
