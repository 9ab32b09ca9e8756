import type { Command } from 'commander'
import { contextFor, type Services } from '../../context.js'
import type { DeleteEnrollmentFlags } from '../../helpdesk/authenticators.js'

/** `oktactl authenticators list|get|delete`: Identity Engine authenticator enrollments. */
export function defineAuthenticators(parent: Command, services: Services): void {
  const load = () => import('../../helpdesk/authenticators.js')
  parent
    .command('list')
    .alias('ls')
    .description("List a user's authenticator enrollments (GET /api/v1/users/{id}/authenticator-enrollments)")
    .argument('<user>', 'user id, login, email or login shortname')
    .addHelpText('after', '\nExamples:\n  $ oktactl authenticators list alice@example.com\n  $ oktactl authenticators list alice@example.com --json | jq -r \'.[].key\'')
    .action(async (user: string, _o: unknown, c: Command) => (await load()).listEnrollments(contextFor(c, services), user))
  parent
    .command('get')
    .description('Show one enrollment: an id, or a type or key the user has exactly one of (phone, okta_verify …)')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<enrollment>', 'enrollment id, type or key')
    .action(async (user: string, e: string, _o: unknown, c: Command) => (await load()).getEnrollment(contextFor(c, services), user, e))
  parent
    .command('delete')
    .aliases(['rm'])
    .description('Delete an enrollment; guarded and audited like factors delete')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<enrollment>', 'enrollment id, type or key the user has exactly one of')
    .option('--allow-admin', 'allow a user who holds admin roles (the login must then be typed to confirm)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
    .option('--dry-run', 'show what would be deleted; send nothing that changes anything')
    .addHelpText('after', '\nExamples:\n  $ oktactl authenticators delete bob@example.com phone --ticket INC-7\n  $ oktactl authenticators delete bob@example.com okta_verify --yes')
    .action(async (user: string, e: string, o: DeleteEnrollmentFlags, c: Command) => (await load()).deleteEnrollment(contextFor(c, services), user, e, o))
}
