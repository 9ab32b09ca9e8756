import { visible } from '../../output/visible.js'
import type { ChalkInstance } from 'chalk'
import type { OktaClient } from '../../api/client.js'
import { getFactor, getUser, listFactors } from '../../api/factors.js'
import { FACTOR_TYPES, type OktaUser, type UserFactor } from '../../api/types.js'
import type { Context } from '../../context.js'
import { CancelledError, NotFoundError, OktaApiError, UsageError } from '../../errors.js'
import { relativeTime } from '../../output/format.js'
import type { Column } from '../../output/output.js'
import { readSecret } from '../../prompt/stdin.js'
import { shellArg } from '../../output/shell.js'

/** Okta user ids: `00u` and 17 more letters or digits. */
export const USER_ID = /^00u[A-Za-z0-9]{17}$/

export interface ResolvedUser {
  id: string
  login: string | undefined
  /** Present when we had to fetch the user to resolve a login. */
  user?: OktaUser
}

/**
 * Turn what the operator typed into a user id. An id is used as is; a login, email or login
 * shortname is looked up once with GET /api/v1/users/{login}, because the /factors endpoints
 * take ids only.
 */
export async function resolveUser(api: OktaClient, input: string): Promise<ResolvedUser> {
  const value = input.trim()
  if (!value) throw new UsageError('The user must not be empty.')
  if (USER_ID.test(value)) return { id: value, login: undefined }
  if (value.includes('/')) {
    throw new UsageError(`"${value}" contains "/"; Okta can only look such a login up by user id.`)
  }
  try {
    const user = await getUser(api, value)
    return { id: user.id, login: user.profile?.login, user }
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 404) {
      throw new NotFoundError(`No user "${value}" in ${api.orgUrl}.`, 'Give the user id, login, email or login shortname.', err)
    }
    throw err
  }
}

/** Fetch the user (for display), reusing the one resolveUser fetched. */
export async function loadUser(api: OktaClient, u: ResolvedUser): Promise<OktaUser> {
  return u.user ?? (await getUser(api, u.id))
}

/**
 * How a printed next step starts: `oktactl`, plus the `--profile` given on this command line, so
 * the step runs against the same org instead of the default profile's.
 */
export function oktactlFor(ctx: Context): string {
  return ctx.globals.profile ? `oktactl --profile ${shellArg(ctx.globals.profile)}` : 'oktactl'
}

export function userLabel(u: ResolvedUser): string {
  return u.login ? `${visible(u.login)} (${visible(u.id)})` : visible(u.id)
}

const TYPE_ALIASES: Record<string, string> = { totp: 'token:software:totp', hotp: 'token:hotp', yubikey: 'token:hardware' }

/** Canonical factor type for a user-typed type or alias, or undefined if it is not a type. */
export function factorTypeOf(input: string): string | undefined {
  const v = input.trim().toLowerCase()
  const t = TYPE_ALIASES[v] ?? v
  return (FACTOR_TYPES as readonly string[]).includes(t) ? t : undefined
}

/**
 * Turn a factor id or a factor type into the user's factor. A type must match exactly one
 * enrolled factor; otherwise the candidates are listed.
 */
export async function resolveFactor(api: OktaClient, user: ResolvedUser, input: string): Promise<UserFactor> {
  const type = factorTypeOf(input)
  if (!type) {
    try {
      return await getFactor(api, user.id, input.trim())
    } catch (err) {
      if (err instanceof OktaApiError && err.status === 404) {
        throw new NotFoundError(`${userLabel(user)} has no factor "${input}".`, 'Run `oktactl factors list <user>` to see the factor ids.', err)
      }
      throw err
    }
  }
  const factors = (await listFactors(api, user.id)).filter((f) => f.factorType === type)
  if (factors.length === 1 && factors[0]) return factors[0]
  if (factors.length === 0) {
    throw new NotFoundError(`${userLabel(user)} has no ${type} factor.`, 'Run `oktactl factors list <user>` to see what is enrolled.')
  }
  const list = factors.map((f) => `  ${[f.id, f.factorType, f.provider, f.status].map(visible).join('  ')}  ${factorDetail(f)}`).join('\n')
  throw new UsageError(`${userLabel(user)} has ${factors.length} ${type} factors; name one by id:\n${list}`)
}

