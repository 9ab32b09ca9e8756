import type { Command } from 'commander'
import { DEFAULT_WAIT_SECONDS } from '../factors/wait.js'

/** The helpdesk guard flags shared by `factors reset` and `factors delete`. */
export function addGuardOptions(cmd: Command): Command {
  return cmd
    .option('--allow-admin', 'allow a user who holds admin roles (the login must then be typed to confirm)')
    .option('--ticket <id>', 'support ticket for the audit log (required when the profile sets requireTicket)')
    .option('--verify-caller <method>', 'first prove the caller owns the account: push (number matching), sms, email or totp')
    .option('--wait-timeout <seconds>', `how long --verify-caller push waits for an answer (default ${DEFAULT_WAIT_SECONDS})`)
    .option('--dry-run', 'show what would be removed; send nothing that changes anything')
}
