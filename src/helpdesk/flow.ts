import type { OktaClient } from '../api/client.js'
import { listFactors, resetFactors, unenrollFactor } from '../api/factors.js'
import type { UserFactor } from '../api/types.js'
import type { CallerVerification } from '../audit/log.js'
import { AuditSession, outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { UsageError } from '../errors.js'
import { factorDetail, removalColumns } from '../factors/columns.js'
import { displayLogin, loadUser, resolveFactor, resolveUser, userLabel } from '../factors/resolve.js'
import { requireConfirmable } from '../factors/confirm.js'
import { checkAdminRoles, confirmChange, isAdmin, refusalFor, resolveTicket, roleTypes, showUser, type RoleCheck } from './guard.js'
import { afterFailed, afterText, assertTacShowable, issueTac, printTac, revokeSessions, tacJson, type IssuedTac } from './after.js'
import { showAdvice, startAdvice } from './activity.js'
import { removeRecoveryRefusal, type DeletePlan, type GuardPlan, type ResetPlan } from './options.js'
import { unenrollEach } from './remove.js'
import { CallerNotVerified, CallerVerificationCancelled, needsTerminal, verifyCaller } from './verify-caller.js'

/**
 * The helpdesk flow behind `factors reset` and `factors delete`: show who the user is and what
 * goes, refuse admins unless told, verify the caller, confirm, act, and audit every outcome. It
 * takes the plan the parse step made of the flags (helpdesk/options.ts) and checks only what the
 * flags alone could not tell: the terminal, the output, the profile, and the org's answers.
 */

/** The plan, with the ticket checked and the audit session it opened. */
interface Checked extends GuardPlan {
  /** As resolveTicket returns it: trimmed, undefined when none was given (and none is required). */
  ticket: string | undefined
  audit: AuditSession
}

/** What can be refused without a request that the flags alone could not tell: --yes off a terminal, where a code is shown, the ticket. */
async function preflight(ctx: Context, g: GuardPlan, what: string, command: string, userArg: string): Promise<Checked> {
  if (g.after.tac) assertTacShowable(ctx, g.after.tac.showSecret)
  if (!g.dryRun) {
    requireConfirmable(ctx, what)
    if (g.method && needsTerminal(g.method) && !ctx.canPrompt) {
      throw new UsageError(`--verify-caller ${g.method} needs a terminal: the agent types in the code the caller reads out.`, 'Use --verify-caller push, which works anywhere.')
    }
  }
  let ticket: string | undefined
  try {
    ticket = await resolveTicket(ctx, g.ticket)
  } catch (err) {
    const audit = await AuditSession.open(ctx, command)
    await audit.record({ login: userArg, outcome: 'refused', reason: (err as Error).message }).finally(() => audit.close())
    throw err
  }
  return { ...g, ticket, audit: await AuditSession.open(ctx, command, { ticket }) }
}

type AuditRecord = Parameters<AuditSession['record']>[0]

/** One guarded change's audit line: whom and what it targets, and whether its outcome is written. */
class ChangeRecord {
  target: { userId?: string; login?: string }
  factors: UserFactor[] = []
  verification: CallerVerification | null = null
  /** Fields every line of this change carries: --allow-admin, the roles held, --remove-recovery. */
  details: Pick<AuditRecord, 'allowAdmin' | 'adminRoles' | 'removeRecovery' | 'pendingTransaction' | 'sessions'> = {}
  private recorded = false

  constructor(private readonly audit: AuditSession, login: string) {
    this.target = { login }
  }

  async record(r: AuditRecord): Promise<void> {
    this.recorded = true
    await this.audit.record({ ...this.target, factors: this.factors, callerVerification: this.verification, ...this.details, ...r })
  }

  /** Written just before the change is sent, so a crash or kill mid-request leaves a trace. */
  async intent(): Promise<void> {
    await this.audit.record({ ...this.target, factors: this.factors, callerVerification: this.verification, ...this.details, outcome: 'intent' })
  }

  /** Record how the change failed (a caller not verified is a refusal), unless already recorded; rethrow. */
  async fail(err: unknown): Promise<never> {
    if (err instanceof CallerNotVerified) {
      this.verification = err.verification
      await this.record({ outcome: 'refused', error: err })
    } else if (err instanceof CallerVerificationCancelled) {
      this.verification = err.verification
      this.details.pendingTransaction = err.pendingTransaction
      await this.record({ outcome: 'cancelled', error: err })
    } else if (!this.recorded) {
      await this.record({ outcome: outcomeOf(err), error: err })
    }
    throw err
  }
}

/** The verification step, recorded as refused (exit 3) when it fails. */
async function verifyStep(
  ctx: Context,
  api: OktaClient,
  chk: Checked,
  target: { userId: string; login: string },
  factors: () => Promise<UserFactor[]>,
): Promise<CallerVerification | null> {
  if (!chk.method) return null
  return verifyCaller(ctx, api, target, await factors(), chk.method, chk.waitSeconds)
}

/**
 * The gate of a reset or delete, once its preview is shown, written once for both: a dry run
 * records what it would do, and is refused as the real run would be; a real run is refused, or
 * has the caller verified and the change confirmed, then records its intent. True when the
 * change may be sent; false after a dry run, which has only its preview left to print.
 */
async function gate(
  ctx: Context,
  api: OktaClient,
  chk: Checked,
  rec: ChangeRecord,
  who: { userId: string; login: string; roles: RoleCheck },
  change: { question: string; factors: () => Promise<UserFactor[]> },
): Promise<boolean> {
  for (const line of afterText(chk.after)) ctx.out.note(line)
  rec.details.sessions = chk.after.sessions
  const refusal = refusalFor(who.roles, who.login, chk.allowAdmin, ctx.canPrompt)
  if (chk.dryRun) {
    await rec.record({ outcome: 'dry-run', reason: refusal ? `would be refused: ${refusal.message}` : null })
    if (refusal) throw refusal
    if (chk.method) ctx.out.note(`The caller would first be verified by ${chk.method}.`)
    ctx.out.note('Dry run: nothing was changed.')
    return false
  }
  if (refusal) {
    await rec.record({ outcome: 'refused', reason: refusal.message })
    throw refusal
  }
  rec.verification = await verifyStep(ctx, api, chk, { userId: who.userId, login: who.login }, change.factors)
  await confirmChange(ctx, { admin: isAdmin(who.roles), login: who.login, question: change.question })
  await rec.intent()
  return true
}

/**
 * After a reset or delete went through: end the sessions, issue a TAC (each audited), then print
 * the factors removed (and the code). A step that fails says the change before it stands.
 */
async function afterChange(ctx: Context, api: OktaClient, chk: Checked, who: { userId: string; login: string }, done: string, removed: UserFactor[]): Promise<void> {
  const p = chk.after
  if (p.sessions) {
    try {
      await revokeSessions(ctx, api, chk.audit, who, p.sessions.oauthTokens)
    } catch (err) {
      throw afterFailed(done, "ending the user's sessions", err)
    }
  }
  let tac: IssuedTac | undefined
  if (p.tac) {
    try {
      tac = await issueTac(ctx, api, chk.audit, who, p.tac, { print: false })
    } catch (err) {
      throw afterFailed(p.sessions ? `${done} and the sessions ended` : done, 'issuing a temporary access code', err)
    }
  }
  if (ctx.out.json) {
    // One JSON document: the factors removed (as they were), plus what followed when asked.
    const extra = { ...(p.sessions ? { sessionsRevoked: { oauthTokens: p.sessions.oauthTokens } } : {}), ...(tac && p.tac ? { tac: tacJson(who, tac, p.tac) } : {}) }
    ctx.out.printJson(removalJson(false, who, removed, extra), { showSecrets: Boolean(p.tac?.showSecret) })
    return
  }
  await ctx.out.printList(removed, removalColumns(ctx.now, false))
  if (tac) printTac(ctx, who, tac)
}

export async function guardedReset(req: ResetPlan, ctx: Context): Promise<void> {
  const { user: userArg, types, removeRecovery } = req
  const chk = await preflight(ctx, req.guard, "reset a user's factors", 'factors reset', userArg)
  const rec = new ChangeRecord(chk.audit, userArg)
  let targets: UserFactor[] = []
  try {
    const api = await ctx.api()
    const u = await resolveUser(api, userArg)
    // The System Log is read alongside the rest of the screen, not after it.
    const advice = chk.thresholds ? startAdvice(ctx, api, u.id) : undefined
    const [user, roles, factors] = await Promise.all([loadUser(api, u), checkAdminRoles(api, u.id), listFactors(api, { userId: u.id })])
    const login = displayLogin(user, u, userArg)
    rec.target = { userId: u.id, login }
    rec.details = { allowAdmin: chk.allowAdmin, adminRoles: roleTypes(roles), removeRecovery }
    targets = types ? factors.filter((f) => types.includes(f.factorType)) : factors
    rec.factors = targets
    showUser(ctx, user, roles)
    if (advice && chk.thresholds) await showAdvice(ctx, advice, chk.thresholds)
    if (targets.length === 0) {
      ctx.out.note(`${userLabel(u)} has no ${types ? `${types.join(' or ')} ` : ''}factors; nothing to ${types ? 'remove' : 'reset'}.`)
      if (ctx.out.json) ctx.out.printJson(removalJson(chk.dryRun, { userId: u.id, login }, []))
      return
    }
    const list = targets.map((f) => `${f.factorType} ${f.id}`).join(', ')
    const will = chk.dryRun ? 'Would' : 'Will'
    ctx.out.note(types ? `${will} remove the ${types.join(', ')} factors of ${userLabel(u)}: ${list}.` : `${will} reset every factor of ${userLabel(u)}: ${list}.`)
    const question = types ? `Remove these ${targets.length} factors?` : `Reset all ${targets.length} factors?`
    if (!(await gate(ctx, api, chk, rec, { userId: u.id, login, roles }, { question, factors: () => Promise.resolve(factors) }))) {
      await printRemoval(ctx, true, { userId: u.id, login }, targets)
      return
    }
    const requestIds = types ? await unenrollEach(api, u.id, targets, removeRecovery) : [(await resetFactors(api, { userId: u.id })).requestId]
    await rec.record({ outcome: 'ok', requestIds })
    ctx.out.success(
      types
        ? `Removed ${targets.length} factor${targets.length === 1 ? '' : 's'} (${types.join(', ')}) of ${login}.`
        : `Reset ${targets.length} factors of ${userLabel(u)}; the user enrolls again at next sign-in.`,
    )
    const done = types ? `The ${types.join(', ')} factors of ${login} were removed` : `The factors of ${login} were reset`
    await afterChange(ctx, api, chk, { userId: u.id, login }, done, targets)
  } catch (err) {
    await rec.fail(err)
  } finally {
    await chk.audit.close()
  }
}

export async function guardedDelete(req: DeletePlan, ctx: Context): Promise<void> {
  const { user: userArg, factor: factorArg, removeRecovery } = req
  const chk = await preflight(ctx, req.guard, 'delete a factor', 'factors delete', userArg)
  const rec = new ChangeRecord(chk.audit, userArg)
  try {
    const api = await ctx.api()
    const u = await resolveUser(api, userArg)
    const advice = chk.thresholds ? startAdvice(ctx, api, u.id) : undefined
    const [user, roles, f] = await Promise.all([loadUser(api, u), checkAdminRoles(api, u.id), resolveFactor(api, u, factorArg)])
    rec.factors = [f]
    const login = displayLogin(user, u, userArg)
    rec.target = { userId: u.id, login }
    rec.details = { allowAdmin: chk.allowAdmin, adminRoles: roleTypes(roles), removeRecovery }
    // A factor named by id: its type is known only now (one named by type was checked when parsed).
    if (removeRecovery && f.factorType !== 'sms' && f.factorType !== 'call') throw removeRecoveryRefusal('delete')
    showUser(ctx, user, roles)
    if (advice && chk.thresholds) await showAdvice(ctx, advice, chk.thresholds)
    const detail = factorDetail(f)
    ctx.out.note(`${chk.dryRun ? 'Would' : 'Will'} delete the ${f.factorType} factor ${f.id}${detail ? ` (${detail})` : ''} of ${userLabel(u)}.`)
    if (f.factorType === 'push' || f.factorType === 'signed_nonce') {
      ctx.out.warn("Okta also removes the user's Okta Verify TOTP and FastPass enrollments with it.")
    }
    if (removeRecovery) ctx.out.note('The phone number is also removed as a recovery method.')
    if (!(await gate(ctx, api, chk, rec, { userId: u.id, login, roles }, { question: 'Delete this factor?', factors: () => listFactors(api, { userId: u.id }) }))) {
      await printRemoval(ctx, true, { userId: u.id, login }, [f])
      return
    }
    const { requestId } = await unenrollFactor(api, { userId: u.id, factorId: f.id, removeRecoveryEnrollment: removeRecovery })
    await rec.record({ outcome: 'ok', requestIds: [requestId] })
    ctx.out.success(`Deleted ${f.factorType} factor ${f.id} of ${userLabel(u)}.`)
    await afterChange(ctx, api, chk, { userId: u.id, login }, `The ${f.factorType} factor of ${login} was deleted`, [f])
  } catch (err) {
    await rec.fail(err)
  } finally {
    await chk.audit.close()
  }
}

/**
 * What a reset or delete prints on stdout: the factors, as they were, with what happened to them.
 * JSON: `{ dryRun, userId, login, factors, sessionsRevoked?, tac? }`.
 */
export function removalJson(dryRun: boolean, who: { userId: string; login: string }, factors: UserFactor[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { dryRun, userId: who.userId, login: who.login, factors, ...extra }
}

async function printRemoval(ctx: Context, dryRun: boolean, who: { userId: string; login: string }, factors: UserFactor[]): Promise<void> {
  if (ctx.out.json) ctx.out.printJson(removalJson(dryRun, who, factors))
  else await ctx.out.printList(factors, removalColumns(ctx.now, dryRun))
}
