// The floor under `oktactl --help`: commander alone, bundled as oktactl's entry is, building a
// root command of the same size (14 global options, 10 nouns with aliases, the exit-code and
// environment text after) and printing its help. bench/startup.mjs runs it beside oktactl to
// show how much of --help is commander's and how much is ours.
import { Command } from 'commander'

const program = new Command('oktactl')
  .description('Administer the MFA factors of Okta users.')
  .version('0.1.0', '-V, --version', 'print the version')
  .helpOption('-h, --help', 'show help')
for (const [flags, text] of [
  ['-p, --profile <name>', 'stored org profile to use'],
  ['--org <url>', 'Okta org URL, e.g. https://dev-123.okta.com'],
  ['--json', 'print results as JSON (same as -o json)'],
  ['-o, --output <format>', 'table, tsv or json (default: table on a terminal, tsv when piped)'],
  ['--no-color', 'disable colour (also NO_COLOR)'],
  ['--no-input', 'never prompt; fail instead of asking'],
  ['-y, --yes', 'answer yes to confirmations'],
  ['--debug', 'trace HTTP requests on stderr (secrets redacted) and show stack traces'],
  ['--timeout <seconds>', 'per-request timeout in seconds (default 30)'],
  ['--max-retries <n>', 'retries after a 429, and of GETs after network errors (default 2; 0 = none)'],
  ['--read-only', 'refuse every request that would change something'],
  ['--no-token-cache', 'do not read or write the OAuth access-token cache (also OKTACTL_NO_TOKEN_CACHE=1)'],
  ['--audit-log <file>', 'append audit entries to this file (default: <state dir>/audit.log; also OKTACTL_AUDIT_LOG)'],
]) program.option(flags, text)
for (const [name, aliases, text] of [
  ['factors', ['factor'], "List, enroll, activate, verify and remove users' MFA factors"],
  ['authenticators', ['authenticator'], "List, show and delete users' Identity Engine authenticator enrollments"],
  ['users', ['user'], "End a user's sessions, or issue a temporary access code"],
  ['report', ['reports'], 'Report the MFA posture of a group, a search or the whole org (read-only)'],
  ['profile', ['profiles'], 'Manage stored org profiles'],
  ['audit', [], 'Show the local audit log of changes made with oktactl'],
  ['doctor', [], 'Check the configuration, network, credentials, scopes and clock against the org'],
  ['completion', [], 'Print a shell completion script (bash, zsh, fish)'],
  ['version', [], 'Print the versions of oktactl and Node.js, and the platform (for bug reports)'],
  ['sandbox', [], 'Run a local stand-in Okta org to try oktactl on (start, reset, outbox, push)'],
]) program.command(name).aliases(aliases).description(text)
program.addHelpText('after', `
Exit codes:
${['0    success', '1    API or network failure', '2    usage error', '3    verification not successful', '4    authentication or permission', '5    not found', '6    rate limited after retries', '7    bulk run finished with failed rows', '130  cancelled', '129, 143  bulk run stopped by SIGHUP or SIGTERM', '141  bulk run stopped: its stdout was closed'].map((l) => `  ${l}`).join('\n')}

Environment:
${['OKTACTL_PROFILE', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN', 'OKTA_CLIENT_AUTHORIZATIONMODE', 'HTTPS_PROXY', 'OKTACTL_CONFIG_DIR', 'OKTACTL_STATE_DIR', 'OKTACTL_AUDIT_LOG', 'NO_COLOR'].map((v) => `  ${v.padEnd(38)}see the README`).join('\n')}`)
program.exitOverride()
try {
  program.parse(['--help'], { from: 'user' })
} catch {
  // commander signals that help was shown by throwing (exitOverride)
}
