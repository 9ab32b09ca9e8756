import type { OktaClient } from '../api/client.js'
import type { OktaGroup, OktaUser } from '../api/types.js'
import { findGroups, getGroup, listGroupUsers, listUsers } from '../api/users.js'
import type { Context } from '../context.js'
import { OktaApiError, UsageError } from '../errors.js'
import { oneLine } from '../output/visible.js'
import { readUsersFile, type InputRow } from './input.js'
import type { UserSource } from './options.js'

/** The users of a run: how they were chosen, how many when known up front, and the rows themselves. */
export interface RowSource {
  /** For questions and messages: `users.csv`, `group "Contractors" (00g…)`, `every user`. */
  label: string
  /** Known for a file; a listing from the org is counted as it streams. */
  total?: number
  /** A file's rows, read up front (checked before anything is sent). */
  list?: InputRow[]
  /** Rows in order; org listings fetch the next page only when the rows before it are taken. */
  rows(api: OktaClient): AsyncIterable<InputRow>
}

/**
 * Opens a source: reads and checks a users file, or resolves a group (before anything is
 * changed, so a typo is a usage error and not a run over the wrong people). Listings are not
 * fetched here: they stream through the paced client the run hands to `rows`.
 */
export async function openSource(ctx: Context, src: UserSource): Promise<RowSource> {
  switch (src.kind) {
    case 'file': {
      const { rows } = await readUsersFile(src.path, ctx.io.stdin)
      return {
        label: src.path === '-' ? 'stdin' : src.path,
        total: rows.length,
        list: rows,
        // eslint-disable-next-line @typescript-eslint/require-await -- the file's rows, as the async source a run takes
        async *rows() {
          yield* rows
        },
      }
    }
    case 'group': {
      const group = await resolveGroup(await ctx.api(), src.ref)
      return { label: `group ${groupLabel(group)}`, rows: (api) => listed(listGroupUsers(api, group.id)) }
    }
    case 'search':
      return { label: `users matching --search ${src.expression}`, rows: (api) => refused('--search', listed(listUsers(api, { search: src.expression }))) }
    case 'filter':
      return { label: `users matching --filter ${src.expression}`, rows: (api) => refused('--filter', listed(listUsers(api, { filter: src.expression }))) }
    case 'all':
      return { label: 'every user (all but DEPROVISIONED)', rows: (api) => listed(listUsers(api)) }
  }
}

/** A 400 to a search or filter is the expression's fault: a usage error that says Okta's reason. */
async function* refused(flag: string, rows: AsyncGenerator<InputRow>): AsyncGenerator<InputRow> {
  try {
    yield* rows
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 400) {
      throw new UsageError(
        `Okta refused the ${flag} expression (${err.errorCode ?? 'HTTP 400'}${err.requestId ? `, X-Okta-Request-Id ${err.requestId}` : ''}): ${[err.errorSummary ?? err.message, ...err.errorCauses].join(' — ')}`,
        flag === '--search'
          ? 'Search takes eq, sw, co (names, email, login), gt/ge/lt/le and pr, joined with and/or/not, values in double quotes: \'profile.department eq "Sales"\'.'
          : 'Filter takes status, lastUpdated, id and profile.login/email/firstName/lastName with eq (lastUpdated also gt/ge/lt/le), joined with and/or.',
      )
    }
    throw err
  }
}

/**
 * A listed user becomes a row that needs no lookup; `line` is its place in the listing. Only the
 * fields the verbs read are kept: a page of full user objects would otherwise live (and be
 * promoted to the old heap) until its last user is done, and a 100,000-user run would grow with it.
 */
async function* listed(pages: AsyncIterable<OktaUser[]>): AsyncGenerator<InputRow> {
  let line = 0
  for await (const page of pages) {
    const rows = page.map((u) => ({ line: ++line, user: u.id, fields: {}, resolved: slim(u) }))
    page.length = 0
    yield* rows
  }
}

const PROFILE_FIELDS = ['login', 'email', 'secondEmail', 'firstName', 'lastName', 'mobilePhone'] as const

function slim(u: OktaUser): OktaUser {
  const p = (u.profile ?? {}) as Record<string, unknown>
  const profile: Record<string, unknown> = {}
  for (const k of PROFILE_FIELDS) if (p[k] !== undefined) profile[k] = p[k]
  return { id: u.id, status: u.status, lastLogin: u.lastLogin, profile: profile as OktaUser['profile'] }
}

export function groupLabel(g: OktaGroup): string {
  return `"${oneLine(g.profile?.name ?? '')}" (${g.id})`
}

const GROUP_ID = /^00g[0-9A-Za-z]{17}$/

/** A group by id, or by a name that exactly one group has (Okta's `q` is a prefix match). */
export async function resolveGroup(api: OktaClient, ref: string): Promise<OktaGroup> {
  if (GROUP_ID.test(ref)) {
    try {
      return await getGroup(api, ref)
    } catch (err) {
      if (err instanceof OktaApiError && err.status === 404) throw new UsageError(`No group has the id ${ref}.`)
      throw err
    }
  }
  const found = await findGroups(api, ref)
  const named = (g: OktaGroup) => typeof g.profile?.name === 'string'
  const exact = found.filter((g) => named(g) && g.profile?.name === ref)
  const loose = exact.length ? exact : found.filter((g) => named(g) && g.profile?.name?.toLowerCase() === ref.toLowerCase())
  if (loose.length === 1 && loose[0]) return loose[0]
  const list = (gs: OktaGroup[]) =>
    gs.slice(0, 10).map((g) => `  ${groupLabel(g)}`).join('\n') + (gs.length > 10 ? `\n  … and ${gs.length - 10} more` : '')
  if (loose.length > 1) {
    throw new UsageError(`${loose.length} groups are named "${oneLine(ref)}":\n${list(loose)}`, 'Give the group id: --group 00g…')
  }
  if (found.length) throw new UsageError(`No group is named "${oneLine(ref)}". Groups whose names start so:\n${list(found)}`, 'Give the exact name, or the group id.')
  throw new UsageError(`No group is named "${oneLine(ref)}", nor starts so.`, 'Group names are matched exactly: give the full name, or the group id.')
}
