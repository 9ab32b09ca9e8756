import { oktaErrors } from '../errors.js'
import { oktaId } from '../ids.js'
import { type Link, iso, link, userView } from '../render.js'
import type { FactorRec, YubikeyTokenRec } from '../state.js'
import { type Ctx, type Reply, boolParam, bodyObject, intParam, ok, stringField } from './context.js'
import { page, predicate } from './lists.js'

// The org's YubiKey OTP inventory: seeds uploaded by an admin, listed and read back. A token is
// ACTIVE (assigned) while some user has an ACTIVE token:hardware (YUBICO) factor whose
// credentialId is the token's public id, UNASSIGNED otherwise. Enrolling a YubiKey does not
// require its seed here (the sandbox checks no OTP cryptographically).

export const TOKENS_PATH = '/api/v1/org/factors/yubikey_token/tokens'
const WHAT = 'uploadYubikeyOtpTokenSeedRequest'
const MODHEX12 = /^[cbdefghijklnrtuv]{12}$/
const HEX12 = /^[0-9a-fA-F]{12}$/
const HEX32 = /^[0-9a-fA-F]{32}$/
const MAX_LIMIT = 200
const SORTABLE = ['profile.email', 'profile.serial', 'activated', 'user.id', 'created', 'status', 'lastVerified'] as const

/** The YubiKey factor of each public id, over every user. */
function assignments(ctx: Ctx): Map<string, FactorRec> {
  const out = new Map<string, FactorRec>()
  for (const u of ctx.store.allUsers()) {
    for (const f of ctx.store.factorsOf(u.id)) {
      if (f.factorType === 'token:hardware' && f.provider === 'YUBICO' && f.status === 'ACTIVE' && f.profile.credentialId) out.set(f.profile.credentialId, f)
    }
  }
  return out
}

function tokenView(t: YubikeyTokenRec, ctx: Ctx, factor: FactorRec | undefined, expandUser: boolean) {
  const self = `${ctx.urls.base}${TOKENS_PATH}/${t.id}`
  const links: Record<string, Link> = { self: link(self, 'GET') }
  const user = factor ? ctx.store.userById(factor.userId) : undefined
  if (factor) {
    links.user = link(ctx.urls.user(factor.userId), 'GET')
    links.deactivate = link(ctx.urls.factor(factor), 'DELETE')
  }
  return {
    id: t.id,
    created: t.created,
    ...(factor ? { activated: factor.created } : {}),
    lastVerified: factor ? factor.lastUpdated : t.created,
    lastUpdated: factor && factor.lastUpdated > t.lastUpdated ? factor.lastUpdated : t.lastUpdated,
    status: factor ? 'ACTIVE' : 'UNASSIGNED',
    profile: { serial: t.serial, ...(user ? { email: user.profile.email } : {}) },
    _links: links,
    ...(expandUser && user ? { _embedded: { user: userView(user, ctx.urls, ctx.store.factorsOf(user.id).length) } } : {}),
  }
}

type TokenView = ReturnType<typeof tokenView>

/** The fields `filter` and `sortBy` see. */
const subject = (v: TokenView, userId: string | undefined): Record<string, unknown> => ({ ...v, user: { id: userId } })

/**
 * GET /api/v1/org/factors/yubikey_token/tokens[?limit&after&filter&sortBy&sortOrder&expand=user]:
 * oldest upload first (or by `sortBy`), 20 a page (at most 200). `forDownload` (a CSV) is not modelled.
 */
