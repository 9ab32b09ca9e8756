import type { OktaClient } from '../api/client.js'
import { getUser } from '../api/factors.js'
import type { OktaUser, UserFactor } from '../api/types.js'
import type { Context } from '../context.js'
import { CancelledError, UsageError } from '../errors.js'
import type { Column } from '../output/output.js'
import type { InputRow } from './input.js'
import type { BulkSettings } from './options.js'
import { openSource, type RowSource } from './source.js'
import type { ReportRow } from './report.js'
import type { BulkOutput } from './runner.js'

/** What the bulk list, reset/delete and enroll workers share: flags, stdout columns, helpers. */

/** stdout for runs that change things: one row per user. */
export const resultColumns: Column<ReportRow>[] = [
  { header: 'USER ID', value: (r) => r.userId ?? '' },
  { header: 'LOGIN', value: (r) => r.login ?? r.user },
  { header: 'ACTION', value: (r) => (r.dryRun ? `${r.action} (dry run)` : r.action) },
  {
    header: 'RESULT',
    value: (r) => r.status,
    styled: (r, t) => (r.status === 'ok' ? t.green(r.status) : r.status === 'failed' ? t.red(r.status) : t.yellow(r.status)),
  },
  { header: 'CODE', value: (r) => r.errorCode ?? '' },
  { header: 'DETAIL', value: (r) => r.summary, shrink: true },
  { header: 'REQUEST ID', value: (r) => r.requestId ?? '', optional: true },
]

export const resultOutput: BulkOutput<ReportRow> = {
  columns: resultColumns,
  rows: (r) => [r],
  json: (r) => r,
}

export const factorsOf = (fs: UserFactor[]) => fs.map((f) => ({ id: f.id, type: f.factorType }))
export const typesOf = (fs: UserFactor[]) => [...new Set(fs.map((f) => f.factorType))].join(', ')
export const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`

/** The users of a run whose flags were parsed already (parseBulkFlags, in the verb's parse step). */
export function openRows(ctx: Context, settings: BulkSettings): Promise<RowSource> {
  return openSource(ctx, settings.source)
}

/** The user a row names (listed by the org already, or looked up); a login with "/" can only be looked up by id. */
export async function lookupUser(api: OktaClient, row: InputRow): Promise<OktaUser> {
  if (row.resolved) return row.resolved
  const input = row.user
  if (input.includes('/')) throw new UsageError(`"${input}" contains "/"; Okta can only look such a login up by user id.`)
  return getUser(api, { userId: input })
}

/** "3 users from leavers.csv", "every member of group "Contractors" (00g…)". */
export function whoText(rows: RowSource): string {
  return rows.total !== undefined ? `${plural(rows.total, 'user')} from ${rows.label}` : rows.label.startsWith('group ') ? `every member of ${rows.label}` : rows.label
}

/**
 * Destructive runs act only when told: --yes, or a yes at a terminal. Otherwise they preview.
 * Returns true to act.
 */
export async function decideToAct(ctx: Context, dryRun: boolean | undefined, question: string): Promise<boolean> {
  if (dryRun) return false
  if (ctx.yes) return true
  if (!ctx.canPrompt) return false
  if (!(await ctx.prompt.confirm(question, false))) throw new CancelledError('Cancelled; nothing was changed.')
  return true
}

export function previewNote(ctx: Context, dryRun: boolean | undefined, what: string): void {
  ctx.out.warn(
    dryRun
      ? `Dry run: nothing was changed. Run again without --dry-run (and with --yes) to ${what}.`
      : `Preview only: nothing was changed. Run again with --yes to ${what}.`,
  )
}
