import { resolve } from 'node:path'
import { listFactors, listUserRoles } from '../api/factors.js'
import type { Context } from '../context.js'
import { BulkFailedError, type CliError, OktaApiError, UsageError } from '../errors.js'
import type { Column } from '../output/output.js'
import { lookupUser } from '../bulk/common.js'
import type { BulkSettings } from '../bulk/options.js'
import { RowFailed, runBulk } from '../bulk/runner.js'
import { openSource } from '../bulk/source.js'
import { AtomicFile } from '../util/atomic-file.js'
import { VERSION } from '../version.js'
import { classify, type Posture } from './classify.js'
import type { CsvFormat } from './csv.js'
import type { HtmlMeta } from './html.js'
import { SummaryBuilder, summaryLines, type Summary } from './summary.js'
import { loginOf } from '../factors/resolve.js'

/** `oktactl report mfa`: read-only; every user of a source, classified by their best ACTIVE factor. */

export interface MfaReportRequest {
  /** Where the users come from, and how the run is paced and recorded (checked when parsed). */
  settings: BulkSettings
  html?: string
  csv?: string
  withRoles: boolean
  args: string[]
}

const list = (fs: Posture['active']) => fs.map((f) => f.type).join(', ')

export function postureColumns(withRoles: boolean): Column<Posture>[] {
  return [
    { header: 'LOGIN', value: (u) => u.login },
    { header: 'STATUS', value: (u) => u.status },
    {
      header: 'CLASS',
      value: (u) => u.class,
      styled: (u, t) => (u.class === 'phishing-resistant' ? t.green(u.class) : u.class === 'strong' ? u.class : u.class === 'none' ? t.red(u.class) : t.yellow(u.class)),
    },
    { header: 'ACTIVE', value: (u) => list(u.active) },
    { header: 'PENDING', value: (u) => list(u.pending) },
    { header: 'NEWEST', value: (u) => u.newestEnrollment ?? '', optional: true },
    ...(withRoles ? [{ header: 'ADMIN ROLES', value: (u: Posture) => (u.adminRoles ?? []).join(', ') }] : []),
    { header: 'USER ID', value: (u) => u.userId },
  ]
}

/** The --json document: what was read, the summary, and one object per user. */
export interface MfaReportJson {
  org: string
  scope: string
  generatedAt: string
  summary: Summary
  users: Posture[]
  failed: Array<{ user: string; errorCode: string | null; summary: string }>
}

export async function runMfaReport(req: MfaReportRequest, ctx: Context): Promise<void> {
  const { settings } = req
  const rows = await openSource(ctx, settings.source)
  const api = await ctx.api()
  const started = ctx.now()
  const meta = { org: api.orgUrl, scope: rows.label, generatedAt: started.toISOString(), version: VERSION }
  const columns = postureColumns(req.withRoles)
  const summary = new SummaryBuilder(req.withRoles)
  const failed: MfaReportJson['failed'] = []
  // Only a terminal table needs every row at once (to size its columns); everything else streams.
  const table: Posture[] | undefined = ctx.out.format === 'table' ? [] : undefined
  // The files are opened first, so a path that cannot be written fails before the org is read.
  const files = await ReportFiles.open(ctx, req)
  let json: ReturnType<Context['out']['jsonStream']> | undefined
  let explained = false
  let someFailed: CliError | undefined
  try {
    try {
      await runBulk<never>({
        ctx,
        action: 'report',
        label: 'report mfa',
        rows,
        settings,
        args: req.args,
        preview: false,
        defaultReport: false,
        async work(row, client, tools) {
          let who: { userId: string | null; login: string | null } = { userId: null, login: null }
          try {
            const user = await lookupUser(client, row)
            who = { userId: user.id, login: loginOf(user) ?? null }
            const same = tools.claim(user.id, row.line)
            if (same !== undefined) return { ...who, status: 'skipped', summary: `duplicate of line ${same} (the same user)` }
            const [factors, roles] = await Promise.all([listFactors(client, { userId: user.id }), req.withRoles ? listUserRoles(client, { userId: user.id }) : Promise.resolve(undefined)])
            const p: Posture = {
              line: row.line,
              userId: user.id,
              login: who.login ?? row.user,
              status: typeof user.status === 'string' ? user.status : '',
              ...classify(factors),
              ...(roles ? { adminRoles: [...new Set(roles.map((r) => r.type))].sort() } : {}),
            }
            return { ...who, status: 'ok', summary: p.class, data: p }
          } catch (err) {
            if (!explained && err instanceof OktaApiError && err.status === 403) {
              // Once per run: a missing scope or admin permission, said plainly, not 10,000 times.
              explained = true
              const hint = err.hint ?? (req.withRoles ? 'Reading admin roles needs the okta.roles.read scope (OAuth), or an admin who may see roles.' : undefined)
              const line = `${err.message}${hint ? ` ${hint}` : ''}`
              await tools.exclusive(() => {
                ctx.out.warn(line)
                return Promise.resolve()
              })
            }
            throw new RowFailed(err, who)
          }
        },
        // In the source's order: the summary counts, the files and stdout stream.
        async ordered(_row, report, outcome) {
          if (report.status === 'failed') failed.push({ user: report.login ?? report.user, errorCode: report.errorCode, summary: report.summary })
          const p = outcome.data as Posture | undefined
          if (report.status !== 'ok' || !p) return
          summary.add(p)
          await files.add(p)
          if (table) table.push(p)
          else if (ctx.out.json) (json ??= ctx.out.jsonStream(meta, 'users')).item(p)
          else ctx.out.printTsvRow(p, columns)
        },
      })
    } catch (err) {
      // Some users could not be read: report the others, say so, and still exit 7.
      if (!(err instanceof BulkFailedError)) throw err
      someFailed = err
    }
    const s = summary.finish(failed.length)
    await files.commit(s, meta)
    if (ctx.out.json) (json ?? ctx.out.jsonStream(meta, 'users')).end({ summary: s, failed })
    else if (table) await ctx.out.printList(table, columns, { empty: failed.length ? undefined : `No users in ${rows.label}.` })
    if (ctx.io.stderrIsTTY && !ctx.out.json) ctx.out.noteLines(['', ...summaryLines(s, rows.label)])
    for (const [what, f] of [['HTML', files.htmlPath], ['CSV', files.csvPath]] as const) if (f) ctx.out.note(`${what} report: ${f}`)
  } finally {
    await files.abort()
  }
  if (someFailed) throw someFailed
}