export function listYubikeyOtpTokens(ctx: Ctx): Reply {
  if (boolParam(ctx, 'forDownload', 'listYubikeyOtpTokens')) {
    throw oktaErrors.validation('listYubikeyOtpTokens', 'forDownload: the sandbox does not produce the CSV download')
  }
  const limit = Math.min(intParam(ctx, 'limit', 'limit', 1, 10_000, 20), MAX_LIMIT)
  const expand = ctx.query.get('expand')
  if (expand !== null && expand !== 'user') throw oktaErrors.validation('listYubikeyOtpTokens', `expand: '${expand}' is not supported; use user`)
  const sortBy = ctx.query.get('sortBy')
  if (sortBy !== null && !(SORTABLE as readonly string[]).includes(sortBy)) {
    throw oktaErrors.validation('listYubikeyOtpTokens', `sortBy: must be one of ${SORTABLE.join(', ')}`)
  }
  const sortOrder = ctx.query.get('sortOrder') ?? 'ASC'
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') throw oktaErrors.validation('listYubikeyOtpTokens', 'sortOrder: must be ASC or DESC')
  const assigned = assignments(ctx)
  let rows = ctx.store.yubikeyTokens.map((t) => {
    const f = assigned.get(t.publicId)
    const view = tokenView(t, ctx, f, expand === 'user')
    return { view, s: subject(view, f?.userId) }
  })
  const filter = ctx.query.get('filter')
  if (filter !== null) {
    const test = predicate(filter, 'search')
    rows = rows.filter((r) => test(r.s))
  }
  if (sortBy !== null) {
    const key = (r: (typeof rows)[number]) => {
      const v = sortBy.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r.s)
      return typeof v === 'string' ? v : ''
    }
    rows = [...rows].sort((a, b) => key(a).localeCompare(key(b)))
  }
  if (sortOrder === 'DESC') rows = [...rows].reverse()
  const p = page(ctx, TOKENS_PATH, rows.map((r) => r.view), limit)
  return { status: 200, body: p.items, headers: { Link: p.link } }
}

/** GET /api/v1/org/factors/yubikey_token/tokens/{tokenId} */
export function getYubikeyOtpTokenById(ctx: Ctx): Reply {
  const id = ctx.params.tokenId ?? ''
  const t = ctx.store.yubikeyTokens.find((x) => x.id === id)
  if (!t) throw oktaErrors.notFound(id, 'YubikeyToken')
  return ok(tokenView(t, ctx, assignments(ctx).get(t.publicId), ctx.query.get('expand') === 'user'))
}

/**
 * POST /api/v1/org/factors/yubikey_token/tokens `{serialNumber, publicId, privateId, aesKey}`:
 * the new token, UNASSIGNED (or ACTIVE if a user already enrolled that key). The serial is shown
 * zero-padded to 12 digits; a serial or public id uploaded before is 400 E0000001.
 */
export function uploadYubikeyOtpTokenSeed(ctx: Ctx): Reply {
  if (ctx.body === undefined) throw oktaErrors.validation(WHAT, 'The request body is required')
  const b = bodyObject(ctx, WHAT)
  const field = (name: string, pattern: RegExp, what: string) => {
    const v = stringField(b, name, WHAT)
    if (!v) throw oktaErrors.validation(WHAT, `${name}: The field cannot be left blank`)
    if (!pattern.test(v)) throw oktaErrors.validation(WHAT, `${name}: must be ${what}`)
    return v
  }
  const serialNumber = field('serialNumber', /^\d{1,12}$/, 'up to 12 digits')
  const publicId = field('publicId', MODHEX12, '12 modhex characters')
  field('privateId', HEX12, '12 hexadecimal characters')
  field('aesKey', HEX32, '32 hexadecimal characters')
  const serial = serialNumber.padStart(12, '0')
  if (ctx.store.yubikeyTokens.some((t) => t.serial === serial || t.publicId === publicId)) {
    throw oktaErrors.validation(WHAT, 'A YubiKey with this serial number or public id has already been uploaded.')
  }
  const now = iso(ctx.now())
  const t: YubikeyTokenRec = { id: oktaId('ykk'), serial, publicId, created: now, lastUpdated: now }
  ctx.store.yubikeyTokens.push(t)
  return ok(tokenView(t, ctx, assignments(ctx).get(publicId), false))
}
