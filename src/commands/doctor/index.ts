import type { Command } from 'commander'
import { untyped, type Noun } from '../verb.js'
import { contextFor, type Services } from '../../context.js'

/** `oktactl doctor`: registered here cheaply; the checks load only when it runs. */
/** `oktactl doctor` (the command itself is created in program.ts). */
export function defineDoctor(noun: Noun, services: Services): Command {
  const doctor = untyped(noun)
  return doctor
    .addHelpText(
      'after',
      `
Prints one line per check with a verdict (ok, warn, fail, skip) on stdout; --json prints
{ ok, exitCode, orgUrl, checks: [{ id, title, verdict, detail, hint? }] }.
Only GET requests are sent. OAuth profiles always get a fresh token here (the token cache is
neither read nor written), so the key and the app are really tested.

Exit codes: 0 when nothing failed (warnings allowed); 4 when no credentials are configured
or the credentials, the key or the scopes failed; 1 when anything else failed (an unreadable
okta.yaml, the network or proxy, clock skew).

Examples:
  $ oktactl doctor
  $ oktactl doctor --profile prod --json | jq '.checks[] | select(.verdict != "ok")'`,
    )
    .action(async (_o: unknown, cmd: Command) => {
      const { runDoctor } = await import('./run.js')
      return runDoctor(contextFor(cmd, services))
    })
}
