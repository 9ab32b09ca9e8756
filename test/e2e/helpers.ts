import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateSync } from 'otplib'
import { afterEach, beforeEach } from 'vitest'
import { startHostileOrg, type HostileOrg } from './hostile.js'

// Shared by the test/e2e/sandbox-*.e2e.test.ts suites: the built binary (bin/oktactl.js →
// dist/cli.js) run as a user runs it, in its own process, with a temporary HOME, no TTY and
// stdin closed (or piped). Always spawned asynchronously: a suite may run the sandbox in its own
// process, and a synchronous spawn would block the server the CLI is waiting on.

export const root = fileURLToPath(new URL('../../', import.meta.url))
/**
 * The binary under test: this tree's bin/oktactl.js, or OKTACTL_E2E_BIN (scripts/e2e-matrix.mjs
 * points it at the packed tarball, installed with dev dependencies omitted).
 */
export const bin = process.env.OKTACTL_E2E_BIN || join(root, 'bin', 'oktactl.js')
export const built = existsSync(join(root, 'dist', 'cli.js')) || Boolean(process.env.OKTACTL_E2E_BIN)
/**
 * The Node that runs the binary: this one, or OKTACTL_E2E_NODE (scripts/e2e-matrix.mjs runs the
 * end-to-end suites once per supported Node line with it).
 */
export const node = process.env.OKTACTL_E2E_NODE || process.execPath
/** The build knows `oktactl sandbox` (checked once, before any sandbox runs in this process). */
export const runnable = built && (spawnSync(node, [bin, '--help'], { encoding: 'utf8' }).stdout ?? '').includes('\n  sandbox')
/** Appended to a suite's name, so a run without a build says by name what it skipped and why. */
export const skipNote = !built
  ? ' (SKIPPED: no dist/cli.js; run `npm run build` first)'
  : !runnable
    ? ' (SKIPPED: this build has no `oktactl sandbox` command)'
    : ''

export interface Home {
  dir: string
  /** The whole environment the CLI runs with: nothing of the caller's leaks in (no OKTA_*, no proxy). */
  env: NodeJS.ProcessEnv
  remove(): void
}

/** A temporary HOME with its own config and state directories; CI=true, NO_COLOR. */
export function tempHome(prefix: string): Home {
  const dir = mkdtempSync(join(tmpdir(), `oktactl-${prefix}-`))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    OKTACTL_CONFIG_DIR: join(dir, 'config'),
    OKTACTL_STATE_DIR: join(dir, 'state'),
    CI: 'true',
    NO_COLOR: '1',
    TZ: 'UTC',
  }
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface Run {
  /** Exit code; null if killed by a signal. */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Wall time, ms. */
  ms: number
}

const live = new Set<ChildProcess>()

/** SIGKILLs any child still running (for afterAll, after a failed test). */
export function killStragglers(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  live.clear()
}

function track(child: ChildProcess): ChildProcess {
  live.add(child)
  child.on('exit', () => live.delete(child))
  return child
}

export interface RunOptions {
  /** Written to the CLI's stdin, which is then closed; without it stdin is /dev/null. */
  stdin?: string
  /** Extra variables (undefined removes one). */
  env?: Record<string, string | undefined>
  /** Killed (SIGKILL) after this long; default 15 s. */
  timeoutMs?: number
}

/** `oktactl …args` in a child process; resolves when it exits, never rejects on a non-zero exit. */
export function oktactl(home: Home, args: string[], opts: RunOptions = {}): Promise<Run> {
  const env = { ...home.env }
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(node, [bin, ...args], { env, cwd: home.dir, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] }),
    )
    let stdout = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin)
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
  })
}

// Each test (of the file or describe it is called in) gets a fresh HOME and hostile org, set up by `setUp`;
// after it, stragglers are killed, the org closed and HOME removed. Read `.home` and `.org` inside tests.
export function useHostileOrg(prefix: string, setUp?: (org: HostileOrg, home: Home) => void): { readonly home: Home; readonly org: HostileOrg } {
  let home: Home
  let org: HostileOrg
  beforeEach(async () => {
    home = tempHome(prefix)
    org = await startHostileOrg()
    setUp?.(org, home)
  })
  afterEach(async () => {
    killStragglers()
    await org.close()
    home.remove()
  })
  return {
    get home() {
      return home
    },
    get org() {
      return org
    },
  }
}

/** What `oktactl sandbox start --json` prints on stdout. */
export interface Started {
  orgUrl: string
  token: string
  profile: string | null
  stateFile: string
}

export interface CliSandbox extends Started {
  /** Everything the server printed on stderr so far. */
  stderr(): string
  /** Ctrl-C: SIGINT, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** `oktactl sandbox start --json --port 0 …args` as a child process, once it has printed its org URL. */
export function startCliSandbox(home: Home, args: string[]): Promise<CliSandbox> {
  const child = track(spawn(node, [bin, 'sandbox', 'start', '--json', '--port', '0', ...args], { env: home.env, cwd: home.dir, stdio: ['ignore', 'pipe', 'pipe'] }))
  let stdout = ''
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`sandbox start printed no org URL within 10 s; stdout: ${stdout}; stderr: ${stderr}`))
    }, 10_000)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`sandbox start exited (${code ?? signal}) before printing its org URL; stderr: ${stderr}`))
    })
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      let started: Started
      try {
        started = JSON.parse(stdout) as Started // complete once the closing brace has arrived
      } catch {
        return
      }
      clearTimeout(timer)
      resolve({
        ...started,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
          const r = await exited
          clearTimeout(kill)
          return r
        },
      })
    })
  })
}

export interface Otpauth {
  secret: string
  algorithm: 'sha1' | 'sha256' | 'sha512'
  digits: 6 | 8
  period: number
  issuer: string | null
  label: string
}

/** Reads an otpauth://totp/ URI as an authenticator app does. */
export function parseOtpauth(uri: string): Otpauth {
  const u = new URL(uri.trim())
  if (u.protocol !== 'otpauth:' || u.host !== 'totp') throw new Error(`not an otpauth://totp/ URI: ${uri}`)
  const secret = u.searchParams.get('secret')
  if (!secret) throw new Error('otpauth URI without a secret')
  return {
    secret,
    algorithm: (u.searchParams.get('algorithm') ?? 'SHA1').toLowerCase() as Otpauth['algorithm'],
    digits: Number(u.searchParams.get('digits') ?? 6) as Otpauth['digits'],
    period: Number(u.searchParams.get('period') ?? 30),
    issuer: u.searchParams.get('issuer'),
    label: decodeURIComponent(u.pathname.replace(/^\//, '')),
  }
}

/** The code an authenticator app shows at `epochSeconds`. */
export function totpCode(otp: Otpauth, epochSeconds: number): string {
  return generateSync({ secret: otp.secret, algorithm: otp.algorithm, digits: otp.digits, period: otp.period, epoch: epochSeconds })
}

/** A well-formed code that is none of the codes for the steps around `epochSeconds` (so: wrong). */
export function wrongTotpCode(otp: Otpauth, epochSeconds: number): string {
  const near = new Set([-2, -1, 0, 1, 2].map((k) => totpCode(otp, epochSeconds + k * otp.period)))
  for (let n = 123456; ; n = (n + 111111) % 1_000_000) {
    const code = String(n).padStart(6, '0')
    if (!near.has(code)) return code
  }
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

/** Rows of the TSV the CLI prints when piped. */
export const tsvRows = (text: string): string[][] => text.split('\n').filter(Boolean).map((l) => l.split('\t'))