/** --csv and --html: rows stream to temporary files beside the targets; commit() puts them in place. */
class ReportFiles {
  private constructor(
    private readonly withRoles: boolean,
    private readonly csv: { file: AtomicFile; format: CsvFormat } | undefined,
    /** The HTML rows, until the summary (which comes first on the page) is known. */
    private readonly htmlRows: { file: AtomicFile; html: typeof import('./html.js') } | undefined,
    readonly csvPath: string | undefined,
    readonly htmlPath: string | undefined,
  ) {}

  static async open(ctx: Context, req: MfaReportRequest): Promise<ReportFiles> {
    const csvPath = req.csv === undefined ? undefined : resolve(ctx.cwd, req.csv)
    const htmlPath = req.html === undefined ? undefined : resolve(ctx.cwd, req.html)
    let csv: { file: AtomicFile; format: CsvFormat } | undefined
    let htmlRows: { file: AtomicFile; html: typeof import('./html.js') } | undefined
    try {
      if (csvPath) {
        const { csvFormat } = await import('./csv.js')
        const format = await csvFormat(req.withRoles)
        csv = { file: await create(req.csv ?? csvPath, csvPath), format }
        await csv.file.write(format.header)
      }
      if (htmlPath) htmlRows = { html: await import('./html.js'), file: await create(req.html ?? htmlPath, htmlPath) }
    } catch (err) {
      await csv?.file.abort()
      throw err
    }
    return new ReportFiles(req.withRoles, csv, htmlRows, csvPath, htmlPath)
  }

  async add(p: Posture): Promise<void> {
    if (this.csv) await this.csv.file.write(this.csv.format.row(p))
    if (this.htmlRows) await this.htmlRows.file.write(this.htmlRows.html.htmlRow(p, this.withRoles))
  }

  async commit(s: Summary, meta: HtmlMeta): Promise<void> {
    await this.csv?.file.commit()
    if (this.htmlRows && this.htmlPath) {
      const { htmlStart, htmlEnd, newNonce } = this.htmlRows.html
      const nonce = newNonce()
      const page = await create(this.htmlPath, this.htmlPath)
      try {
        await page.write(htmlStart(s, meta, nonce))
        await page.append(await this.htmlRows.file.seal())
        await page.write(htmlEnd(nonce))
        await page.commit()
      } finally {
        await page.abort()
      }
    }
  }

  /** Whatever was not committed goes (a stopped or failed run leaves no half report). */
  async abort(): Promise<void> {
    await this.csv?.file.abort()
    await this.htmlRows?.file.abort()
  }
}

async function create(given: string, path: string): Promise<AtomicFile> {
  try {
    return await AtomicFile.create(path, 0o600)
  } catch (err) {
    throw new UsageError(`Cannot write ${given}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`)
  }
}
