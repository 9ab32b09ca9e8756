import { listSupportedFactors } from '../../api/factors.js'
import type { SupportedFactor } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import type { Column } from '../../output/output.js'
import { resolveUser, userLabel } from '../../factors/resolve.js'
import { statusStyled } from '../../factors/columns.js'
import type { Noun } from '../verb.js'

const columns: Column<SupportedFactor>[] = [
  { header: 'TYPE', value: (f) => f.factorType },
  { header: 'PROVIDER', value: (f) => f.provider },
  { header: 'ENROLLMENT', value: (f) => f.enrollment },
  { header: 'STATUS', value: (f) => f.status, styled: (f, t) => statusStyled(f.status ?? '', t) },
  { header: 'VENDOR', value: (f) => f.vendorName },
]

/** The verb's argument, declared once (no flags of its own). */
const declare = (parent: Noun) =>
  parent
    .command('catalog')
    .description('List the factors a user may enroll (the org policy decides)')
    .argument('<user>', 'user id, login, email or login shortname')

/** What `factors catalog` was asked for: the factors one user may enroll. */
export interface CatalogRequest {
  user: string
}

/** Pure: the operand → a request. */
export function parseCatalog(user: string): CatalogRequest {
  return { user }
}

export async function runCatalog(req: CatalogRequest, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const user = await resolveUser(api, req.user)
  const supported = await listSupportedFactors(api, { userId: user.id })
  await ctx.out.printList(supported, columns, { empty: `No factors are available to ${userLabel(user)} under the org's policies.` })
}

export function defineCatalog(parent: Noun, services: Services, run = runCatalog) {
  return declare(parent)
    .addHelpText('after', '\nExample:\n  $ oktactl factors catalog alice@example.com')
    .action(async (user, _o, cmd) => run(parseCatalog(user), contextFor(cmd, services)))
}
