import type { OktaClient } from '../api/client.js'
import { getFactor, getUser, listFactors } from '../api/factors.js'
import { FACTOR_TYPES, type OktaUser, type UserFactor } from '../api/types.js'
import { NotFoundError, OktaApiError, UsageError } from '../errors.js'
import { visible } from '../output/visible.js'
import { factorDetail } from './columns.js'

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
    const user = await getUser(api, { userId: value })
    return { id: user.id, login: loginOf(user), user }
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 404) {
      throw new NotFoundError(`No user "${value}" in ${api.orgUrl}.`, 'Give the user id, login, email or login shortname.', err)
    }
    throw err
  }
}

/** Fetch the user (for display), reusing the one resolveUser fetched. */
/**
 * A user's login as the org gave it, when it is a string (the org's answer is untrusted: an
 * array or an object there must not reach a comparison or a message as if it were one).
 */
export function loginOf(user: OktaUser | undefined): string | undefined {
  const login: unknown = user?.profile?.login
  return typeof login === 'string' ? login : undefined
}

/** The login to show and confirm for a user: the profile's, the lookup's, else what was typed. */
export function displayLogin(user: OktaUser, u: ResolvedUser, typed: string): string {
  return loginOf(user) ?? u.login ?? typed
}

export async function loadUser(api: OktaClient, u: ResolvedUser): Promise<OktaUser> {
  return u.user ?? (await getUser(api, { userId: u.id }))
}

export function userLabel(u: ResolvedUser): string {
  return u.login ? `${visible(u.login)} (${visible(u.id)})` : visible(u.id)
}

export const TYPE_ALIASES: Record<string, string> = { totp: 'token:software:totp', hotp: 'token:hotp', yubikey: 'token:hardware' }

/** Canonical factor type for a user-typed type or alias, or undefined if it is not a type. */
export function factorTypeOf(input: string): string | undefined {
  const v = input.trim().toLowerCase()
  const t = TYPE_ALIASES[v] ?? v
  return (FACTOR_TYPES as readonly string[]).includes(t) ? t : undefined
}

export interface ResolveFactorOptions {
  /**
   * The status of the factors this command acts on (activate and resend: PENDING_ACTIVATION).
   * When a type matches several factors and exactly one has this status, that one is used; when
   * several have it, only they are listed as the candidates.
   */
  preferStatus?: string
}

/**
 * Turn a factor id or a factor type into the user's factor. A type must match exactly one
 * enrolled factor (or, with `preferStatus`, exactly one with that status); otherwise the
 * candidates are listed.
 */
export async function resolveFactor(api: OktaClient, user: ResolvedUser, input: string, opts: ResolveFactorOptions = {}): Promise<UserFactor> {
  const type = factorTypeOf(input)
  if (!type) {
    try {
      return await getFactor(api, { userId: user.id, factorId: input.trim() })
    } catch (err) {
      if (err instanceof OktaApiError && err.status === 404) {
        throw new NotFoundError(`${userLabel(user)} has no factor "${input}".`, 'Run `oktactl factors list <user>` to see the factor ids.', err)
      }
      throw err
    }
  }
  const all = (await listFactors(api, { userId: user.id })).filter((f) => f.factorType === type)
  if (all.length === 1 && all[0]) return all[0]
  if (all.length === 0) {
    throw new NotFoundError(`${userLabel(user)} has no ${type} factor.`, 'Run `oktactl factors list <user>` to see what is enrolled.')
  }
  const preferred = opts.preferStatus ? all.filter((f) => f.status === opts.preferStatus) : []
  if (preferred.length === 1 && preferred[0]) return preferred[0]
  const factors = preferred.length > 1 ? preferred : all
  const list = factors.map((f) => `  ${[f.id, f.factorType, f.provider, f.status].map(visible).join('  ')}  ${factorDetail(f)}`).join('\n')
  const which = preferred.length > 1 ? `${opts.preferStatus ?? ''} ${type}` : type
  throw new UsageError(`${userLabel(user)} has ${factors.length} ${which} factors; name one by id:\n${list}`)
}
