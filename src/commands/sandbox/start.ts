import { join } from 'node:path'
import { stateDir } from '../../config/paths.js'
import { isLoopbackHost } from '../../config/orgurl.js'
import { PROFILE_NAME } from '../../config/store.js'
import type { Context, Services } from '../../context.js'
import { parseNonNegativeInt } from '../../config/flags.js'
import { UsageError } from '../../errors.js'
import type { PushMode, SandboxOptions } from '../../sandbox/index.js'
import type { FlagsOf, Noun } from '../verb.js'
import { SANDBOX_PROFILE, sandboxContext } from './shared.js'
import { shellArg } from '../../output/shell.js'

/** The verb's flags, declared once; StartFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('start')
    .description('Run a local sandbox org in the foreground (Ctrl-C stops it)')
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--host <host>', 'loopback address to listen on', '127.0.0.1')
    .option('--state <file>', 'state file (default: <state dir>/sandbox.json)')
    .option('--users <n>', 'extra generated users (user0001@example.com …), for bulk runs')
    .option('--rate-limit <rpm>', 'requests per minute for every endpoint bucket (default: per family, as Okta: 600 to list users, 2000 for one user, 500 to list groups, 1000 for a group, 600 for the rest)')
    .option('--push <mode>', 'how users answer pushes: approve, reject, timeout or manual (default approve)')
    .option('--push-delay <seconds>', 'seconds before a push is answered (default 2)')
    .option('--log', 'print one line per request on stderr')
    .option('--save-profile <name>', 'profile to save the org URL and token under', SANDBOX_PROFILE)
    .option('--no-save-profile', 'do not save a profile')
export type StartFlags = FlagsOf<ReturnType<typeof declare>>

/**
 * What `sandbox start` was asked for: how the sandbox listens and behaves, its state file (the
 * --state flag; left out, <state dir>/sandbox.json, found from the environment when it runs), the
 * profile to save it under, and whether to log each request.
 */
export interface StartSandboxRequest {
  sandbox: Omit<SandboxOptions, 'now' | 'onRequest' | 'stateFile'>
  state: string | undefined
  saveProfile: string | undefined
  log: boolean
}

const PUSH_MODES = ['approve', 'reject', 'timeout', 'manual']

/** Pure: flags → a request, or a UsageError before anything is started. */
export function parseStart(o: StartFlags): StartSandboxRequest {
  const host = o.host
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  if (!isLoopbackHost(bare === '::1' ? '[::1]' : bare)) {
    throw new UsageError(`The sandbox only listens on this machine, not on ${host}.`, 'Use --host 127.0.0.1 (the default), ::1 or localhost.')
  }
  const port = parseNonNegativeInt(o.port, '--port')
  if (port !== undefined && port > 65535) throw new UsageError(`--port must be 0–65535 (got ${port}).`)
  const rateLimit = parseNonNegativeInt(o.rateLimit, '--rate-limit')
  if (rateLimit === 0) throw new UsageError('--rate-limit must be at least 1 request per minute.')
  if (o.push !== undefined && !PUSH_MODES.includes(o.push)) {
    throw new UsageError(`--push must be one of ${PUSH_MODES.join(', ')} (got "${o.push}").`)
  }
  let pushDelay: number | undefined
  if (o.pushDelay !== undefined) {
    pushDelay = Number(o.pushDelay)
    if (o.pushDelay.trim() === '' || !Number.isFinite(pushDelay) || pushDelay < 0 || pushDelay > 3600) {
      throw new UsageError(`--push-delay must be a number of seconds from 0 to 3600 (got "${o.pushDelay}").`)
    }
  }
  if (o.saveProfile && !PROFILE_NAME.test(o.saveProfile)) throw new UsageError(`"${o.saveProfile}" is not a valid profile name.`)
  const users = parseNonNegativeInt(o.users, '--users')
  return {
    sandbox: {
      host: bare,
      ...(port !== undefined ? { port } : {}),
      ...(users !== undefined ? { users } : {}),
      ...(rateLimit !== undefined ? { rateLimit } : {}),
      ...(o.push ? { push: o.push as PushMode } : {}),
      ...(pushDelay !== undefined ? { pushDelay } : {}),
    },
    state: o.state,
    saveProfile: o.saveProfile === false ? undefined : (o.saveProfile ?? SANDBOX_PROFILE),
    log: Boolean(o.log),
  }
}

