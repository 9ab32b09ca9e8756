import { addBulkOptions, parseBulkSettings, parseTarget, typedArgs, type BulkSettings } from '../../bulk/options.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import {
  addAfterOptions, addGuardOptions, parseBulkRemoveFlags, parseDeleteRecovery, parseFactorType, parseGuardFlags,
  type BulkRemovePlan, type DeletePlan,
} from '../../helpdesk/options.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; DeleteFlags is inferred from them. */
const declare = (parent: Noun) =>
  addBulkOptions(
    addAfterOptions(
      addGuardOptions(
        parent
          .command('delete')
          .aliases(['unenroll', 'rm'])
          .description('Delete (unenroll) a factor so the user can enroll again; guarded for helpdesk use (aliases: unenroll, rm)')
          .argument('[user]', 'user id, login, email or login shortname')
          .argument('[factor]', 'factor id, or a factor type the user has exactly one of')
          .option('--type <factorType>', 'the factor type to delete (for many users: every factor of this type)')
          .option('--remove-recovery', 'sms/call: also remove the phone as a recovery method (removeRecoveryEnrollment)'),
      ),
    ),
  )
export type DeleteFlags = FlagsOf<ReturnType<typeof declare>>

/** One user's delete: the plan the helpdesk flow runs (helpdesk/options.ts). */
export interface DeleteOneRequest extends DeletePlan {
  kind: 'one'
}

/** A factor type for every user of a users file (or a group, a search…): the plan bulk/remove.ts runs, and where the users come from. */
export interface DeleteBulkRequest {
  kind: 'bulk'
  plan: BulkRemovePlan
  settings: BulkSettings
  args: string[]
}

/** What `factors delete` was asked to do: one user's factor, or a factor type for every user of a file. */
export type DeleteRequest = DeleteOneRequest | DeleteBulkRequest

/**
 * Pure: flags and operands → a request, or a UsageError before anything is sent. Every check that
 * needs only the flags is made here, once; the run step checks what needs the terminal, the
 * profile (a required ticket), the users file or the factor itself (one named by id).
 */
export function parseDelete(user: string | undefined, factorArg: string | undefined, o: DeleteFlags, args: string[] = []): DeleteRequest {
  // commander fills the operands in order, so a factor operand comes with a user operand, which a
  // source of many users refuses here ("Give either <user> or …, not both").
  const target = parseTarget(user, o)
  if (target.kind === 'bulk') {
    const plan = parseBulkRemoveFlags('delete', o)
    return { kind: 'bulk', plan, settings: parseBulkSettings(target.source, o), args }
  }
  if (factorArg !== undefined && o.type !== undefined) throw new UsageError('Give the factor as an argument or with --type, not both.')
  // --type names a factor type, as for many users (kept as typed: resolved against the org); an operand may also be an id.
  if (o.type !== undefined) parseFactorType(o.type, '--type')
  const factor = factorArg ?? o.type
  if (factor === undefined) throw new UsageError('Give the factor: an id, or a type the user has exactly one of (e.g. sms).')
  const guard = parseGuardFlags(o)
  // A factor named by its type is checked now; one named by id once Okta has answered (the flow).
  const removeRecovery = parseDeleteRecovery(factor, o.removeRecovery)
  return { kind: 'one', user: target.user, factor, removeRecovery, guard }
}

export async function runDelete(req: DeleteRequest, ctx: Context): Promise<void> {
  // The helpdesk and bulk code load only when a delete runs (--help stays cheap).
  if (req.kind === 'bulk') return (await import('../../bulk/remove.js')).bulkRemove('delete', req, ctx)
  return (await import('../../helpdesk/flow.js')).guardedDelete(req, ctx)
}

export function defineDelete(parent: Noun, services: Services, run = runDelete) {
  return declare(parent)
    .addHelpText(
      'after',
      `
Shows the user and the factor, then asks at a terminal; elsewhere --yes is required (exit 2
without it, nothing sent). Admins are refused unless --allow-admin (then type the login).
Prints the deleted factor. Exit status: 4 an admin refused; 3 the caller was not verified.

Examples:
  $ oktactl factors delete alice@example.com sms
  $ oktactl factors rm alice@example.com mbl1nz9JHJGHWRKMTLHP --yes --json
  $ oktactl factors delete --users-file users.txt --type sms --remove-recovery --yes
  $ oktactl factors delete --group Contractors --type sms --dry-run`,
    )
    .action(async (user, factor, o, c) => run(parseDelete(user, factor, o, typedArgs(c)), contextFor(c, services)))
}
