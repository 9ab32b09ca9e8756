import { resolve } from 'node:path'
import { listFactors, listUserRoles } from '../api/factors.js'
import type { Context } from '../context.js'
import { BulkFailedError, type CliError, OktaApiError, UsageError } from '../errors.js'
import type { Column } from '../output/output.js'
import { lookupUser } from '../bulk/common.js'
import { parseBulkFlags, type BulkFlags } from '../bulk/options.js'
import { RowFailed, describeError, runBulk } from '../bulk/runner.js'
import { openSource } from '../bulk/source.js'
import { writeFileAtomic } from '../util/fs.js'
import { VERSION } from '../version.js'
import { classify, type Posture } from './classify.js'
import { summarise, summaryLines, type Summary } from './summary.js'

/** `oktactl report mfa`: read-only; every user of a source, classified by their best ACTIVE factor. */

export interface MfaReportRequest {
  flags: BulkFlags
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
    { header: 'NEWEST', value: (u) => u.newestEnrollment ?? '' },
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
  const settings = parseBulkFlags(req.flags)
  // Check the output files can be written before reading the whole org.
  for (const f of [req.html, req.csv]) if (f !== undefined && !f.trim()) throw new UsageError('--html and --csv need a file name.')
  const rows = await openSource(ctx, settings.source)
  const api = await ctx.api()
  const users: Posture[] = []
  const failed: MfaReportJson['failed'] = []
  let explained = false
  const started = ctx.now()

  let someFailed: CliError | undefined
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
          who = { userId: user.id, login: typeof user.profile?.login === 'string' ? user.profile.login : null }
          const same = tools.claim(user.id, row.line)
          if (same !== undefined) return { ...who, status: 'skipped', summary: `duplicate of line ${same} (the same user)` }
          const [factors, roles] = await Promise.all([listFactors(client, user.id), req.withRoles ? listUserRoles(client, user.id) : Promise.resolve(undefined)])
          const p: Posture = {
            line: row.line,
            userId: user.id,
            login: who.login ?? row.user,
            status: typeof user.status === 'string' ? user.status : '',
            ...classify(factors),
            ...(roles ? { adminRoles: [...new Set(roles.map((r) => r.type))].sort() } : {}),
          }
          users.push(p)
          return { ...who, status: 'ok', summary: p.class }
        } catch (err) {
          const d = describeError(err)
          failed.push({ user: who.login ?? row.user, errorCode: d.errorCode, summary: d.summary })
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
    })
  } catch (err) {
    // Some users could not be read: report the others, say so, and still exit 7.
    if (!(err instanceof BulkFailedError)) throw err
    someFailed = err
  }

  users.sort((a, b) => a.line - b.line)
  const summary = summarise(users, failed.length, req.withRoles)
  const meta = { org: api.orgUrl, scope: rows.label, generatedAt: started.toISOString(), version: VERSION }
  if (req.csv) {
    const { reportCsv } = await import('./csv.js')
    await writeReportFile(ctx, req.csv, await reportCsv(users, req.withRoles))
  }
  if (req.html) {
    const { reportHtml } = await import('./html.js')
    await writeReportFile(ctx, req.html, reportHtml(users, summary, meta))
  }
  if (ctx.out.json) {
    ctx.out.printJson({ ...meta, summary, users, failed } satisfies MfaReportJson)
  } else {
    await ctx.out.printList(users, postureColumns(req.withRoles), { empty: failed.length ? undefined : `No users in ${rows.label}.` })
  }
  if (ctx.io.stderrIsTTY && !ctx.out.json) ctx.out.noteLines(['', ...summaryLines(summary, rows.label)])
  for (const [what, f] of [['HTML', req.html], ['CSV', req.csv]] as const) if (f) ctx.out.note(`${what} report: ${resolve(ctx.cwd, f)}`)
  if (someFailed) throw someFailed
}

async function writeReportFile(ctx: Context, path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(resolve(ctx.cwd, path), text, 0o600)
  } catch (err) {
    throw new UsageError(`Cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`)
  }
}