/** The one human detail that tells factors of a type apart. */
export function factorDetail(f: { factorType?: string; profile?: Record<string, unknown> }): string {
  const p = f.profile ?? {}
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = p[k]
      if (typeof v === 'string' && v) return visible(v)
    }
    return ''
  }
  switch (f.factorType) {
    case 'sms':
    case 'call':
      return pick('phoneNumber') + (pick('phoneExtension') ? ` x${pick('phoneExtension')}` : '')
    case 'email':
      return pick('email')
    case 'push':
    case 'signed_nonce':
      return [pick('name', 'deviceType'), pick('platform')].filter(Boolean).join(' · ')
    case 'question':
      return pick('questionText', 'question')
    default:
      return pick('credentialId', 'authenticatorName', 'name')
  }
}

export function statusStyled(status: string, theme: ChalkInstance): string {
  if (status === 'ACTIVE') return theme.green(status)
  if (status === 'PENDING_ACTIVATION' || status === 'ENROLLED') return theme.yellow(status)
  return theme.dim(status)
}

export function factorColumns(now: () => Date): Column<UserFactor>[] {
  return [
    { header: 'ID', value: (f) => f.id },
    { header: 'TYPE', value: (f) => f.factorType },
    { header: 'PROVIDER', value: (f) => f.provider },
    { header: 'STATUS', value: (f) => f.status, styled: (f, t) => statusStyled(f.status, t) },
    { header: 'DETAIL', value: (f) => factorDetail(f) },
    { header: 'ENROLLED', value: (f) => f.created, styled: (f, t) => t.dim(relativeTime(f.created, now())) },
  ]
}

/**
 * Long-lived secrets (a security answer, a token's shared secret) are never taken from argv,
 * where `ps`, shell history and CI logs keep them: only `-` (stdin) or, left out, a hidden prompt.
 * One-time codes (--code, --passcode, --next-code) may stay on argv: they are spent by the request
 * that carries them and expire within minutes, and scripts pass codes their own tooling generated.
 */
const LONG_LIVED = new Set(['--answer', '--shared-secret'])

export function refuseLiteralSecret(flag: string, value: string | undefined): void {
  if (value === undefined || value === '-') return
  throw new UsageError(
    `${flag} takes no value on the command line, where process lists and shell history would keep it.`,
    `Use ${flag} - and pipe it in (e.g. printf '%s\\n' "$SECRET" | oktactl … ${flag} -), or leave ${flag} out at a terminal to be asked with the input hidden.`,
  )
}

/**
 * A secret flag's value: `-` reads it from stdin; absent, a person at a terminal is asked
 * (masked); otherwise it is a usage error.
 */
export async function secretValue(
  ctx: Context,
  value: string | undefined,
  opts: { flag: string; prompt: string; required: boolean },
): Promise<string | undefined> {
  if (value === '-') {
    // At a terminal, `-` waits for end of input: say so rather than hang silently.
    if (ctx.io.stdinIsTTY) ctx.out.note(`Reading ${opts.flag} from stdin; type it, then Enter and Ctrl-D.`)
    const v = await readSecret(ctx.io.stdin)
    if (!v) throw new UsageError(`${opts.flag} - read nothing from stdin.`)
    return v
  }
  const longLived = LONG_LIVED.has(opts.flag)
  if (value !== undefined) {
    if (longLived) refuseLiteralSecret(opts.flag, value)
    if (!value.trim()) throw new UsageError(`${opts.flag} must not be empty.`)
    return value.trim()
  }
  if (!opts.required) return undefined
  if (ctx.canPrompt) return (await ctx.prompt.password(opts.prompt, (v) => (v.trim() ? true : 'Required'))).trim()
  throw new UsageError(
    `${opts.flag} is required when oktactl cannot ask (no terminal, or --no-input).`,
    longLived ? `Pass ${opts.flag} - and the value on stdin.` : `Pass ${opts.flag} <value>, or ${opts.flag} - to read it from stdin.`,
  )
}

/** Destructive commands: refuse before sending anything when we can neither ask nor were told --yes. */
export function requireConfirmable(ctx: Context, what: string): void {
  if (!ctx.yes && !ctx.canPrompt) {
    throw new UsageError(`Refusing to ${what} without confirmation.`, 'Pass --yes to confirm when oktactl cannot ask (no terminal, or --no-input).')
  }
}

export async function confirmOrCancel(ctx: Context, question: string): Promise<void> {
  if (ctx.yes) return
  if (!(await ctx.prompt.confirm(question, false))) throw new CancelledError('Cancelled; nothing was changed.')
}
