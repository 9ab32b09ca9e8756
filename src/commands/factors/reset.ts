import type { Command } from 'commander'
import { listFactors, resetFactors } from '../../api/factors.js'
import { redact } from '../../api/redact.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { confirmOrCancel, factorColumns, requireConfirmable, resolveUser, userLabel } from './shared.js'

export async function runReset(user: string, _o: unknown, ctx: Context): Promise<void> {
  requireConfirmable(ctx, "reset a user's factors")
  const api = await ctx.api()
  const u = await resolveUser(api, user)
  const factors = await listFactors(api, u.id)
  if (factors.length === 0) {
    ctx.out.note(`${userLabel(u)} has no factors; nothing to reset.`)
    if (ctx.out.json) ctx.out.printJson([])
    return
  }
  ctx.out.note(`Will reset every factor of ${userLabel(u)}: ${factors.map((f) => `${f.factorType} ${f.id}`).join(', ')}.`)
  await confirmOrCancel(ctx, `Reset all ${factors.length} factors?`)
  await resetFactors(api, u.id)
  ctx.out.success(`Reset ${factors.length} factors of ${userLabel(u)}; the user enrolls again at next sign-in.`)
  await ctx.out.printList(factors, factorColumns(ctx.now), { raw: redact(factors) })
}

export function defineReset(parent: Command, services: Services, run = runReset): Command {
  return parent
    .command('reset')
    .description("Reset all of a user's factors (lifecycle/reset_factors)")
    .argument('<user>', 'user id, login, email or login shortname')
    .addHelpText('after', '\nShows the factors that will go and asks for confirmation; off a terminal --yes is required.\nPrints the factors that were removed.\n\nExample:\n  $ oktactl factors reset bob@example.com --yes')
    .action(async (user: string, o: unknown, cmd: Command) => run(user, o, contextFor(cmd, services)))
}
