import { listFactors } from '../api/factors.js'
import type { UserFactor } from '../api/types.js'
import type { Context } from '../context.js'
import type { Column } from '../output/output.js'
import { detailIsFreeText, factorDetail } from '../factors/columns.js'
import { factorsOf, lookupUser, openRows, plural, typesOf } from './common.js'
import type { BulkSettings } from './options.js'
import type { ReportRow } from './report.js'
import { RowFailed, runBulk } from './runner.js'
import { loginOf } from '../factors/resolve.js'

/** `factors list --users-file`: one row per factor on stdout, each naming its user. */

interface ListRow {
  r: ReportRow
  f: UserFactor
}

export async function bulkList(settings: BulkSettings, ctx: Context, args: string[]): Promise<void> {
  const rows = await openRows(ctx, settings)
  const columns: Column<ListRow>[] = [
    { header: 'USER ID', value: (x) => x.r.userId ?? '' },
    { header: 'LOGIN', value: (x) => x.r.login ?? x.r.user },
    { header: 'ID', value: (x) => x.f.id },
    { header: 'TYPE', value: (x) => x.f.factorType },
    { header: 'PROVIDER', value: (x) => x.f.provider, optional: true },
    { header: 'STATUS', value: (x) => x.f.status },
    { header: 'DETAIL', value: (x) => factorDetail(x.f), shrink: (x) => detailIsFreeText(x.f) },
    { header: 'ENROLLED', value: (x) => x.f.created, optional: true },
  ]
  await runBulk<ListRow>({
    ctx,
    action: 'list',
    label: 'list',
    rows,
    settings,
    args,
    preview: false,
    defaultReport: false,
    async work(row, api, tools) {
      const user = await lookupUser(api, row)
      const same = tools.claim(user.id, row.line)
      if (same !== undefined) return { status: 'skipped', userId: user.id, login: loginOf(user) ?? null, summary: `duplicate of line ${same} (the same user)` }
      const factors = await listFactors(api, { userId: user.id }).catch((err: unknown) => {
        throw new RowFailed(err, { userId: user.id, login: loginOf(user) ?? null })
      })
      return {
        status: 'ok',
        userId: user.id,
        login: loginOf(user) ?? null,
        summary: factors.length ? `${plural(factors.length, 'factor')}: ${typesOf(factors)}` : 'no factors',
        factors: factorsOf(factors),
        data: factors,
      }
    },
    output: {
      columns,
      rows: (r, out) => ((out.data as UserFactor[] | undefined) ?? []).map((f) => ({ r, f })),
      json: (r, out) => ({
        userId: r.userId,
        login: r.login,
        user: r.user,
        status: r.status,
        ...(r.status === 'failed' ? { errorCode: r.errorCode, summary: r.summary, requestId: r.requestId } : {}),
        // printJson redacts (the one writer of stdout).
        factors: (out.data as UserFactor[] | undefined) ?? [],
      }),
    },
  })
}
