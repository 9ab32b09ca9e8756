import { forTerminal, visible } from './output/visible.js'
import { CommanderError, type Command } from 'commander'
import type { Services } from './context.js'
import { CliError, ExitCode, NotFoundError, OktaApiError, UnexpectedAnswerError, UsageError, exitCodeFor } from './errors.js'
import { buildProgram, operands } from './program.js'

/**
 * Run one command line. The only place that turns failures into messages and exit codes;
 * commands throw, they never exit.
 */
export async function main(argv: string[], services: Services): Promise<number> {
  if (argv[0] === '__complete') {
    const program = await buildProgram(services, [], { all: true })
    const { runComplete } = await import('./commands/completion/run.js')
    return runComplete(program, argv.slice(1), services)
  }
  argv = helpAsFlag(argv)
  const program = await buildProgram(services, argv)
  // With --json a usage error is a JSON object like every other error: commander keeps quiet and
  // we report it below. (Read from argv: commander has not parsed anything yet.)
  const jsonAsked = wantsJson(argv)
  if (jsonAsked) forEachCommand(program, (c) => c.configureOutput({ outputError: () => {} }))
  try {
    await program.parseAsync(argv, { from: 'user' })
    return ExitCode.OK
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every other commander error (unknown option, missing argument)
      // has already been printed by commander (unless --json) and is a usage error.
      if (err.exitCode === 0) return ExitCode.OK
      // (A bare `oktactl` or `oktactl factors` prints the help instead: that needs no JSON.)
      if (jsonAsked && err.code !== 'commander.help') {
        reportError(new UsageError(err.message.replace(/^error: /, '')), services, { json: true, debug: false })
      }
      return ExitCode.USAGE
    }
    const opts = program.opts<{ json?: boolean; debug?: boolean; output?: string }>()
    const json = Boolean(opts.json) || opts.output === 'json' || jsonAsked
    const debug = Boolean(opts.debug) || argv.includes('--debug')
    reportError(err, services, { json, debug })
    return exitCodeFor(err)
  }
}

/**
 * `oktactl help factors reset` is `oktactl factors reset --help`. (commander's own help command
 * only looks at its first word, so it showed the `factors` help.)
 */
export function helpAsFlag(argv: string[]): string[] {
  const [first] = operands(argv)
  if (first?.word !== 'help' || first.index === argv.length - 1) return argv
  return [...argv.slice(0, first.index), ...argv.slice(first.index + 1), '--help']
}

/** --json, -o json, --output json or --output=json anywhere before a `--`. */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--')
  const args = end === -1 ? argv : argv.slice(0, end)
  return args.some((a, i) => a === '--json' || a === '-ojson' || a === '--output=json' || ((a === '-o' || a === '--output') && args[i + 1] === 'json'))
}

function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd)
  for (const sub of cmd.commands) forEachCommand(sub, fn)
}

export function reportError(err: unknown, services: Services, opts: { json: boolean; debug: boolean }): void {
  const { stderr } = services.io
  if (opts.json) {
    stderr.write(`${JSON.stringify({ error: errorObject(err) }, null, 2)}\n`)
  } else {
    stderr.write(humanError(err))
  }
  if (opts.debug && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`)
}

export function errorObject(err: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {
    message: err instanceof Error ? err.message : String(err),
    exitCode: exitCodeFor(err),
  }
  const api = err instanceof OktaApiError ? err : err instanceof NotFoundError ? err.api : undefined
  if (api) {
    // Always present (null when Okta sent none), so a script can read them without guessing.
    Object.assign(o, {
      status: api.status,
      errorCode: api.errorCode ?? null,
      errorSummary: api.errorSummary ?? null,
      errorCauses: api.errorCauses,
      errorId: api.errorId ?? null,
      requestId: api.requestId ?? null,
    })
  }
  if (err instanceof UnexpectedAnswerError) Object.assign(o, { status: err.status, method: err.method, url: err.url })
  if (err instanceof CliError && err.hint) o.hint = err.hint
  return o
}

/**
 * The error for people. Our messages may span lines (a list of candidates, a hint); the org's
 * text in them (error summaries and causes, ids, names) is made inert where it is put in, and
 * the whole is escaped once more on the way out.
 */
function humanError(err: unknown): string {
  return forTerminal(errorText(err))
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return `Error: ${visible(err)}\n`
  if (!(err instanceof CliError)) {
    return `Error: ${visible(err.message)}\n(This looks like a bug in oktactl. Run again with --debug for details.)\n`
  }
  const lines = [`Error: ${err.message}`]
  if (err instanceof OktaApiError) {
    for (const c of err.errorCauses) lines.push(`  - ${visible(c)}`)
    const ids = [err.errorId && `errorId ${visible(err.errorId)}`, err.requestId && `X-Okta-Request-Id ${visible(err.requestId)}`].filter(Boolean)
    if (ids.length) lines.push(`  (${ids.join(', ')}: quote these to Okta support)`)
    const hint = err.hint ?? hintFor(err)
    if (hint) lines.push(hint)
  } else if (err.hint) {
    lines.push(err.hint)
  }
  return `${lines.map(clip).join('\n')}\n`
}

/** A line of an error at most 1,000 characters: a 120 KB argument echoed back helps nobody. */
function clip(line: string): string {
  return line.length <= 1000 ? line : `${line.slice(0, 1000)}… (${line.length - 1000} more characters)`
}

function hintFor(err: OktaApiError): string | undefined {
  if (err.status === 401) return 'Check the API token: `oktactl profile show`, or set OKTA_CLIENT_TOKEN. Tokens expire after 30 days unused.'
  if (err.errorCode === 'E0000006') return 'The credentials lack the admin permission (or OAuth scope) this command needs.'
  if (err.errorCode === 'E0000109' || err.errorCode === 'E0000133') return 'Okta sends one code per phone every 30 seconds; wait, then try again. oktactl does not retry this, so the user is not sent a second code.'
  if (err.status === 429) return 'Rate limited. Try again after the reset time, or raise --max-retries.'
  return undefined
}
