import { resendEnrollFactor } from '../../api/factors.js'
import { visible } from '../../output/visible.js'
import { isResendableFactorType } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { factorColumns } from '../../factors/columns.js'
import { resolveFactor, resolveUser, userLabel } from '../../factors/resolve.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; ResendFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('resend')
    .description('Send a new activation code for a pending sms, call or email factor')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or sms, call or email')
    .option('--template-id <id>', 'sms: SMS template id')
export type ResendFlags = FlagsOf<ReturnType<typeof declare>>

/** What `factors resend` was asked for: a new activation code for one pending factor. */
export interface ResendRequest {
  user: string
  factor: string
  templateId?: string
}

/** Pure: operands and flags → a request. */
export function parseResend(user: string, factor: string, o: ResendFlags): ResendRequest {
  return { user, factor, templateId: o.templateId }
}

export async function runResend(req: ResendRequest, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const u = await resolveUser(api, req.user)
  // By type: the pending factor (resend applies to enrollments), when an active one exists too.
  const factor = await resolveFactor(api, u, req.factor, { preferStatus: 'PENDING_ACTIVATION' })
  if (!isResendableFactorType(factor.factorType)) {
    throw new UsageError(`Only sms, call and email enrollments can be re-sent; ${visible(factor.id)} is ${visible(factor.factorType)}.`)
  }
  if (req.templateId && factor.factorType !== 'sms') throw new UsageError('--template-id applies to sms factors only.')
  const { data } = await resendEnrollFactor(api, { userId: u.id, factorId: factor.id, body: { factorType: factor.factorType }, templateId: req.templateId })
  ctx.out.success(`Sent a new ${factor.factorType} activation code to ${userLabel(u)}.`)
  const shown = data && typeof data === 'object' && 'id' in data ? data : factor
  if (ctx.out.json) ctx.out.printJson(shown)
  else await ctx.out.printList([shown], factorColumns(ctx.now))
}

export function defineResend(parent: Noun, services: Services, run = runResend) {
  return declare(parent)
    .addHelpText('after', '\nOkta sends at most one code per phone every 30 seconds; oktactl never retries a refused resend.\n\nExample:\n  $ oktactl factors resend alice@example.com sms')
    .action(async (user, factor, o, cmd) => run(parseResend(user, factor, o), contextFor(cmd, services)))
}
