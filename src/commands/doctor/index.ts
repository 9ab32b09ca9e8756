import type { Noun } from '../verb.js'
import { contextFor, type Context, type Services } from '../../context.js'

/** `oktactl doctor` is one command (created in program.ts), with no arguments or flags of its own. */
const declare = (noun: Noun) => noun

/** `oktactl doctor` takes nothing but the global options: it checks what they (and the environment) select. */
export type DoctorRequest = Record<string, never>

/** Pure: nothing to parse. */
export function parseDoctor(): DoctorRequest {
  return {}
}

/** The checks load only when it runs. */
export async function runDoctor(_req: DoctorRequest, ctx: Context): Promise<void> {
  return (await import('./run.js')).runDoctor(ctx)
}

/** `oktactl doctor`: registered here cheaply (the command itself is created in program.ts). */
export function defineDoctor(noun: Noun, services: Services, run = runDoctor) {
  return declare(noun)
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
    .action(async (_o, c) => run(parseDoctor(), contextFor(c, services)))
}
