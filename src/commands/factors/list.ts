import type { Command } from 'commander'
import { listFactors } from '../../api/factors.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { redact } from '../../api/redact.js'
import { factorColumns, resolveUser, userLabel } from './shared.js'

export interface ListFactorsRequest {
  user: string
}

export function toListRequest(user: string): ListFactorsRequest {
  return { user }
}

export async function runList(req: ListFactorsRequest, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const user = await resolveUser(api, req.user)
  const factors = await listFactors(api, user.id)
  await ctx.out.printList(factors, factorColumns(ctx.now), {
    raw: redact(factors),
    empty: `No factors enrolled for ${userLabel(user)}.`,
  })
}

export function defineList(parent: Command, services: Services, run = runList): Command {
  return parent
    .command('list')
    .alias('ls')
    .description("List a user's enrolled factors")
    .argument('<user>', 'user id, login, email or login shortname')
    .addHelpText('after', '\nExamples:\n  $ oktactl factors list alice@example.com\n  $ oktactl factors list 00u1abcdEFGH2345ijk6 --json | jq -r \'.[].factorType\'')
    .action(async (user: string, _o: unknown, cmd: Command) => run(toListRequest(user), contextFor(cmd, services)))
}
