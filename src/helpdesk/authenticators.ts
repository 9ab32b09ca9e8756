import type { OktaClient } from '../api/client.js'
import { deleteAuthenticatorEnrollment, getAuthenticatorEnrollment, listAuthenticatorEnrollments, type AuthenticatorEnrollment } from '../api/enrollments.js'
import { AuditSession, outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { CliError, ExitCode, OktaApiError, UsageError } from '../errors.js'
import { requireConfirmable } from '../factors/confirm.js'
import { displayLogin, loadUser, resolveUser, userLabel } from '../factors/resolve.js'
import type { Column } from '../output/output.js'
import { visible } from '../output/visible.js'
import { checkAdminRoles, confirmChange, isAdmin, refusalFor, resolveTicket, roleTypes, showUser } from './guard.js'

/**
 * `oktactl authenticators list|get|delete`: Identity Engine's view of a user's enrollments, with
 * the output, resolution (an id, or a type or key the user has exactly one of) and the guard
 * and audit of `factors`.
 */

export const enrollmentColumns: Column<AuthenticatorEnrollment>[] = [
  { header: 'ID', value: (e) => e.id },
  { header: 'TYPE', value: (e) => e.type ?? '' },
  { header: 'KEY', value: (e) => e.key ?? '' },
  { header: 'NAME', value: (e) => e.name ?? '', shrink: true },
  { header: 'STATUS', value: (e) => e.status ?? '', styled: (e, t) => (e.status === 'ACTIVE' ? t.green(e.status) : (e.status ?? '')) },
  { header: 'DETAIL', value: (e) => detail(e), shrink: (e) => e.type !== 'phone' && e.type !== 'email' },
  { header: 'ENROLLED', value: (e) => e.created ?? '', optional: true },
]

function detail(e: AuthenticatorEnrollment): string {
  const p = e.profile ?? {}
  for (const k of ['phoneNumber', 'email', 'question', 'expiresAt']) if (typeof p[k] === 'string') return p[k]
  return ''
}

/** A 404 or 501 on the collection: the org is not on Identity Engine (or lacks the Limited GA API). */
function explain(err: unknown): unknown {
  if (err instanceof OktaApiError && (err.status === 404 || err.status === 501) && !err.hint) {
    ;(err as unknown as { hint: string }).hint =
      "The authenticator-enrollments API is Identity Engine's (Limited GA): a Classic org, or one without it, answers 404. `oktactl factors` works on both."
  }
  return err
}

export async function listEnrollments(ctx: Context, userArg: string): Promise<void> {
  const api = await ctx.api()
  const u = await resolveUser(api, userArg)
  const list = await listAuthenticatorEnrollments(api, u.id).catch((e: unknown) => {
    throw explain(e)
  })
  await ctx.out.printList(list, enrollmentColumns, { raw: list, empty: `No authenticator enrollments for ${userLabel(u)}.` })
}

/** An enrollment id, or a type or key the user has exactly one enrollment of. */
export async function resolveEnrollment(api: OktaClient, userId: string, arg: string): Promise<AuthenticatorEnrollment> {
  const list = await listAuthenticatorEnrollments(api, userId).catch((e: unknown) => {
    throw explain(e)
  })
  const byId = list.find((e) => e.id === arg)
  if (byId) return byId
  const a = arg.toLowerCase()
  const matches = list.filter((e) => e.type?.toLowerCase() === a || e.key?.toLowerCase() === a)
  if (matches.length === 1 && matches[0]) return matches[0]
  const names = (xs: AuthenticatorEnrollment[]) => xs.map((e) => `  ${visible(e.id)}  ${visible(e.type ?? '')} ${visible(e.key ?? '')} ${visible(detail(e))}`).join('\n')
  if (matches.length > 1) throw new UsageError(`The user has ${matches.length} ${arg} enrollments:\n${names(matches)}`, 'Give the enrollment id.')
  throw new CliError(`No enrollment "${visible(arg)}" for this user. They have:\n${names(list) || '  (none)'}`, ExitCode.NOT_FOUND)
}

export async function getEnrollment(ctx: Context, userArg: string, arg: string): Promise<void> {
  const api = await ctx.api()
  const u = await resolveUser(api, userArg)
  const e = await resolveEnrollment(api, u.id, arg)
  const fresh = await getAuthenticatorEnrollment(api, u.id, e.id)
  await ctx.out.printList([fresh], enrollmentColumns, { raw: fresh })
}

/** What `authenticators delete` was asked for (commands/authenticators/delete.ts parses it). */
export interface DeleteEnrollmentRequest {
  user: string
  /** An enrollment id, type or key the user has exactly one of. */
  enrollment: string
  allowAdmin: boolean
  /** As given; checked against the profile (requireTicket) when it runs. */
  ticket: string | undefined
  dryRun: boolean
}

/** Guarded and audited like `factors delete`: who, roles, admins refused, confirm, intent, outcome. */
export async function deleteEnrollment(ctx: Context, req: DeleteEnrollmentRequest): Promise<void> {
  const { user: userArg, enrollment: arg, ...o } = req
  if (!o.dryRun) requireConfirmable(ctx, 'delete an authenticator enrollment')
  const ticket = await resolveTicket(ctx, o.ticket)
  const audit = await AuditSession.open(ctx, 'authenticators delete', { ticket })
  let target: { userId?: string; login?: string } = { login: userArg }
  let enrollment: Array<{ id: string; type: string }> = []
  let recorded = false
  try {
    const api = await ctx.api()
    const u = await resolveUser(api, userArg)
    const [user, roles, e] = await Promise.all([loadUser(api, u), checkAdminRoles(api, u.id), resolveEnrollment(api, u.id, arg)])
    const login = displayLogin(user, u, userArg)
    target = { userId: u.id, login }
    enrollment = [{ id: e.id, type: e.key ?? e.type ?? 'unknown' }]
    const base = { ...target, factors: enrollment, allowAdmin: o.allowAdmin, adminRoles: roleTypes(roles) }
    showUser(ctx, user, roles)
    ctx.out.note(`${o.dryRun ? 'Would' : 'Will'} delete the ${visible(e.name ?? e.key ?? e.type ?? '')} enrollment ${visible(e.id)} of ${login}.`)
    const refusal = refusalFor(roles, login, o.allowAdmin, ctx.canPrompt)
    if (o.dryRun) {
      recorded = true
      await audit.record({ ...base, outcome: 'dry-run', reason: refusal ? `would be refused: ${refusal.message}` : null })
      if (refusal) throw refusal
      ctx.out.note('Dry run: nothing was changed.')
    } else {
      if (refusal) {
        recorded = true
        await audit.record({ ...base, outcome: 'refused', reason: refusal.message })
        throw refusal
      }
      await confirmChange(ctx, { admin: isAdmin(roles), login, question: 'Delete this enrollment?' })
      await audit.record({ ...base, outcome: 'intent' })
      const { requestId } = await deleteAuthenticatorEnrollment(api, u.id, e.id)
      recorded = true
      await audit.record({ ...base, outcome: 'ok', requestIds: [requestId] })
      ctx.out.success(`Deleted the ${e.key ?? e.type ?? ''} enrollment ${e.id} of ${login}.`)
    }
    await ctx.out.printList([e], enrollmentColumns, { raw: [e] })
  } catch (err) {
    if (!recorded) await audit.record({ ...target, factors: enrollment, outcome: outcomeOf(err), error: err })
    throw err
  } finally {
    await audit.close()
  }
}
