import type { OktaClient } from '../api/client.js'
import { listFactors, resetFactors } from '../api/factors.js'
import type { UserFactor } from '../api/types.js'
import { AuditSession, outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { checkAdminRoles, isAdmin, resolveTicket, roleTypes, rolesText } from '../helpdesk/guard.js'
import { revokeSessions } from '../helpdesk/after.js'
import type { BulkRemovePlan } from '../helpdesk/options.js'
import { unenrollEach } from '../helpdesk/remove.js'
import { decideToAct, factorsOf, whoText, openRows, lookupUser, plural, previewNote, resultOutput, typesOf } from './common.js'
import type { InputRow } from './input.js'
import type { BulkSettings } from './options.js'
import type { ReportRow } from './report.js'
import { RowFailed, describeError, runBulk, type RowOutcome, type WorkTools } from './runner.js'
import { loginOf } from '../factors/resolve.js'

/** `factors reset --users-file` and `factors delete --users-file --type`: guarded, audited, one row per user. */

/** What the parse step made of the flags: the plan (helpdesk/options.ts parseBulkRemoveFlags) and where the users come from. */
export interface BulkRemoveRequest {
  plan: BulkRemovePlan
  settings: BulkSettings
  /** The command line as typed (for the resume hint). */
  args: string[]
}

export async function bulkRemove(mode: 'reset' | 'delete', req: BulkRemoveRequest, ctx: Context): Promise<void> {
  const { plan, settings, args } = req
  const { types, sessions } = plan
  // The flags were checked when parsed; the ticket needs the profile (requireTicket), the users their source.
  const ticket = await resolveTicket(ctx, plan.ticket)
  const rows = await openRows(ctx, settings)
  const what = types ? `remove the ${types.join(', ')} factors of` : 'reset all factors of'
  const act = await decideToAct(
    ctx,
    plan.dryRun,
    `${what.charAt(0).toUpperCase()}${what.slice(1)} ${whoText(rows)}? Admins are ${plan.allowAdmin ? 'included (you will type each login)' : 'skipped'}.`,
  )
  const command = mode === 'reset' ? 'factors reset' : 'factors delete'
  const audit = await AuditSession.open(ctx, command, { bulk: true, ticket })
  const verb = types ? 'remove' : 'reset'
  let rolesExplained = false

  const work = async (row: InputRow, api: OktaClient, tools: WorkTools): Promise<RowOutcome> => {
    let base: { userId: string | null; login: string | null } = { userId: null, login: null }
    let targets: UserFactor[] = []
    let recorded = false
    let details: Pick<Parameters<AuditSession['record']>[0], 'allowAdmin' | 'adminRoles' | 'removeRecovery' | 'sessions'> = {}
    const record = async (r: Parameters<AuditSession['record']>[0]) => {
      recorded = r.outcome !== 'intent'
      await audit.record({ ...base, login: base.login ?? row.user, factors: targets, ...details, ...r })
    }
    try {
      const user = await lookupUser(api, row)
      base = { userId: user.id, login: loginOf(user) ?? null }
      const same = tools.claim(user.id, row.line)
      if (same !== undefined) return { ...base, status: 'skipped', summary: `duplicate of line ${same} (the same user)` }
      const [roles, factors] = await Promise.all([checkAdminRoles(api, user.id), listFactors(api, { userId: user.id })])
      targets = types ? factors.filter((f) => types.includes(f.factorType)) : factors
      details = { allowAdmin: plan.allowAdmin, adminRoles: roleTypes(roles), removeRecovery: plan.removeRecovery, ...(sessions ? { sessions } : {}) }
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
      if (admin && !plan.allowAdmin) {
        const reason = `admin (${rolesText(roles)}): skipped; --allow-admin to include`
        await record({ outcome: act ? 'refused' : 'dry-run', reason })
        return { ...done, status: 'skipped', errorCode: 'ADMIN', summary: reason }
      }
      const list = `${plural(targets.length, 'factor')}: ${typesOf(targets)}`
      const andSessions = sessions ? `, then end the sessions${sessions.oauthTokens ? ' and OAuth tokens' : ''}` : ''
      if (!act) {
        await record({ outcome: 'dry-run', reason: admin ? `admin (${rolesText(roles)})` : null })
        return { ...done, status: 'ok', summary: `would ${verb} ${list}${andSessions}${admin ? ` (admin: ${rolesText(roles)})` : ''}` }
      }
      if (admin && ctx.canPrompt) {
        const login = base.login ?? row.user
        const typed = await tools.exclusive(() => ctx.prompt.input(`${login} is an admin (${rolesText(roles)}). Type the login to ${verb} its factors:`))
        if (typed.trim().toLowerCase() !== login.toLowerCase()) {
          await record({ outcome: 'cancelled', reason: 'the login typed did not match' })
          return { ...done, status: 'skipped', errorCode: 'NOT_CONFIRMED', summary: 'admin: the login typed did not match; skipped' }
        }
      }
      await record({ outcome: 'intent' })
      const requestIds = types ? await unenrollEach(api, user.id, targets, plan.removeRecovery) : [(await resetFactors(api, { userId: user.id })).requestId]
      await record({ outcome: 'ok', requestIds })
      const summary = `${verb === 'reset' ? 'reset' : 'removed'} ${list}`
      if (sessions && base.userId) {
        const who = { userId: base.userId, login: base.login ?? row.user }
        try {
          const id = await revokeSessions(ctx, api, audit, who, sessions.oauthTokens, true)
          return { ...done, status: 'ok', summary: `${summary}; sessions ended${sessions.oauthTokens ? ' and OAuth tokens revoked' : ''}`, requestId: id ?? null }
        } catch (err) {
          // The factors are gone (recorded); say so in the row, which fails on the sessions alone.
          const d = describeError(err)
          return { ...done, status: 'failed', errorCode: d.errorCode, requestId: d.requestId, summary: `${summary}, but ending the sessions failed: ${d.summary}` }
        }
      }
      return { ...done, status: 'ok', summary, requestId: requestIds.filter(Boolean).at(-1) ?? null }
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
  if (!act) previewNote(ctx, plan.dryRun, what.replace(/ of$/, ` of ${plural(result.counts.ok, 'user')}`))
}
