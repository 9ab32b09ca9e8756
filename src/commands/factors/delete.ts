import { addBulkOptions, parseBulkFlags, parseTarget, typedArgs } from '../../bulk/options.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { factorTypeOf } from '../../factors/resolve.js'
import { addAfterOptions, addGuardOptions, parseBulkRemoveFlags, parseGuardFlags, type GuardPlan } from '../../helpdesk/options.js'
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

/** One user's delete: the factor as given, the checked flags, and the flags as given (the helpdesk flow reads those). */
export interface DeleteOneRequest {
  kind: 'one'
  user: string
  /** A factor id, or a factor type (or alias) the user has exactly one of: resolved against the org. */
  factor: string
  removeRecovery: boolean
  guard: GuardPlan
  flags: DeleteFlags
}

/** What `factors delete` was asked to do: one user's factor, or a factor type for every user of a file. */
export type DeleteRequest = DeleteOneRequest | { kind: 'bulk'; flags: DeleteFlags; args: string[] }

/**
 * Pure: flags and operands → a request, or a UsageError before anything is sent. Every check that
 * needs only the flags is made here; the helpdesk flow and the bulk run make them again, with those
 * that need the terminal, the profile (a required ticket), the users file or the factor itself.
 */
export function parseDelete(user: string | undefined, factorArg: string | undefined, o: DeleteFlags, args: string[] = []): DeleteRequest {
  const target = parseTarget(user, o)
  if (target.kind === 'bulk') {
    if (factorArg !== undefined) throw new UsageError('For many users, name the factor type with --type, not as an argument.')
    parseBulkRemoveFlags('delete', o)
    parseBulkFlags(o)
    return { kind: 'bulk', flags: o, args }
  }
  if (factorArg !== undefined && o.type !== undefined) throw new UsageError('Give the factor as an argument or with --type, not both.')
  const factor = factorArg ?? o.type
  if (factor === undefined) throw new UsageError('Give the factor: an id, or a type the user has exactly one of (e.g. sms).')
  const guard = parseGuardFlags(o)
  // A factor named by its type is known now; one named by id only once Okta has answered (the flow checks it then).
  const type = factorTypeOf(factor)
  if (o.removeRecovery && type !== undefined && type !== 'sms' && type !== 'call') {
    throw new UsageError('--remove-recovery applies to sms and call factors only.')
  }
  return { kind: 'one', user: target.user, factor, removeRecovery: Boolean(o.removeRecovery), guard, flags: o }
}

export async function runDelete(req: DeleteRequest, ctx: Context): Promise<void> {
  // The helpdesk and bulk code load only when a delete runs (--help stays cheap).
  if (req.kind === 'bulk') return (await import('../../bulk/remove.js')).bulkRemove('delete', req.flags, ctx, req.args)
  return (await import('../../helpdesk/flow.js')).guardedDelete(req.user, req.factor, req.flags, ctx)
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
