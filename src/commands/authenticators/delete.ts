import { contextFor, type Context, type Services } from '../../context.js'
import type { DeleteEnrollmentRequest } from '../../helpdesk/authenticators.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; DeleteEnrollmentCommandFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('delete')
    .aliases(['rm'])
    .description('Delete an enrollment; guarded and audited like factors delete')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<enrollment>', 'enrollment id, type or key the user has exactly one of')
    .option('--allow-admin', 'allow a user who holds admin roles (the login must then be typed to confirm)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
    .option('--dry-run', 'show what would be deleted; send nothing that changes anything')
export type DeleteEnrollmentCommandFlags = FlagsOf<ReturnType<typeof declare>>

/** Pure: operands and flags → a request. */
export function parseDeleteEnrollment(user: string, enrollment: string, o: DeleteEnrollmentCommandFlags): DeleteEnrollmentRequest {
  return { user, enrollment, allowAdmin: Boolean(o.allowAdmin), ticket: o.ticket, dryRun: Boolean(o.dryRun) }
}

export async function runDeleteEnrollment(req: DeleteEnrollmentRequest, ctx: Context): Promise<void> {
  return (await import('../../helpdesk/authenticators.js')).deleteEnrollment(ctx, req)
}

export function defineDelete(parent: Noun, services: Services, run = runDeleteEnrollment) {
  return declare(parent)
    .addHelpText('after', '\nExamples:\n  $ oktactl authenticators delete bob@example.com phone --ticket INC-7\n  $ oktactl authenticators delete bob@example.com okta_verify --yes')
    .action(async (user, e, o, c) => run(parseDeleteEnrollment(user, e, o), contextFor(c, services)))
}
