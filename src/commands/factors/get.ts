import { contextFor, type Context, type Services } from '../../context.js'
import { factorColumns } from '../../factors/columns.js'
import { resolveFactor, resolveUser } from '../../factors/resolve.js'
import type { Noun } from '../verb.js'

/** The verb's arguments, declared once (no flags of its own). */
const declare = (parent: Noun) =>
  parent
    .command('get')
    .description('Show one factor')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or a factor type the user has exactly one of (sms, push, totp, ...)')

/** What `factors get` was asked for: one factor of one user. */
export interface GetFactorRequest {
  user: string
  factor: string
}

/** Pure: the operands → a request. */
export function parseGet(user: string, factor: string): GetFactorRequest {
  return { user, factor }
}

export async function runGet(req: GetFactorRequest, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const user = await resolveUser(api, req.user)
  const factor = await resolveFactor(api, user, req.factor)
  if (ctx.out.json) {
    ctx.out.printJson(factor)
    return
  }
  await ctx.out.printList([factor], factorColumns(ctx.now))
}

export function defineGet(parent: Noun, services: Services, run = runGet) {
  return declare(parent)
    .addHelpText('after', '\nExamples:\n  $ oktactl factors get alice@example.com sms\n  $ oktactl factors get alice@example.com mbl1nz9JHJGHWRKMTLHP --json')
    .action(async (user, factor, _o, cmd) => run(parseGet(user, factor), contextFor(cmd, services)))
}
