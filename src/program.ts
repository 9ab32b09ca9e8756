import { Command, Option } from 'commander'
import type { Services } from './context.js'
import { VERSION } from './version.js'
import { forTerminal } from './output/visible.js'
import { helpLayout, reflow } from './output/help.js'
import type { Noun } from './commands/verb.js'

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
  130  cancelled (Ctrl-C or a declined confirmation)
  129, 143  bulk run stopped by SIGHUP or SIGTERM (in-flight users finished and recorded)
  141  bulk run stopped: its stdout was closed`

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

/** A noun's definition; given the word after it, it may define only that verb (commands/verb.ts, nounOf). */
type Define = (cmd: Noun, services: Services, verb?: string) => unknown
/** A one-verb noun (audit, doctor…): its definition's third parameter is its run step, never argv. */
const one = (define: (cmd: Noun, services: Services) => unknown): Define => (cmd, services) => define(cmd, services)

/**
 * The top-level commands. Each noun's code is loaded only when argv names it: `oktactl --help`
 * then loads commander and this file, and nothing else (measured: 1.46x -> ~1.15x node -e 0).
 */
const NOUNS: Array<{ name: string; aliases: string[]; summary: string; load: () => Promise<Define> }> = [
  {
    name: 'factors',
    aliases: ['factor'],
    summary: "List, enroll, activate, verify and remove users' MFA factors",
    load: async () => (await import('./commands/factors/index.js')).defineFactors,
  },
  {
    name: 'authenticators',
    aliases: ['authenticator'],
    summary: "List, show and delete users' Identity Engine authenticator enrollments",
    load: async () => (await import('./commands/authenticators/index.js')).defineAuthenticators,
  },
  {
    name: 'users',
    aliases: ['user'],
    summary: "End a user's sessions, or issue a temporary access code",
    load: async () => (await import('./commands/users/index.js')).defineUsers,
  },
  {
    name: 'report',
    aliases: ['reports'],
    summary: 'Report the MFA posture of a group, a search or the whole org (read-only)',
    load: async () => (await import('./commands/report/index.js')).defineReport,
  },
  {
    name: 'profile',
    aliases: ['profiles'],
    summary: 'Manage stored org profiles',
    load: async () => (await import('./commands/profile/index.js')).defineProfile,
  },
  {
    name: 'audit',
    aliases: [],
    summary: 'Show the local audit log of changes made with oktactl',
    load: async () => one((await import('./commands/audit/index.js')).defineAudit),
  },
  {
    name: 'doctor',
    aliases: [],
    summary: 'Check the configuration, network, credentials, scopes and clock against the org',
    load: async () => one((await import('./commands/doctor/index.js')).defineDoctor),
  },
  {
    name: 'completion',
    aliases: [],
    summary: 'Print a shell completion script (bash, zsh, fish)',
    load: async () => one((await import('./commands/completion/index.js')).defineCompletion),
  },
  {
    name: 'version',
    aliases: [],
    summary: 'Print the versions of oktactl and Node.js, and the platform (for bug reports)',
    load: async () => one((await import('./commands/version/index.js')).defineVersion),
  },
  {
    name: 'sandbox',
    aliases: [],
    summary: 'Run a local stand-in Okta org to try oktactl on (start, reset, outbox, push)',
    load: async () => (await import('./commands/sandbox/index.js')).defineSandbox,
  },
]

/**
 * The root command, its global options, and the nouns. A noun whose name or alias appears in
 * `argv` is defined in full; the others only with their name and summary, which is all
 * `oktactl --help` and commander's "did you mean" need. (A token that merely equals a noun's
 * name, such as a profile called "sandbox", only loads a little more code.)
 */
export async function buildProgram(services: Services, argv: readonly string[] = [], opts: { all?: boolean } = {}): Promise<Command> {
  const { io } = services
  const helpWidth = (tty: boolean) => (tty ? Math.max(40, io.columns) : 80)
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
    // Help fits the terminal (80 columns when it is not one); see output/help.ts.
    .configureHelp(helpLayout)
    .configureOutput({
      getOutHelpWidth: () => helpWidth(io.stdoutIsTTY),
      getErrHelpWidth: () => helpWidth(io.stderrIsTTY),
      writeOut: (s) => io.stdout.write(forTerminal(reflow(s, helpWidth(io.stdoutIsTTY)))),
      writeErr: (s) => io.stderr.write(forTerminal(reflow(s, helpWidth(io.stderrIsTTY)))),
      // commander's own errors ("error: unknown option") start like oktactl's ("Error: …"), and
      // are written as they are: reflowing would join "(Did you mean --json?)" onto the error.
      outputError: (s) => io.stderr.write(forTerminal(s.replace(/^error: /, 'Error: '))),
    })
    .addHelpText('after', `${EXIT_CODES_HELP}\n${ENV_HELP}\n\nExamples:\n  $ oktactl profile add prod --org https://acme.okta.com\n  $ oktactl factors list alice@example.com\n  $ oktactl factors enroll alice@example.com --type sms --phone +15551234567\n  $ oktactl factors delete alice@example.com sms --yes`)

  const named = new Set(argv)
  // The words commander dispatches on: the noun, then its verb (unless a --help comes first).
  const [first, second] = operands(argv)
  for (const noun of NOUNS) {
    const cmd = program.command(noun.name).aliases(noun.aliases).description(noun.summary)
    // The one cast between the two views of commander, and it stays: the program is built with
    // commander itself (@commander-js/extra-typings is types only, so there is no typed Command
    // to construct), while the definitions take a Noun, the same object seen through extra-typings
    // so that their flags are typed. Every noun goes through here; no definition casts.
    if (opts.all || [noun.name, ...noun.aliases].some((n) => named.has(n))) (await noun.load())(cmd as unknown as Noun, services, !opts.all && first?.word !== undefined && [noun.name, ...noun.aliases].includes(first.word) && second && !second.afterHelp ? second.word : undefined)
  }
  return program
}

/** Global options that take a value: the word after one of them is not a command. */
export const VALUE_OPTIONS = new Set(['-p', '--profile', '--org', '-o', '--output', '--timeout', '--max-retries', '--audit-log'])

/** Short global options that take a value (in a cluster such as `-yp prod`, the rest is the value). */
const SHORT_VALUE = new Set(['p', 'o'])

/**
 * The operands of argv, in order, up to a `--`, as commander reads them: each with its index and
 * whether a -h/--help came before it. Values of global options are not operands, attached or
 * not (`--org x`, `--org=x`, `-pprod`), and short clusters are read letter by letter
 * (`-yh` is -y -h; `-yp prod` is -y -p prod).
 */
export function operands(argv: readonly string[]): Array<{ word: string; index: number; afterHelp: boolean }> {
  const out: Array<{ word: string; index: number; afterHelp: boolean }> = []
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === '--') break
    if (a === '-h' || a === '--help') help = true
    else if (a.startsWith('--')) {
      if (VALUE_OPTIONS.has(a)) i++
    } else if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const letter = a[k] ?? ''
        if (letter === 'h') help = true
        if (SHORT_VALUE.has(letter)) {
          if (k === a.length - 1) i++ // the value is the next word
          break // the rest of the word is the value
        }
      }
    } else out.push({ word: a, index: i, afterHelp: help })
  }
  return out
}
