import { AuditSession } from '../audit/record.js'
import { visible } from '../output/visible.js'
import type { Context } from '../context.js'
import { AuthError } from '../errors.js'
import { requireConfirmable } from '../factors/confirm.js'
import { displayLogin, loadUser, resolveUser } from '../factors/resolve.js'
import { checkAdminRoles, confirmChange, isAdmin, resolveTicket, roleTypes, rolesText, showUser } from './guard.js'
import { assertTacShowable, issueTac, revokeSessions } from './after.js'
import type { TacPlan } from './options.js'

/**
 * `users sessions revoke` and `users tac`: the helpdesk's other two actions, on their own,
 * guarded and audited like a delete (who, roles, a confirmation, a ticket, intent then outcome).
 */

/** What `users sessions revoke` was asked for (commands/users/sessions.ts parses it). */
export interface SessionsRequest {
  user: string
  /** Also revoke their OAuth access and refresh tokens (oauthTokens=true). */
  revokeTokens: boolean
  /** As given; checked against the profile (requireTicket) when it runs. */
  ticket: string | undefined
}

/** What `users tac` was asked for (commands/users/tac.ts parses it): a code for one user. */
export interface TacRequest {
  user: string
  tac: TacPlan
  allowAdmin: boolean
  /** As given; checked against the profile (requireTicket) when it runs. */
  ticket: string | undefined
}

/**
 * Ends every session of a user. Admins are not refused (ending a compromised admin's sessions is
 * incident response), but at a terminal their login must be typed to confirm.
 */
export async function guardedRevokeSessions(req: SessionsRequest, ctx: Context): Promise<void> {
  const { user: userArg, revokeTokens } = req
  requireConfirmable(ctx, "end a user's sessions")
  const ticket = await resolveTicket(ctx, req.ticket)
  const audit = await AuditSession.open(ctx, 'users sessions revoke', { ticket })
  try {
    const api = await ctx.api()
    const u = await resolveUser(api, userArg)
    const [user, roles] = await Promise.all([loadUser(api, u), checkAdminRoles(api, u.id)])
    const login = displayLogin(user, u, userArg)
    showUser(ctx, user, roles)
    ctx.out.note(`Will end every session of ${login}${revokeTokens ? ' and revoke their OAuth access and refresh tokens' : ''}; they sign in again next time.`)
    try {
      await confirmChange(ctx, { admin: isAdmin(roles), login, question: 'End these sessions?' })
    } catch (err) {
      await audit.record({ userId: u.id, login, outcome: 'cancelled', sessions: { oauthTokens: revokeTokens }, adminRoles: roleTypes(roles), error: err })
      throw err
    }
    await revokeSessions(ctx, api, audit, { userId: u.id, login }, revokeTokens)
    if (ctx.out.json) ctx.out.printJson({ userId: u.id, login, sessionsRevoked: true, oauthTokensRevoked: revokeTokens })
  } finally {
    await audit.close()
  }
}

/**
 * Issues a temporary access code. A TAC signs the user in without any other factor, so it is
 * guarded like a reset: admins refused unless --allow-admin (then the login is typed), a
 * confirmation, the ticket; the code is shown once and never recorded.
 */
export async function guardedTac(req: TacRequest, ctx: Context): Promise<void> {
  const { user: userArg, tac: plan } = req
  assertTacShowable(ctx, plan.showSecret)
  requireConfirmable(ctx, 'issue a temporary access code')
  const ticket = await resolveTicket(ctx, req.ticket)
  const audit = await AuditSession.open(ctx, 'users tac', { ticket })
  try {
    const api = await ctx.api()
    const u = await resolveUser(api, userArg)
    const [user, roles] = await Promise.all([loadUser(api, u), checkAdminRoles(api, u.id)])
    const login = displayLogin(user, u, userArg)
    const who = { userId: u.id, login }
    showUser(ctx, user, roles)
    ctx.out.note(`Will issue a ${plan.multiUse ? 'multi-use' : 'single-use'} temporary access code for ${login}${plan.ttlMinutes ? `, valid ${plan.ttlMinutes} minutes` : ''}; it replaces any earlier one.`)
    const tac = { multiUse: plan.multiUse, ttlMinutes: plan.ttlMinutes ?? null, expiresAt: null }
    if (isAdmin(roles) && !req.allowAdmin) {
      const err = new AuthError(
        `${visible(login)} holds admin roles (${rolesText(roles)}); refusing to issue a temporary access code.`,
        'A TAC signs in without any other factor: attackers social-engineer helpdesks for exactly this. If intended, pass --allow-admin and type the login to confirm.',
      )
      await audit.record({ ...who, outcome: 'refused', tac, adminRoles: roleTypes(roles), reason: err.message })
      throw err
    }
    try {
      await confirmChange(ctx, { admin: isAdmin(roles), login, question: 'Issue the code?' })
    } catch (err) {
      await audit.record({ ...who, outcome: 'cancelled', tac, adminRoles: roleTypes(roles), error: err })
      throw err
    }
    await issueTac(ctx, api, audit, who, plan)
  } finally {
    await audit.close()
  }
}
