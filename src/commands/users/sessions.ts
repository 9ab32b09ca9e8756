import { contextFor, type Context, type Services } from '../../context.js'
import type { SessionsRequest } from '../../helpdesk/users.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The noun `users sessions` and its verb `revoke`, with the verb's argument and flags declared once. */
const declare = (parent: Noun) =>
  parent
    .command('sessions')
    .description("A user's sign-in sessions")
    .command('revoke')
    .description("End every session of a user (DELETE /api/v1/users/{id}/sessions); guarded and audited")
    .argument('<user>', 'user id, login, email or login shortname')
    .option('--revoke-tokens', 'also revoke their OAuth access and refresh tokens (oauthTokens=true)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
export type RevokeSessionsFlags = FlagsOf<ReturnType<typeof declare>>

/** Pure: operands and flags → a request. */
export function parseRevokeSessions(user: string, o: RevokeSessionsFlags): SessionsRequest {
  return { user, revokeTokens: Boolean(o.revokeTokens), ticket: o.ticket }
}

export async function runRevokeSessions(req: SessionsRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/users.js')).guardedRevokeSessions(req, ctx)
}

export function defineSessions(parent: Noun, services: Services, run = runRevokeSessions) {
  return declare(parent)
    .addHelpText(
      'after',
      `
Shows the user and their admin roles, then asks; off a terminal --yes is required. An admin is
not refused (ending a compromised admin's sessions is incident response), but at a terminal the
login must be typed to confirm. Audited: intent, then the outcome with X-Okta-Request-Id.

Examples:
  $ oktactl users sessions revoke bob@example.com --ticket INC-1234
  $ oktactl users sessions revoke 00u1abcdEFGH2345ijk6 --revoke-tokens --yes`,
    )
    .action(async (user, o, c) => run(parseRevokeSessions(user, o), contextFor(c, services)))
}