/**
 * Ctrl-C (SIGINT) as a promise. The listener stays until dispose(), not just until the first
 * signal: conf's atomic writer (atomically → when-exit) hooks SIGINT with process.once and then
 * raises SIGINT again, and that second signal must find a listener, or it kills the process before
 * the sandbox has saved its state.
 */
export function interruption(ctx: Pick<Context, 'onInterrupt'>): { interrupted: Promise<void>; dispose: () => void } {
  let resolve!: () => void
  const interrupted = new Promise<void>((r) => (resolve = r))
  const off = ctx.onInterrupt(() => resolve())
  return { interrupted, dispose: off }
}

/**
 * Runs the sandbox in the foreground until Ctrl-C. The org URL and token go to stdout (they are
 * the result); everything else, including the optional request log, to stderr.
 */
export async function runStart(req: StartSandboxRequest, ctx: Context): Promise<void> {
  const ctrlC = interruption(ctx)
  try {
    await serve(req, ctx, ctrlC.interrupted)
  } finally {
    ctrlC.dispose()
  }
}

async function serve(req: StartSandboxRequest, ctx: Context, until: Promise<void>): Promise<void> {
  const stateFile = req.state ?? join(stateDir(ctx.env), 'sandbox.json')
  const { startSandbox } = await import('../../sandbox/index.js')
  let sb
  try {
    sb = await startSandbox({
      ...req.sandbox,
      stateFile,
      ...(req.log ? { onRequest: (i) => ctx.out.note(`${i.method} ${i.path} → ${i.status}${i.errorCode ? ` ${i.errorCode}` : ''} (${i.ms} ms)`) } : {}),
    })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === 'EADDRINUSE') throw new UsageError(`Port ${req.sandbox.port ?? 0} is already in use.`, 'Pick another with --port, or --port 0 for any free port.')
    if (e.code === 'EACCES') throw new UsageError(`Not allowed to listen on port ${req.sandbox.port ?? 0}.`, 'Use a port above 1023.')
    if (/state file/.test(e.message ?? '')) throw new UsageError(e.message)
    throw err
  }
  try {
    const saved = req.saveProfile ? await saveProfile(ctx, req.saveProfile, sb.url, sb.token) : undefined
    if (ctx.out.json) {
      // The sandbox's own token, asked for by `sandbox start --json`: scripts need it, and it opens
      // nothing but this loopback stand-in org.
      ctx.out.printJson({ orgUrl: sb.url, token: sb.token, profile: saved ?? null, stateFile }, { showSecrets: true })
    } else {
      ctx.io.stdout.write(`Org URL:   ${sb.url}\nAPI token: ${sb.token}\n`)
    }
    if (saved) ctx.out.note(`Saved profile "${saved}". Try: oktactl --profile ${shellArg(saved)} factors list alice`)
    ctx.out.noteLines(
      [
        'A local stand-in for an Okta org (nothing leaves this machine). Users: alice, bob (rejects every push),',
        'carol (super admin), dave (no factors), erin (deprovisioned). SMS, call and email codes: `oktactl sandbox outbox`.',
        `State: ${stateFile}. Press Ctrl-C to stop.`,
      ],
    )
    await until
  } finally {
    await sb.close()
  }
  ctx.out.note('Sandbox stopped; its state is saved.')
}

/** Saves the sandbox as a profile, but never over a profile that points at a real org. */
async function saveProfile(ctx: Context, name: string, orgUrl: string, token: string): Promise<string | undefined> {
  const store = await ctx.store()
  const existing = store.get(name)
  if (existing && !isLoopbackHost(new URL(existing.orgUrl).hostname)) {
    ctx.out.warn(`Profile "${name}" is for ${existing.orgUrl}; not overwriting it. Use --save-profile <name> to save the sandbox under another name.`)
    return undefined
  }
  store.set(name, { orgUrl, authMode: 'SSWS', token })
  return name
}

export function defineStart(parent: Noun, services: Services, run = runStart) {
  return declare(parent)
    .addHelpText(
      'after',
      '\nThe sandbox behaves like Okta\'s User Factors API, with seeded users and real TOTP codes.\n' +
        'SMS, voice and email codes land in an outbox instead of being sent.\n\nExamples:\n' +
        '  $ oktactl sandbox start\n  $ oktactl sandbox start --port 8017 --users 2000 --push manual\n' +
        '  $ oktactl --profile sandbox factors list alice',
    )
    .action(async (o, c) => run(parseStart(o), sandboxContext(c, services)))
}
