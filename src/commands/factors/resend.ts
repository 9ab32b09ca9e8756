import type { Command } from 'commander'
import { resendEnrollFactor } from '../../api/factors.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { factorColumns } from '../../factors/columns.js'
import { resolveFactor, resolveUser, userLabel } from '../../factors/resolve.js'

const RESENDABLE = new Set(['sms', 'call', 'email'])

export async function runResend(user: string, factorArg: string, o: { templateId?: string }, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const u = await resolveUser(api, user)
  // By type: the pending factor (resend applies to enrollments), when an active one exists too.
  const factor = await resolveFactor(api, u, factorArg, { preferStatus: 'PENDING_ACTIVATION' })
  if (!RESENDABLE.has(factor.factorType)) {
    throw new UsageError(`Only sms, call and email enrollments can be re-sent; ${factor.id} is ${factor.factorType}.`)
  }
  if (o.templateId && factor.factorType !== 'sms') throw new UsageError('--template-id applies to sms factors only.')
  const { data } = await resendEnrollFactor(api, u.id, factor.id, factor.factorType, o.templateId)
  ctx.out.success(`Sent a new ${factor.factorType} activation code to ${userLabel(u)}.`)
  const shown = data && typeof data === 'object' && 'id' in data ? data : factor
  if (ctx.out.json) ctx.out.printJson(shown)
  else await ctx.out.printList([shown], factorColumns(ctx.now))
}

export function defineResend(parent: Command, services: Services, run = runResend): Command {
  return parent
    .command('resend')
    .description('Send a new activation code for a pending sms, call or email factor')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or sms, call or email')
    .option('--template-id <id>', 'sms: SMS template id')
    .addHelpText('after', '\nOkta sends at most one code per phone every 30 seconds; oktactl never retries a refused resend.\n\nExample:\n  $ oktactl factors resend alice@example.com sms')
    .action(async (user: string, factor: string, o: { templateId?: string }, cmd: Command) =>
      run(user, factor, o, contextFor(cmd, services)),
    )
}
