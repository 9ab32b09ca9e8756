import { addBulkOptions, parseBulkSettings, parseTarget, typedArgs, type BulkSettings } from '../../bulk/options.js'
import { contextFor, type Context, type Services } from '../../context.js'
import {
  addAfterOptions, addGuardOptions, addTacOptions, parseBulkRemoveFlags, parseGuardFlags, parseResetTypes,
  type BulkRemovePlan, type ResetPlan,
} from '../../helpdesk/options.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; ResetFlags is inferred from them. */
const declare = (parent: Noun) =>
  addBulkOptions(
    addTacOptions(
      addAfterOptions(
        addGuardOptions(
          parent
            .command('reset')
            .description("Reset a user's factors (lifecycle/reset_factors), or only some types; guarded for helpdesk use")
            .argument('[user]', 'user id, login, email or login shortname')
            .option('--types <list>', 'remove only these factor types, one DELETE each (e.g. sms,call)')
            .option('--remove-recovery', 'with --types sms/call: also remove the phone as a recovery method'),
        ),
      ),
    ),
  )
export type ResetFlags = FlagsOf<ReturnType<typeof declare>>

/** One user's reset: the plan the helpdesk flow runs (helpdesk/options.ts). */
export interface ResetOneRequest extends ResetPlan {
  kind: 'one'
}

/** Every user of a users file (or a group, a search…): the plan bulk/remove.ts runs, and where the users come from. */
export interface ResetBulkRequest {
  kind: 'bulk'
  plan: BulkRemovePlan
  settings: BulkSettings
  args: string[]
}

/** What `factors reset` was asked to do: one user (guarded), or every user of a users file. */
export type ResetRequest = ResetOneRequest | ResetBulkRequest

/**
 * Pure: flags and operands → a request, or a UsageError before anything is sent. Every check that
 * needs only the flags is made here, once; the run step checks what needs the terminal, the output
 * format, the profile (a required ticket), the users file or the org.
 */
export function parseReset(user: string | undefined, o: ResetFlags, args: string[] = []): ResetRequest {
  const target = parseTarget(user, o)
  if (target.kind === 'bulk') {
    const plan = parseBulkRemoveFlags('reset', o)
    return { kind: 'bulk', plan, settings: parseBulkSettings(target.source, o), args }
  }
  const { types, removeRecovery } = parseResetTypes(o)
  return { kind: 'one', user: target.user, types, removeRecovery, guard: parseGuardFlags(o) }
}

export async function runReset(req: ResetRequest, ctx: Context): Promise<void> {
  // The helpdesk and bulk code load only when a reset runs (--help stays cheap).
  if (req.kind === 'bulk') return (await import('../../bulk/remove.js')).bulkRemove('reset', req, ctx)
  return (await import('../../helpdesk/flow.js')).guardedReset(req, ctx)
}

export function defineReset(parent: Noun, services: Services, run = runReset) {
  return declare(parent)
    .addHelpText(
      'after',
      `
Shows the user (name, login, status, last login, admin roles) and the factors that will go, then
asks; off a terminal --yes is required. A user holding any admin role is refused unless
--allow-admin, and then the login must be typed to confirm (at a terminal --yes does not skip
that; off a terminal --allow-admin --yes). Prints the factors that were removed.

With --users-file, --group, --search, --filter or --all-users every user of it is reset (admins
skipped unless --allow-admin); without --yes, or a yes at a terminal, it only previews. Exit 7 if
any user failed.

--revoke-sessions then ends the user's sessions (an attacker signed in stays signed in
otherwise), --revoke-tokens their OAuth tokens too; --issue-tac then gives the user a temporary
access code, shown once at the terminal (or with --json --show-secret), recorded in the audit
log without the code. If a step after the reset fails, the reset stands and the error says so.

Exit status: 4 an admin refused; 3 the caller was not verified; 130 declined or login mistyped.

Examples:
  $ oktactl factors reset bob@example.com --ticket INC-1234 --verify-caller push
  $ oktactl factors reset bob@example.com --ticket INC-1234 --revoke-sessions --revoke-tokens --issue-tac
  $ oktactl factors reset bob@example.com --types sms,call --remove-recovery --yes
  $ oktactl factors reset --users-file leavers.csv --report reset.jsonl --yes
  $ oktactl factors reset --group Contractors --ticket CHG-88 --dry-run`,
    )
    .action(async (user, o, c) => run(parseReset(user, o, typedArgs(c)), contextFor(c, services)))
}
