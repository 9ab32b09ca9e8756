import { visible } from '../output/visible.js'
import type { OktaClient } from '../api/client.js'
import { listUserRoles } from '../api/factors.js'
import type { OktaUser, Role } from '../api/types.js'
import { ROLES_SCOPE } from '../auth/scopes.js'
import type { Context } from '../context.js'
import { AuthError, CancelledError, OktaApiError, UnexpectedAnswerError, UsageError } from '../errors.js'
import { relativeTime } from '../output/format.js'
import { confirmOrCancel } from '../factors/confirm.js'

/**
 * The checks that stand between a helpdesk call and a removed factor: a ticket, the target's admin
 * roles, and a confirmation that cannot be skipped with --yes for an admin at a terminal.
 * (Okta Security, Aug 2023: attackers talked service desks into resetting super admins' MFA.)
 */

export interface GuardFlags {
  /** --no-activity sets this false: skip the System Log read. */
  activity?: boolean
  warnDeniedPushes?: string
  warnUnansweredPushes?: string
  warnResetWithin?: string
  allowAdmin?: boolean
  ticket?: string
  verifyCaller?: string
  dryRun?: boolean
}

/** The ticket for this change; a profile with requireTicket makes it mandatory (checked before any request). */
export async function resolveTicket(ctx: Context, flag: string | undefined): Promise<string | undefined> {
  const ticket = flag?.trim()
  if (flag !== undefined && !ticket) throw new UsageError('--ticket must not be empty.')
  if (ticket && (ticket.length > 200 || /[\r\n\t]/.test(ticket))) throw new UsageError('--ticket must be one line of at most 200 characters.')
  if (!ticket) {
    const s = await ctx.settings()
    if (s.requireTicket) {
      throw new UsageError(
        `${s.profileName ? `Profile "${s.profileName}"` : 'This profile'} requires a support ticket for changes.`,
        'Pass --ticket <id> (it is recorded in the audit log).',
      )
    }
  }
  return ticket || undefined
}

export interface RoleCheck {
  /** Admin role types the user holds (every role /roles returns is an admin role). */
  roles: string[]
  /**
   * The roles could not be read (403), or Okta's answer was not a well-formed list: treated as an
   * admin, the safe way round. Only a 200 with a JSON array on every page means "no roles".
   */
  unknown: boolean
  /** With `unknown`: why, in a few words ("HTTP 403", "the answer was not a JSON array"). */
  why?: string
  /** With `unknown`: what the credentials lack to read roles, and how to fix it. */
  fix?: string
}

export async function checkAdminRoles(api: OktaClient, userId: string): Promise<RoleCheck> {
  try {
    const roles = await listUserRoles(api, { userId })
    return { roles: roles.map((r: Role) => r.type), unknown: false }
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 403) return { roles: [], unknown: true, why: 'HTTP 403', fix: rolesFix(api.auth.mode) }
    if (err instanceof UnexpectedAnswerError) return { roles: [], unknown: true, why: `Okta's answer was not a well-formed list: ${err.why}` }
    throw err
  }
}

/**
 * Why a 403 on GET /api/v1/users/{id}/roles: an OAuth service app needs okta.roles.read, which
 * the factor scopes do not include; an API token acts as its admin, who may not read roles.
 */
function rolesFix(mode: string): string {
  if (mode === 'SSWS') {
    return 'The API token acts as its admin, who may not read admin roles; use a token of an admin who can (e.g. a super or org admin).'
  }
  return (
    `Reading admin roles needs the ${ROLES_SCOPE} scope: grant it to the service app (Admin Console → Applications → the app → ` +
    `Okta API Scopes) and request it, e.g. \`--scopes "okta.users.read okta.users.manage ${ROLES_SCOPE}"\` on \`profile add\`, ` +
    'or OKTA_CLIENT_SCOPES / okta.yaml `scopes`.'
  )
}

export function isAdmin(c: RoleCheck): boolean {
  return c.unknown || c.roles.length > 0
}

/** The roles as the audit log records them: the types held, or ["unknown"] when they could not be read. */
export function roleTypes(c: RoleCheck): string[] {
  return c.unknown ? ['unknown'] : [...c.roles]
}

export function rolesText(c: RoleCheck): string {
  if (c.unknown) return `unknown (the roles could not be read: ${visible(c.why ?? 'HTTP 403')})`
  return c.roles.length ? c.roles.map(visible).join(', ') : 'none'
}

/** Refuse an admin target unless --allow-admin. */
export function refusalFor(c: RoleCheck, login: string, allowAdmin: boolean | undefined, canPrompt: boolean): AuthError | undefined {
  if (!isAdmin(c) || allowAdmin) return undefined
  const why = c.unknown
    ? `Could not read the admin roles of ${visible(login)} (${visible(c.why ?? 'HTTP 403')}), so it is treated as an admin`
    : `${visible(login)} holds admin roles (${rolesText(c)})`
  // At a terminal the login is then typed to confirm; off one there is nobody to type it.
  const how = canPrompt ? 'pass --allow-admin and confirm by typing the login' : 'pass --allow-admin --yes'
  const allow = `Attackers social-engineer helpdesks into resetting admins. If this is intended, ${how}.`
  return new AuthError(`${why}; refusing to remove its factors.`, c.unknown && c.fix ? `${c.fix}\n${allow}` : allow)
}

/** Who the user is, on stderr, before anything is asked or removed. */
export function showUser(ctx: Context, user: OktaUser, roles: RoleCheck): void {
  const t = ctx.out.errTheme
  const p = user.profile ?? { login: '' }
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ')
  const last = user.lastLogin ? `${user.lastLogin} (${relativeTime(user.lastLogin, ctx.now())})` : 'never'
  // One field per line, each value inert: a newline or escape code in a name cannot add a line.
  ctx.out.noteLines([
    `User:        ${name ? `${visible(name)} ` : ''}<${visible(p.login)}> ${visible(user.id)}`,
    `Status:      ${visible(user.status)}, last login ${visible(last)}`,
    `Admin roles: ${isAdmin(roles) ? t.red.bold(rolesText(roles)) : rolesText(roles)}`,
  ])
}

/**
 * Confirm the change. An admin target needs its login typed at a terminal (--yes does not skip
 * it); off a terminal, --allow-admin with --yes. Anyone else: the usual y/N, or --yes.
 */
export async function confirmChange(ctx: Context, opts: { admin: boolean; login: string; question: string }): Promise<void> {
  if (opts.admin && ctx.canPrompt) {
    const typed = await ctx.prompt.input(`${visible(opts.login)} is an admin. Type the login to confirm:`)
    if (typed.trim().toLowerCase() !== opts.login.toLowerCase()) {
      throw new CancelledError('The login typed does not match; nothing was changed.')
    }
    return
  }
  if (opts.admin) {
    // Off a terminal requireConfirmable has already insisted on --yes.
    if (!ctx.yes) throw new UsageError('Refusing to change an admin without --allow-admin --yes when not at a terminal.')
    return
  }
  await confirmOrCancel(ctx, opts.question)
}
