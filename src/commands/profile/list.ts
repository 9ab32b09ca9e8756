import { contextFor, type Context, type Services } from '../../context.js'
import type { Column } from '../../output/output.js'
import type { Noun } from '../verb.js'

/** The verb, declared once: no arguments, no flags of its own. */
const declare = (parent: Noun) => parent.command('list').alias('ls').description('List stored profiles (tokens are never shown)')

/** `profile list` takes nothing: every stored profile is listed. */
export type ListProfilesRequest = Record<string, never>

/** Pure: nothing to parse. */
export function parseListProfiles(): ListProfilesRequest {
  return {}
}

interface Row {
  name: string
  orgUrl: string
  authMode: string
  default: boolean
  readOnly: boolean
}

const columns: Column<Row>[] = [
  { header: 'NAME', value: (r) => r.name, styled: (r, t) => (r.default ? t.bold(`${r.name} *`) : r.name) },
  { header: 'ORG', value: (r) => r.orgUrl },
  { header: 'AUTH', value: (r) => r.authMode },
  { header: 'DEFAULT', value: (r) => (r.default ? 'yes' : '') },
  { header: 'READ-ONLY', value: (r) => (r.readOnly ? 'yes' : '') },
]

export async function runListProfiles(_req: ListProfilesRequest, ctx: Context): Promise<void> {
  const store = await ctx.store()
  const def = store.defaultName()
  const rows: Row[] = store.list().map(([name, p]) => ({
    name,
    orgUrl: p.orgUrl,
    authMode: p.authMode ?? 'SSWS',
    default: name === def,
    readOnly: Boolean(p.readOnly),
  }))
  await ctx.out.printList(rows, columns, { empty: 'No profiles yet. Add one with `oktactl profile add <name> --org <url>`.' })
}

export function defineListProfiles(parent: Noun, services: Services, run = runListProfiles) {
  return declare(parent).action(async (_o, c) => run(parseListProfiles(), contextFor(c, services)))
}
