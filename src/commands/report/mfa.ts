import { addSourceOptions, parseBulkFlags, typedArgs } from '../../bulk/options.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import type { MfaReportRequest } from '../../report/mfa.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's flags (its own, then where the users come from), declared once; MfaFlags is inferred from them. */
const declare = (parent: Noun) =>
  addSourceOptions(
    parent
      .command('mfa')
      .description("Report the MFA posture of a group, a search or the whole org (read-only)")
      .option('--html <file>', 'also write a self-contained HTML report (charts, action lists, a sortable table)')
      .option('--csv <file>', 'also write one CSV row per user, with a header')
      .option('--with-roles', "include each user's admin roles (needs okta.roles.read)"),
  )
export type MfaFlags = FlagsOf<ReturnType<typeof declare>>

/** Pure: flags → a request, or a UsageError before anything is read: exactly one source of users, and file names for --html and --csv. */
export function parseMfa(o: MfaFlags, args: string[] = []): MfaReportRequest {
  const settings = parseBulkFlags(o, 'Give the users to report on: --group, --search, --filter, --all-users or --users-file.')
  for (const f of [o.html, o.csv]) if (f !== undefined && !f.trim()) throw new UsageError('--html and --csv need a file name.')
  return { settings, html: o.html, csv: o.csv, withRoles: Boolean(o.withRoles), args }
}

export async function runMfa(req: MfaReportRequest, ctx: Context): Promise<void> {
  return (await import('../../report/mfa.js')).runMfaReport(req, ctx)
}

export function defineMfa(parent: Noun, services: Services, run = runMfa) {
  return declare(parent)
    .addHelpText(
      'after',
      `
Per user: login, status, the class of their best ACTIVE factor, the ACTIVE and pending factor
types, the newest enrollment, and (--with-roles) admin roles. Classes:
  phishing-resistant  webauthn, u2f, Okta FastPass (signed_nonce)
  strong              push, TOTP (token:software:totp), token:hotp, token:hardware, token
  phishable-only      sms, call, email, question (and any type oktactl does not know)
  none                no ACTIVE factor
On a terminal a summary follows the table (counts, percentages, the lists that need action).
It changes nothing: it works on a --read-only profile and with only okta.users.read (plus
okta.groups.read for --group, okta.roles.read for --with-roles). Files are written atomically,
mode 0600. Exit 7 if some users could not be read (the others are still reported).

Examples:
  $ oktactl report mfa --group Engineering
  $ oktactl report mfa --all-users --with-roles --html mfa.html --csv mfa.csv
  $ oktactl report mfa --search 'profile.department eq "Sales"' --json | jq '.summary.byClass'
  $ oktactl report mfa --all-users --with-roles --json | jq -r '.summary.actions.adminsWithoutPhishingResistant[]'`,
    )
    .action(async (o, c) => run(parseMfa(o, typedArgs(c)), contextFor(c, services)))
}
