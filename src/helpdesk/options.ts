import type { Command, OptionValues } from '@commander-js/extra-typings'
import { DEFAULT_WAIT_SECONDS } from '../factors/wait.js'

/** The helpdesk guard flags shared by `factors reset` and `factors delete`. */
export function addGuardOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--allow-admin', 'allow a user who holds admin roles (the login must then be typed to confirm)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
    .option('--verify-caller <method>', 'first prove the caller owns the account: push (number matching), sms, email or totp')
    .option('--wait-timeout <seconds>', `how long --verify-caller push waits for an answer (default ${DEFAULT_WAIT_SECONDS})`)
    .option('--dry-run', 'show what would be removed; send nothing that changes anything')
    .option('--no-activity', "do not read the user's last 24 hours of MFA activity from the System Log")
    .option('--warn-denied-pushes <n>', 'warn of an attack at this many denied pushes in 24 h (default 3)')
    .option('--warn-unanswered-pushes <n>', 'warn of an attack at this many pushes sent and not answered (default 5)')
    .option('--warn-reset-within <span>', 'warn when factors were already removed this recently, e.g. 30m, 2h (default 1h)')
}

/** What follows a reset or delete: the user's sessions ended. */
export function addAfterOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--revoke-sessions', "then end the user's sessions (DELETE /api/v1/users/{id}/sessions)")
    .option('--revoke-tokens', 'with --revoke-sessions: also revoke their OAuth access and refresh tokens (oauthTokens=true)')
}

/** What follows a reset only: a temporary access code, so the user can sign in once and enroll again. */
export function addTacOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--issue-tac', 'then issue a temporary access code, so the user can sign in once and enroll again (Identity Engine)')
    .option('--tac-ttl <minutes>', 'with --issue-tac: how long the code is valid, 10 to 14400 minutes (default: the org\'s)')
    .option('--tac-multi-use', 'with --issue-tac: the code may be used more than once while valid')
    .option('--show-secret', 'with --json: print the code (for a script that hands it on); otherwise it is redacted')
}
