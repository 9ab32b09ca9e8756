import type { IncomingHttpHeaders } from 'node:http'
import { oktaErrors } from '../errors.js'
import type { Urls } from '../render.js'
import { TOKEN_OWNER } from '../seed.js'
import type { FactorRec, PushMode, Store, UserRec } from '../state.js'
import type { SystemLog } from '../syslog.js'

export interface Ctx {
  params: Record<string, string>
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown
  store: Store
  urls: Urls
  now: () => number
  push: { mode: PushMode; delayMs: number }
  /** The Temporary Access Code authenticator is active (Identity Engine). */
  tac: boolean
  /** The System Log. */
  log: SystemLog
  /** Restores the seed (admin reset). */
  reset: () => void
  /** A GET changed the state (requests with other methods are saved anyway). */
  changed: () => void
}

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** A non-JSON body (the QR code PNG). */
  raw?: { type: string; data: Buffer }
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>

export const ok = (body: unknown, status = 200): Reply => ({ status, body })

/** `{userId}` of the factor and role routes: an id, as the spec's `pathUserId` says. */
export function userFromPath(ctx: Ctx): UserRec {
  const id = ctx.params.userId ?? ''
  const u = ctx.store.userById(id)
  if (!u) throw oktaErrors.notFound(id, 'User')
  return u
}

/** `{id}` of GET /users/{id} and reset_factors: an id, login or login shortname. */
export function userFromPathId(ctx: Ctx): UserRec {
  const ref = ctx.params.id ?? ''
  const u = ref === 'me' ? ctx.store.findUser(TOKEN_OWNER) : ctx.store.findUser(ref)
  if (!u) throw oktaErrors.notFound(ref, 'User')
  return u
}

export function factorFromPath(ctx: Ctx, u: UserRec): FactorRec {
  const id = ctx.params.factorId ?? ''
  const f = ctx.store.factor(u.id, id)
  if (!f) throw oktaErrors.notFound(id, 'UserFactor')
  return f
}

/** Mutations on a user who is not ACTIVE fail as Okta fails them: 403 E0000038. */
export function requireActive(u: UserRec): void {
  if (u.status !== 'ACTIVE') throw oktaErrors.userStatus()
}

export function boolParam(ctx: Ctx, name: string, what: string): boolean {
  const v = ctx.query.get(name)
  if (v === null) return false
  if (v === 'true') return true
  if (v === 'false') return false
  throw oktaErrors.validation(what, `${name}: '${v}' is not a valid boolean`)
}

export function intParam(ctx: Ctx, name: string, what: string, min: number, max: number, dflt: number): number {
  const v = ctx.query.get(name)
  if (v === null) return dflt
  const n = Number(v)
  if (!/^\d+$/.test(v) || n < min || n > max) {
    throw oktaErrors.validation(what, `${name}: must be an integer between ${min} and ${max}`)
  }
  return n
}

/** The JSON body as an object ({} when absent); anything else is a validation error. */
export function bodyObject(ctx: Ctx, what: string): Record<string, unknown> {
  if (ctx.body === undefined || ctx.body === null) return {}
  if (typeof ctx.body !== 'object' || Array.isArray(ctx.body)) {
    throw oktaErrors.validation(what, 'The request body must be a JSON object')
  }
  return ctx.body as Record<string, unknown>
}

export function stringField(obj: Record<string, unknown>, name: string, what: string): string | undefined {
  const v = obj[name]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw oktaErrors.validation(what, `${name}: must be a string`)
  return v
}
