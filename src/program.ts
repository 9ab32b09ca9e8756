import { Command, Option } from 'commander'
import type { Services } from './context.js'
import { registerAudit } from './commands/audit/index.js'
import { registerDoctor } from './commands/doctor/index.js'
import { registerFactors } from './commands/factors/index.js'
import { registerProfile } from './commands/profile/index.js'
import { registerSandbox } from './commands/sandbox/index.js'
import { VERSION } from './version.js'

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (also "no factors")
  1    API or network failure
  2    usage error (bad flags; a destructive command without --yes off a terminal)
  3    verification not successful (wrong code or answer, push rejected or timed out)
  4    authentication or permission (401, 403, missing credentials, read-only profile)
  5    not found (user, factor or transaction)
  6    rate limited after retries
  7    bulk run finished with failed rows
  130  cancelled (Ctrl-C or a declined confirmation)`

export const ENV_HELP = `
Environment:
  OKTACTL_PROFILE                       profile to use (like --profile)
  OKTA_CLIENT_ORGURL, OKTA_ORG_URL      org URL (e.g. https://dev-123.okta.com)
  OKTA_CLIENT_TOKEN, OKTA_API_TOKEN     SSWS API token
  OKTA_CLIENT_AUTHORIZATIONMODE         PrivateKey for an OAuth service app, with
    OKTA_CLIENT_CLIENTID, OKTA_CLIENT_PRIVATEKEY (PEM/JWK or a path),
    OKTA_CLIENT_KEYID, OKTA_CLIENT_SCOPES (space-separated)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY     proxy for every request, the token request included
  OKTACTL_NO_TOKEN_CACHE=1              do not cache OAuth access tokens (like --no-token-cache)
  OKTACTL_CONFIG_DIR                    where profiles are stored
  OKTACTL_STATE_DIR                     where state (the audit log, the token cache) is kept
  OKTACTL_AUDIT_LOG                     audit log file (like --audit-log)
  NO_COLOR                              disable colour

Credentials, most specific first: flags (--org, --profile), then OKTACTL_PROFILE, then
OKTA_CLIENT_* / OKTA_* variables, then the default profile, then ./okta.yaml and
~/.okta/okta.yaml. A token is only ever sent to the org it was configured with.`

/** The root command, its global options, and the nouns. */
export function buildProgram(services: Services): Command {
  const { io } = services
  const program = new Command('oktactl')
  program
    .description('Administer the MFA factors of Okta users.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-p, --profile <name>', 'stored org profile to use')
    .option('--org <url>', 'Okta org URL, e.g. https://dev-123.okta.com')
    .option('--json', 'print results as JSON (same as -o json)')
    .addOption(new Option('-o, --output <format>', 'table, tsv or json (default: table on a terminal, tsv when piped)'))
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--no-input', 'never prompt; fail instead of asking')
    .option('-y, --yes', 'answer yes to confirmations')
    .option('--debug', 'trace HTTP requests on stderr (secrets redacted) and show stack traces')
    .option('--timeout <seconds>', 'per-request timeout in seconds (default 30)')
    .option('--max-retries <n>', 'retries after a 429, and of GETs after network errors (default 2; 0 = none)')
    .option('--read-only', 'refuse every request that would change something')
    .option('--no-token-cache', 'do not read or write the OAuth access-token cache (also OKTACTL_NO_TOKEN_CACHE=1)')
    .option('--audit-log <file>', 'append audit entries to this file (default: <state dir>/audit.log; also OKTACTL_AUDIT_LOG)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText('after', `${EXIT_CODES_HELP}\n${ENV_HELP}\n\nExamples:\n  $ oktactl profile add prod --org https://acme.okta.com\n  $ oktactl factors list alice@example.com\n  $ oktactl factors enroll alice@example.com --type sms --phone +15551234567\n  $ oktactl factors delete alice@example.com sms --yes`)

  registerFactors(program, services)
  registerProfile(program, services)
  registerAudit(program, services)
  registerDoctor(program, services)
  registerSandbox(program, services)
  return program
}
