import { listFactors } from '../../api/factors.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { factorColumns } from '../../factors/columns.js'
import { resolveUser, userLabel } from '../../factors/resolve.js'
import { addBulkOptions, parseBulkSettings, parseTarget, typedArgs, type BulkSettings } from '../../bulk/options.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; ListFlags is inferred from them. */
const declare = (parent: Noun) =>
  addBulkOptions(
    parent
      .command('list')
      .alias('ls')
      .description("List a user's enrolled factors (or many users': a file, a group, a search)")
      .argument('[user]', 'user id, login, email or login shortname'),
  )
export type ListFlags = FlagsOf<ReturnType<typeof declare>>

/** What `factors list` was asked for: one user's factors, or every user's of a users file. */
export type ListFactorsRequest = { kind: 'one'; user: string } | { kind: 'bulk'; settings: BulkSettings; args: string[] }

/** Pure: flags and operands → a request, or a UsageError before anything is sent. */
export function parseList(user: string | undefined, o: ListFlags, args: string[] = []): ListFactorsRequest {
  const target = parseTarget(user, o)
  return target.kind === 'bulk' ? { kind: 'bulk', settings: parseBulkSettings(target.source, o), args } : target
}

export async function runList(req: ListFactorsRequest, ctx: Context): Promise<void> {
  if (req.kind === 'bulk') return (await import('../../bulk/list.js')).bulkList(req.settings, ctx, req.args)
  const api = await ctx.api()
  const user = await resolveUser(api, req.user)
  const factors = await listFactors(api, { userId: user.id })
  await ctx.out.printList(factors, factorColumns(ctx.now), {
    raw: factors,
    empty: `No factors enrolled for ${userLabel(user)}.`,
  })
}

export function defineList(parent: Noun, services: Services, run = runList) {
  return declare(parent)
    .addHelpText('after', '\nFor many users (--users-file, --group, --search, --filter, --all-users), one row per factor, each naming its user (id and login).\n\nExamples:\n  $ oktactl factors list alice@example.com\n  $ oktactl factors list 00u1abcdEFGH2345ijk6 --json | jq -r \'.[].factorType\'\n  $ oktactl factors list --users-file users.txt --report list.jsonl\n  $ oktactl factors list --group Engineering --json')
    .action(async (user, o, c) => run(parseList(user, o, typedArgs(c)), contextFor(c, services)))
}
