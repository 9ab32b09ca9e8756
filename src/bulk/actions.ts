import '../core.js'
import type { OktaClient } from '../api/client.js'
import { enrollFactor, getUser, listFactors, resetFactors } from '../api/factors.js'
import { redact } from '../api/redact.js'
import type { OktaUser, UserFactor } from '../api/types.js'
import { AuditSession, outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { CancelledError, OktaApiError, UsageError } from '../errors.js'
import type { Column } from '../output/output.js'
import { factorDetail } from '../commands/factors/shared.js'
import { buildEnrollPlan, resolveTypeAndProvider, secretsNeeded, type EnrollFlags } from '../commands/factors/enroll-body.js'
import { checkAdminRoles, isAdmin, parseTypes, resolveTicket, rolesText } from '../helpdesk/guard.js'
import { unenrollEach } from '../helpdesk/remove.js'
import { readUsersFile, type InputRow } from './input.js'
import { parseBulkFlags, type BulkFlags } from './options.js'
import type { ReportRow } from './report.js'
import { RowFailed, runBulk, type BulkOutput, type RowOutcome, type WorkTools } from './runner.js'

/**
 * The bulk forms of list, reset, delete and enroll: read the users file, then hand one worker
 * per user to the runner. Every stdout row names its user (id and login).
 */

export interface BulkCommonFlags extends BulkFlags {
  dryRun?: boolean
}

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
  { header: 'DETAIL', value: (r) => r.summary },
  { header: 'REQUEST ID', value: (r) => r.requestId ?? '' },
]

const resultOutput: BulkOutput<ReportRow> = {
  columns: resultColumns,
  rows: (r) => [r],
  json: (r) => r,
}

