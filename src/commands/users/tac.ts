import { contextFor, type Context, type Services } from '../../context.js'
import { parseTacTtl } from '../../helpdesk/tac-ttl.js'
import type { TacRequest } from '../../helpdesk/users.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's argument and flags, declared once; TacCommandFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('tac')
    .description('Issue a temporary access code so a user who lost every factor can sign in once and enroll again (Identity Engine)')
    .argument('<user>', 'user id, login, email or login shortname')
    .option('--ttl <minutes>', "how long the code is valid, 10 to 14400 minutes (default: the org's setting)")
    .option('--multi-use', 'the code may be used more than once while it is valid')
    .option('--show-secret', 'with --json: print the code (for a script that hands it on); otherwise it is redacted')
    .option('--allow-admin', 'allow a user who holds admin roles (the login must then be typed to confirm)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
export type TacCommandFlags = FlagsOf<ReturnType<typeof declare>>

/**
 * Pure: operands and flags → a request, or a UsageError for a --ttl outside Okta's range. Where
 * the code may be shown depends on the output (--json, a terminal) and is checked when it runs.
 */
export function parseTac(user: string, o: TacCommandFlags): TacRequest {
  return {
    user,
    tac: { ttlMinutes: parseTacTtl(o.ttl, '--ttl'), multiUse: Boolean(o.multiUse), showSecret: Boolean(o.showSecret) },
    allowAdmin: Boolean(o.allowAdmin),
    ticket: o.ticket,
  }
}

export async function runTac(req: TacRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/users.js')).guardedTac(req, ctx)
}

export function defineTac(parent: Noun, services: Services, run = runTac) {
  return declare(parent)
    .addHelpText(
      'after',
      `
POST /api/v1/users/{id}/authenticator-enrollments/tac with the org's Temporary Access Code
authenticator (Limited GA; the admin needs okta.users.credentials.manageTemporaryAccessCode). A
new code replaces the user's earlier one. The code is shown once, on a terminal only: never in
--debug, the audit log (which records that a code was issued, its expiry and single/multi use)
or error messages; --json redacts it unless --show-secret. An admin is refused unless
--allow-admin: a TAC signs in without any other factor.

Examples:
  $ oktactl users tac bob@example.com --ttl 60 --ticket INC-1234
  $ oktactl users tac bob@example.com --json --show-secret --yes | jq -r .tac`,
    )
    .action(async (user, o, c) => run(parseTac(user, o), contextFor(c, services)))
}
