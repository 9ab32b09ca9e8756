import { contextFor, type Context, type Services } from '../../context.js'
import type { Noun } from '../verb.js'

/** The verb's arguments, declared once (no flags of its own). */
const declare = (parent: Noun) =>
  parent
    .command('get')
    .description('Show one enrollment: an id, or a type or key the user has exactly one of (phone, okta_verify …)')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<enrollment>', 'enrollment id, type or key')

/** What `authenticators get` was asked for: one enrollment of one user. */
export interface GetEnrollmentRequest {
  user: string
  enrollment: string
}

/** Pure: the operands → a request. */
export function parseGetEnrollment(user: string, enrollment: string): GetEnrollmentRequest {
  return { user, enrollment }
}

export async function runGetEnrollment(req: GetEnrollmentRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/authenticators.js')).getEnrollment(ctx, req.user, req.enrollment)
}

export function defineGet(parent: Noun, services: Services, run = runGetEnrollment) {
  return declare(parent).action(async (user, e, _o, c) => run(parseGetEnrollment(user, e), contextFor(c, services)))
}