const factorsOf = (fs: UserFactor[]) => fs.map((f) => ({ id: f.id, type: f.factorType }))
const typesOf = (fs: UserFactor[]) => [...new Set(fs.map((f) => f.factorType))].join(', ')
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`

async function loadRows(ctx: Context, o: BulkFlags) {
  const settings = parseBulkFlags(o)
  const { rows } = await readUsersFile(settings.usersFile, ctx.io.stdin)
  return { settings, rows }
}

/** The user a row names; a login with "/" can only be looked up by id. */
async function lookupUser(api: OktaClient, input: string): Promise<OktaUser> {
  if (input.includes('/')) throw new UsageError(`"${input}" contains "/"; Okta can only look such a login up by user id.`)
  return getUser(api, input)
}

/**
 * Destructive runs act only when told: --yes, or a yes at a terminal. Otherwise they preview.
 * Returns true to act.
 */
async function decideToAct(ctx: Context, dryRun: boolean | undefined, question: string): Promise<boolean> {
  if (dryRun) return false
  if (ctx.yes) return true
  if (!ctx.canPrompt) return false
  if (!(await ctx.prompt.confirm(question, false))) throw new CancelledError('Cancelled; nothing was changed.')
  return true
}

function previewNote(ctx: Context, dryRun: boolean | undefined, what: string): void {
  ctx.out.warn(
    dryRun
      ? `Dry run: nothing was changed. Run again without --dry-run (and with --yes) to ${what}.`
      : `Preview only: nothing was changed. Run again with --yes to ${what}.`,
  )
}

// ---------------------------------------------------------------------------------------------
// list

interface ListRow {
  r: ReportRow
  f: UserFactor
}

export async function bulkList(o: BulkFlags, ctx: Context, args: string[]): Promise<void> {
  const { settings, rows } = await loadRows(ctx, o)
  const columns: Column<ListRow>[] = [
    { header: 'USER ID', value: (x) => x.r.userId ?? '' },
    { header: 'LOGIN', value: (x) => x.r.login ?? x.r.user },
    { header: 'ID', value: (x) => x.f.id },
    { header: 'TYPE', value: (x) => x.f.factorType },
    { header: 'PROVIDER', value: (x) => x.f.provider },
    { header: 'STATUS', value: (x) => x.f.status },
    { header: 'DETAIL', value: (x) => factorDetail(x.f) },
    { header: 'ENROLLED', value: (x) => x.f.created },
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
    async work(row, api) {
      const user = await lookupUser(api, row.user)
      const factors = await listFactors(api, user.id).catch((err: unknown) => {
        throw new RowFailed(err, { userId: user.id, login: user.profile?.login ?? null })
      })
      return {
        status: 'ok',
        userId: user.id,
        login: user.profile?.login ?? null,
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
        factors: redact((out.data as UserFactor[] | undefined) ?? []),
      }),
    },
  })
}

// ---------------------------------------------------------------------------------------------
// reset and delete --type

export interface BulkRemoveFlags extends BulkCommonFlags {
  types?: string
  type?: string
  removeRecovery?: boolean
  allowAdmin?: boolean
  ticket?: string
  verifyCaller?: string
}

export async function bulkRemove(mode: 'reset' | 'delete', o: BulkRemoveFlags, ctx: Context, args: string[]): Promise<void> {
  if (o.verifyCaller !== undefined) throw new UsageError('--verify-caller is for one caller on the phone; it does not apply to --users-file.')
  const types = mode === 'delete' ? parseTypes(o.type, '--type') : parseTypes(o.types)
  if (mode === 'delete' && !types) throw new UsageError('factors delete --users-file needs --type <factorType> (e.g. --type sms).')
  if (o.removeRecovery && !types?.some((t) => t === 'sms' || t === 'call')) {
    throw new UsageError(`--remove-recovery applies when removing sms or call factors${mode === 'reset' ? ': use it with --types sms and/or call' : ''}.`)
  }
  const ticket = await resolveTicket(ctx, o.ticket)
  const { settings, rows } = await loadRows(ctx, o)
  const what = types ? `remove the ${types.join(', ')} factors of` : 'reset all factors of'
  const act = await decideToAct(
    ctx,
    o.dryRun,
    `${what.charAt(0).toUpperCase()}${what.slice(1)} ${plural(rows.length, 'user')} from ${settings.usersFile === '-' ? 'stdin' : settings.usersFile}? Admins are ${o.allowAdmin ? 'included (you will type each login)' : 'skipped'}.`,
  )
  const command = mode === 'reset' ? 'factors reset' : 'factors delete'
  const audit = await AuditSession.open(ctx, command, { bulk: true, ticket })
  const verb = types ? 'remove' : 'reset'
  let rolesExplained = false

  const work = async (row: InputRow, api: OktaClient, tools: WorkTools): Promise<RowOutcome> => {
    let base: { userId: string | null; login: string | null } = { userId: null, login: null }
    let targets: UserFactor[] = []
    let recorded = false
    const record = async (r: Parameters<AuditSession['record']>[0]) => {
      recorded = true
      await audit.record({ ...base, login: base.login ?? row.user, factors: targets, ...r })
    }
    try {
      const user = await lookupUser(api, row.user)
      base = { userId: user.id, login: user.profile?.login ?? null }
      const [roles, factors] = await Promise.all([checkAdminRoles(api, user.id), listFactors(api, user.id)])
      targets = types ? factors.filter((f) => types.includes(f.factorType)) : factors
      const done = { ...base, factors: factorsOf(targets) }
      if (targets.length === 0) {
        return { ...done, status: 'skipped', summary: types ? `no ${types.join(' or ')} factor` : 'no factors' }
      }
      const admin = isAdmin(roles)
      if (roles.fix && !rolesExplained) {
        // Once per run: every row would otherwise be skipped as an admin without saying why.
        rolesExplained = true
        const fix = roles.fix
        await tools.exclusive(() => {
          ctx.out.warn(`Admin roles could not be read (HTTP 403), so users count as admins. ${fix}`)
          return Promise.resolve()
        })
      }
      if (admin && !o.allowAdmin) {
        const reason = `admin (${rolesText(roles)}): skipped; --allow-admin to include`
        await record({ outcome: act ? 'refused' : 'dry-run', reason })
        return { ...done, status: 'skipped', errorCode: 'ADMIN', summary: reason }
      }
      const list = `${plural(targets.length, 'factor')}: ${typesOf(targets)}`
      if (!act) {
        await record({ outcome: 'dry-run', reason: admin ? `admin (${rolesText(roles)})` : null })
        return { ...done, status: 'ok', summary: `would ${verb} ${list}${admin ? ` (admin: ${rolesText(roles)})` : ''}` }
      }
      if (admin && ctx.canPrompt) {
        const login = base.login ?? row.user
        const typed = await tools.exclusive(() => ctx.prompt.input(`${login} is an admin (${rolesText(roles)}). Type the login to ${verb} its factors:`))
        if (typed.trim().toLowerCase() !== login.toLowerCase()) {
          await record({ outcome: 'cancelled', reason: 'the login typed did not match' })
          return { ...done, status: 'skipped', errorCode: 'NOT_CONFIRMED', summary: 'admin: the login typed did not match; skipped' }
        }
      }
      const requestIds = types ? await unenrollEach(api, user.id, targets, Boolean(o.removeRecovery)) : [(await resetFactors(api, user.id)).requestId]
      await record({ outcome: 'ok', requestIds })
      return { ...done, status: 'ok', summary: `${verb === 'reset' ? 'reset' : 'removed'} ${list}`, requestId: requestIds.filter(Boolean).at(-1) ?? null }
    } catch (err) {
      if (!recorded) await record({ outcome: act ? outcomeOf(err) : 'dry-run', error: err })
      throw new RowFailed(err, base)
    }
  }

  const result = await runBulk<ReportRow>({
    ctx,
    action: mode,
    label: mode,
    rows,
    settings,
    args,
    preview: !act,
    defaultReport: true,
    work,
    output: resultOutput,
    finish: () => audit.close(),
  })
  if (!act) previewNote(ctx, o.dryRun, what.replace(/ of$/, ` of ${plural(result.counts.ok, 'user')}`))
}

// ---------------------------------------------------------------------------------------------
// enroll

export type BulkEnrollFlags = BulkCommonFlags & EnrollFlags & {
  answer?: string
  passcode?: string
  nextPasscode?: string
  sharedSecret?: string
  secretFile?: string
  waitTimeout?: string
}

/** Per-row values a CSV may carry, used when the flag is not given. */
function rowFlags(o: BulkEnrollFlags, row: InputRow, user: OktaUser | undefined, factorType: string): EnrollFlags {
  const f = row.fields
  return {
    ...o,
    phone: o.phone ?? (factorType === 'sms' || factorType === 'call' ? (f.phone ?? f.phonenumber ?? f.mobilephone) : undefined),
    extension: o.extension ?? (factorType === 'call' ? f.extension : undefined),
    email: o.email ?? (factorType === 'email' ? (f.email ?? user?.profile?.email) : undefined),
  }
}

export async function bulkEnroll(o: BulkEnrollFlags, ctx: Context, args: string[]): Promise<void> {
  const { factorType, provider } = resolveTypeAndProvider(o)
  if (secretsNeeded(factorType, provider).length || o.answer || o.passcode || o.nextPasscode || o.sharedSecret) {
    throw new UsageError(`Bulk enrollment of ${factorType} would need a secret for every user; enroll those one at a time.`)
  }
  for (const [flag, v] of [['--wait', o.wait], ['--qr-file', o.qrFile], ['--secret-file', o.secretFile]] as const) {
    if (v) throw new UsageError(`${flag} does not apply to --users-file.`)
  }
  const { settings, rows } = await loadRows(ctx, o)
  // Check the flags once, with stand-in per-user values, before anything is sent.
  buildEnrollPlan({ ...o, phone: o.phone ?? (factorType === 'sms' || factorType === 'call' ? '+15550000000' : undefined), email: o.email ?? (factorType === 'email' ? 'x@example.com' : undefined) }, {})
  if ((factorType === 'sms' || factorType === 'call') && !o.phone && !rows.every((r) => r.duplicateOf !== undefined || r.fields.phone || r.fields.phonenumber || r.fields.mobilephone)) {
    throw new UsageError(`--type ${factorType} needs a phone for every user: a phone column in the CSV, or --phone.`)
  }
  const act = await decideToAct(ctx, o.dryRun, `Enroll ${factorType} for ${plural(rows.length, 'user')}?`)
  const audit = await AuditSession.open(ctx, 'factors enroll', { bulk: true })

  const work = async (row: InputRow, api: OktaClient): Promise<RowOutcome> => {
    let base: { userId: string | null; login: string | null } = { userId: null, login: null }
    let recorded = false
    const record = async (r: Parameters<AuditSession['record']>[0]) => {
      recorded = true
      await audit.record({ ...base, login: base.login ?? row.user, ...r })
    }
    try {
      const user = await lookupUser(api, row.user)
      base = { userId: user.id, login: user.profile?.login ?? null }
      const plan = buildEnrollPlan(rowFlags(o, row, user, factorType), {})
      const detail = factorDetail({ factorType, profile: plan.body.profile as Record<string, unknown> | undefined })
      const what = `${factorType}${detail ? ` ${detail}` : ''}`
      if (!act) {
        await record({ outcome: 'dry-run', factors: [{ type: factorType }] })
        return { ...base, status: 'ok', summary: `would enroll ${what}`, factors: [{ id: null, type: factorType }] }
      }
      try {
        const { data, requestId } = await enrollFactor(api, { userId: user.id, ...plan })
        await record({ outcome: 'ok', factors: [{ id: data.id, type: data.factorType }], requestIds: [requestId] })
        return { ...base, status: 'ok', summary: `enrolled ${what} (${data.status})`, requestId: requestId ?? null, factors: [{ id: data.id, type: data.factorType }] }
      } catch (err) {
        if (err instanceof OktaApiError && err.errorCode === 'E0000001' && err.errorCauses.some((c) => /already set up/i.test(c))) {
          await record({ outcome: 'failed', factors: [{ type: factorType }], error: err })
          return { ...base, status: 'skipped', errorCode: err.errorCode, summary: `already enrolled: ${factorType}`, requestId: err.requestId ?? null }
        }
        throw err
      }
    } catch (err) {
      if (!recorded) await record({ outcome: act ? outcomeOf(err) : 'dry-run', factors: [{ type: factorType }], error: err })
      throw new RowFailed(err, base)
    }
  }

  const result = await runBulk<ReportRow>({
    ctx,
    action: 'enroll',
    label: 'enroll',
    rows,
    settings,
    args,
    preview: !act,
    defaultReport: true,
    work,
    output: resultOutput,
    finish: () => audit.close(),
  })
  if (!act) previewNote(ctx, o.dryRun, `enroll ${factorType} for ${plural(result.counts.ok, 'user')}`)
}
