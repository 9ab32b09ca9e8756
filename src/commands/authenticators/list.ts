import { contextFor, type Context, type Services } from '../../context.js'
import type { Noun } from '../verb.js'

/** The verb's argument, declared once (no flags of its own). */
const declare = (parent: Noun) =>
  parent
    .command('list')
    .alias('ls')
    .description("List a user's authenticator enrollments (GET /api/v1/users/{id}/authenticator-enrollments)")
    .argument('<user>', 'user id, login, email or login shortname')

/** What `authenticators list` was asked for: one user's enrollments. */
export interface ListEnrollmentsRequest {
  user: string
}

/** Pure: the operand → a request. */
export function parseListEnrollments(user: string): ListEnrollmentsRequest {
  return { user }
}

export async function runListEnrollments(req: ListEnrollmentsRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/authenticators.js')).listEnrollments(ctx, req.user)
}

export function defineList(parent: Noun, services: Services, run = runListEnrollments) {
  return declare(parent)
    .addHelpText('after', "\nExamples:\n  $ oktactl authenticators list alice@example.com\n  $ oktactl authenticators list alice@example.com --json | jq -r '.[].key'")
    .action(async (user, _o, c) => run(parseListEnrollments(user), contextFor(c, services)))
}
