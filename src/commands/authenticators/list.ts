import type { Command } from 'commander'
import { contextFor, type Context, type Services } from '../../context.js'

export interface ListEnrollmentsRequest {
  user: string
}

export const parseListEnrollments = (user: string): ListEnrollmentsRequest => ({ user })

export async function runListEnrollments(req: ListEnrollmentsRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/authenticators.js')).listEnrollments(ctx, req.user)
}

export function defineList(parent: Command, services: Services, run = runListEnrollments): Command {
  return parent
    .command('list')
    .alias('ls')
    .description("List a user's authenticator enrollments (GET /api/v1/users/{id}/authenticator-enrollments)")
    .argument('<user>', 'user id, login, email or login shortname')
    .addHelpText('after', "\nExamples:\n  $ oktactl authenticators list alice@example.com\n  $ oktactl authenticators list alice@example.com --json | jq -r '.[].key'")
    .action(async (user: string, _o: unknown, c: Command) => run(parseListEnrollments(user), contextFor(c, services)))
}
