import { createHash } from 'node:crypto'
import { roleView, userView } from '../render.js'
import { type Ctx, type Reply, ok, requireActive, userFromPath, userFromPathId } from './context.js'

/** GET /api/v1/users/{id|login|shortname|me} */
export function getUser(ctx: Ctx): Reply {
  const u = userFromPathId(ctx)
  const body = userView(u, ctx.urls, ctx.store.factorsOf(u.id).length)
  const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 16)}"`
  return { status: 200, body, headers: { ETag: etag } }
}

/** GET /api/v1/users/{userId}/roles */
export function listRoles(ctx: Ctx): Reply {
  const u = userFromPath(ctx)
  return ok(u.roles.map((r) => roleView(r, ctx.urls, u.id)))
}

/** POST /api/v1/users/{id}/lifecycle/reset_factors: unenrolls every factor; 200, empty body. */
export function resetFactors(ctx: Ctx): Reply {
  const u = userFromPathId(ctx)
  requireActive(u)
  for (const f of [...ctx.store.factorsOf(u.id)]) ctx.store.removeFactor(f)
  return { status: 200 }
}
