import { oktaErrors } from '../errors.js'
import { activationResult, pushResult } from '../push.js'
import type { UserRec } from '../state.js'
import { type Ctx, type Reply, bodyObject, ok, stringField } from './context.js'

// The sandbox's own endpoints (not Okta's), for `oktactl sandbox …` and tests. Same token.

function findUser(ctx: Ctx, ref: string): UserRec {
  const u = ctx.store.findUser(ref)
  if (!u) throw oktaErrors.notFound(ref, 'User')
  return u
}

/** GET /_sandbox/outbox[?user=id|login|shortname]: the codes "sent" by SMS, voice call and email, oldest first. */
export function getOutbox(ctx: Ctx): Reply {
  const ref = ctx.query.get('user')
  if (!ref) return ok(ctx.store.outbox)
  const u = findUser(ctx, ref)
  return ok(ctx.store.outbox.filter((e) => e.userId === u.id))
}

/**
 * POST /_sandbox/push `{user, answer: approve|reject}`: the user answers every push of theirs
 * still waiting — verifications and activations (an approved activation is a scanned QR code).
 * A user who always rejects (bob) rejects verifications whatever the answer. With `times: N`,
 * nothing waits: N pushes, each answered so, are written to the System Log over the last minutes.
 */
export function answerPush(ctx: Ctx): Reply {
  const what = 'sandboxPushAnswer'
  const body = bodyObject(ctx, what)
  const u = findUser(ctx, stringField(body, 'user', what) ?? '')
  const answer = stringField(body, 'answer', what)
  if (answer !== 'approve' && answer !== 'reject') throw oktaErrors.validation(what, "answer: must be 'approve' or 'reject'")
  if (body.times !== undefined) {
    // Push bombing, simulated: N pushes over the last minutes in the System Log, each answered so.
    const times = body.times
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 1000) throw oktaErrors.validation(what, 'times: must be a whole number from 1 to 1000')
    return ok({ user: u.id, answer, transactions: 0, activations: 0, simulated: ctx.log.bomb(u, times, answer) })
  }
  const now = ctx.now()
  let transactions = 0
  for (const t of ctx.store.transactionsOf(u.id)) {
    if (pushResult(t, now) !== 'WAITING') continue
    t.answer = u.rejectsPush ? 'reject' : answer
    transactions++
  }
  let activations = 0
  for (const f of ctx.store.factorsOf(u.id)) {
    if (!f.pushActivation || activationResult(f.pushActivation, now) !== 'WAITING') continue
    f.pushActivation.answer = answer
    activations++
  }
  return ok({ user: u.id, answer, transactions, activations })
}

/** POST /_sandbox/reset: back to the seed (same token, same generated users). */
export function resetSandbox(ctx: Ctx): Reply {
  ctx.reset()
  return ok({ users: ctx.store.userCount() })
}
