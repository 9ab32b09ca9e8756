import type { OktaClient } from '../api/client.js'
import { createTac, listAuthenticators, revokeUserSessions, type TacEnrollment } from '../api/sessions.js'
import type { AuditSession } from '../audit/record.js'
import { outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { CliError, ExitCode, OktaApiError, UsageError } from '../errors.js'
import { visible } from '../output/visible.js'
import type { AfterPlan, TacPlan } from './options.js'

/**
 * What a helpdesk agent does after the factors are gone: end the user's sessions (an attacker who
 * is signed in stays signed in otherwise) and give the real user a temporary access code to sign
 * in once and enroll again. Used by `factors reset|delete` and the `users` commands.
 */

/** Parsed with the flags (helpdesk/options.ts parseAfterFlags); here for the steps that act on them. */


/**
 * Where a code could be shown, which needs the output (the flags were checked when parsed): never
 * into a pipe or a file, unless a script asks for it by name (--json --show-secret). Refused
 * before anything is sent, so no code is wasted.
 */
export function assertTacShowable(ctx: Context, showSecret: boolean): void {
  if (showSecret && !ctx.out.json) throw new UsageError('--show-secret applies with --json.')
  if (!ctx.out.json && !ctx.io.stdoutIsTTY) {
    throw new UsageError(
      'A temporary access code is shown on a terminal only, and stdout is not one.',
      'Run it at a terminal, or use --json --show-secret in a script that passes the code on.',
    )
  }
}

/** The plan in words, for the preview. */
export function afterText(p: AfterPlan): string[] {
  const lines: string[] = []
  if (p.sessions) lines.push(`Then end the user's sessions${p.sessions.oauthTokens ? ' and revoke their OAuth tokens' : ''}.`)
  if (p.tac) lines.push(`Then issue a ${p.tac.multiUse ? 'multi-use' : 'single-use'} temporary access code${p.tac.ttlMinutes ? ` valid ${p.tac.ttlMinutes} minutes` : ''}.`)
  return lines
}

interface Target {
  userId: string
  login: string
}

/** `DELETE /api/v1/users/{id}/sessions`, audited (intent, then the outcome with its request id). */
export async function revokeSessions(ctx: Context, api: OktaClient, audit: AuditSession, who: Target, oauthTokens: boolean, quiet = false): Promise<string | undefined> {
  const sessions = { oauthTokens }
  await audit.record({ ...who, outcome: 'intent', sessions })
  let requestId: string | undefined
  try {
    ;({ requestId } = await revokeUserSessions(api, { userId: who.userId, oauthTokens }))
    await audit.record({ ...who, outcome: 'ok', sessions, requestIds: [requestId] })
  } catch (err) {
    await audit.record({ ...who, outcome: outcomeOf(err), sessions, error: err })
    throw err
  }
  if (!quiet) ctx.out.success(`Ended every session of ${who.login}${oauthTokens ? ' and revoked their OAuth tokens' : ''}.`)
  return requestId
}

/** A step after the change failed: the change itself still stands, and the message says so. */
export function afterFailed(done: string, step: string, err: unknown): CliError {
  const msg = err instanceof Error ? err.message : String(err)
  const code = err instanceof CliError ? err.exitCode : ExitCode.FAILURE
  const hint = err instanceof CliError ? err.hint : undefined
  return new CliError(`${done}, and that stands (it is in the audit log); ${step} failed: ${msg}`, code, hint)
}

export interface IssuedTac {
  code: string
  expiresAt: string | null
  multiUse: boolean
  enrollmentId: string
}

/**
 * Issue a TAC: find the org's TAC authenticator, create the enrollment, audit that one was issued
 * (expiry and single/multi use, never the code), and show the code once.
 */
export async function issueTac(ctx: Context, api: OktaClient, audit: AuditSession, who: Target, plan: TacPlan, opts: { print?: boolean } = {}): Promise<IssuedTac> {
  const authenticatorId = await tacAuthenticator(api)
  await audit.record({ ...who, outcome: 'intent', tac: { multiUse: plan.multiUse, ttlMinutes: plan.ttlMinutes ?? null, expiresAt: null } })
  let data: TacEnrollment
  let requestId: string | undefined
  try {
    ;({ data, requestId } = await createTac(api, { userId: who.userId, authenticatorId, ttlMinutes: plan.ttlMinutes, multiUse: plan.multiUse }))
  } catch (err) {
    await audit.record({ ...who, outcome: outcomeOf(err), tac: { multiUse: plan.multiUse, ttlMinutes: plan.ttlMinutes ?? null, expiresAt: null }, error: err })
    throw explainTacError(err)
  }
  const code = data.profile?.tac
  const expiresAt = typeof data.profile?.expiresAt === 'string' ? data.profile.expiresAt : null
  const multiUse = typeof data.profile?.multiUse === 'boolean' ? data.profile.multiUse : plan.multiUse
  await audit.record({ ...who, outcome: 'ok', tac: { multiUse, ttlMinutes: plan.ttlMinutes ?? null, expiresAt }, requestIds: [requestId] })
  if (typeof code !== 'string' || !code) {
    throw new CliError('Okta issued a temporary access code but did not return it; issue another (it replaces this one).', ExitCode.FAILURE)
  }
  const issued = { code, expiresAt, multiUse, enrollmentId: data.id }
  if (opts.print === false) return issued
  if (ctx.out.json) ctx.out.printJson(tacJson(who, issued, plan), { showSecrets: plan.showSecret })
  else printTac(ctx, who, issued)
  return issued
}

/** The code, once, for the person at the terminal (assertTacShowable made sure stdout is one). */
export function printTac(ctx: Context, who: Target, t: IssuedTac): void {
  const until = t.expiresAt ? `valid until ${visible(t.expiresAt)}${minutesLeft(ctx, t.expiresAt)}` : 'valid for the time the org allows'
  ctx.out.printText(`Temporary access code for ${visible(who.login)}: ${visible(t.code)}`)
  ctx.out.printText(`${t.multiUse ? 'Multi-use' : 'Single use'}, ${until}. It is shown once: give it to the user over a channel you trust.`)
}

/** The --json form: the code only with --show-secret. */
export function tacJson(who: Target, t: IssuedTac, plan: TacPlan) {
  return { userId: who.userId, login: who.login, tac: plan.showSecret ? t.code : '[REDACTED]', expiresAt: t.expiresAt, multiUse: t.multiUse, enrollmentId: t.enrollmentId }
}

function minutesLeft(ctx: Context, iso: string): string {
  // Okta's example writes the expiry without a zone (2025-05-28T19:21:14): that is UTC.
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`)
  if (Number.isNaN(t)) return ''
  const m = Math.round((t - ctx.now().getTime()) / 60_000)
  return m > 0 ? ` (in ${m} minutes)` : ''
}

async function tacAuthenticator(api: OktaClient): Promise<string> {
  let list
  try {
    list = await listAuthenticators(api)
  } catch (err) {
    if (err instanceof OktaApiError && (err.status === 404 || err.status === 401 || err.status === 403)) {
      throw new CliError(
        `Could not read the org's authenticators (HTTP ${err.status}${err.errorCode ? ` ${err.errorCode}` : ''}): temporary access codes need an Identity Engine org.`,
        err.status === 404 ? ExitCode.FAILURE : ExitCode.AUTH,
        err.status === 404 ? 'Classic Engine orgs have no TAC; on Identity Engine, enable the Temporary Access Code authenticator.' : 'With OAuth, grant and request okta.authenticators.read.',
      )
    }
    throw err
  }
  const tac = list.find((a) => a.type === 'tac' || a.key === 'tac' || a.key === 'temporary_access_code')
  if (tac?.status !== 'ACTIVE') {
    throw new CliError(
      tac ? 'The Temporary Access Code authenticator is not active in this org.' : 'This org has no Temporary Access Code authenticator.',
      ExitCode.FAILURE,
      'An admin adds and activates it under Security → Authenticators (Identity Engine; TAC is Limited GA).',
    )
  }
  return tac.id
}

function explainTacError(err: unknown): unknown {
  if (!(err instanceof OktaApiError) || err.hint) return err
  const hint =
    err.status === 403
      ? "The admin (or the service app's role) needs the okta.users.credentials.manageTemporaryAccessCode permission, and a user in a state that can sign in."
      : err.status === 400
        ? 'Check --ttl against the org\'s TAC authenticator settings (its allowed range may be narrower than 10–14400 minutes).'
        : undefined
  if (hint) (err as unknown as { hint: string }).hint = hint
  return err
}
