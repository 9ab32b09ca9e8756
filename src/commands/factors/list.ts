import type { Command } from 'commander'
import { listFactors } from '../../api/factors.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { factorColumns } from '../../factors/columns.js'
import { resolveUser, userLabel } from '../../factors/resolve.js'
import { addBulkOptions, isBulk, typedArgs, type BulkFlags } from '../../bulk/options.js'

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
    raw: factors,
    empty: `No factors enrolled for ${userLabel(user)}.`,
  })
}

export function defineList(parent: Command, services: Services, run = runList): Command {
  const cmd = parent
    .command('list')
    .alias('ls')
    .description("List a user's enrolled factors (or every user's in a file)")
    .argument('[user]', 'user id, login, email or login shortname')
  return addBulkOptions(cmd)
    .addHelpText('after', '\nWith --users-file, one row per factor, each naming its user (id and login).\n\nExamples:\n  $ oktactl factors list alice@example.com\n  $ oktactl factors list 00u1abcdEFGH2345ijk6 --json | jq -r \'.[].factorType\'\n  $ oktactl factors list --users-file users.txt --report list.jsonl')
    .action(async (user: string | undefined, o: BulkFlags, c: Command) => {
      const ctx = contextFor(c, services)
      if (isBulk(user, o)) return (await import('../../bulk/list.js')).bulkList(o, ctx, typedArgs(c))
      return run(toListRequest(user as string), ctx)
    })
}
