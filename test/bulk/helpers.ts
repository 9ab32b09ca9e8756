import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { Services } from '../../src/context.js'
import type { StopReason } from '../../src/errors.js'
import { main } from '../../src/main.js'
import type { Prompter } from '../../src/prompt/prompter.js'
import { type RequestInfo, type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js'
import { fakeIO } from '../helpers/io.js'
import { FIXED_NOW, type Asked } from '../helpers/run.js'

/** An answer to a prompt: a value, or a function that works it out when asked (e.g. reads the outbox). */
export type Answer = string | boolean | ((message: string) => Promise<string> | string)

function prompter(answers: Answer[]): { prompter: Prompter; asked: Asked[] } {
  const asked: Asked[] = []
  const next = async (kind: Asked['kind'], message: string): Promise<string | boolean> => {
    asked.push({ kind, message })
    const a = answers.shift()
    if (a === undefined) throw new Error(`Unexpected prompt (${kind}): ${message}`)
    return typeof a === 'function' ? a(message) : a
  }
  return {
    asked,
    prompter: {
      confirm: async (m) => Boolean(await next('confirm', m)),
      input: async (m) => String(await next('input', m)),
      password: async (m) => String(await next('password', m)),
      select: async <T extends string>(m: string) => String(await next('select', m)) as T,
    },
  }
}

export interface Run {
  exitCode: number
  stdout: string
  stderr: string
  sleeps: number[]
  asked: Asked[]
  home: string
}

export interface RunOpts {
  env?: Record<string, string | undefined>
  tty?: boolean
  stdoutTTY?: boolean
  stdin?: string
  answers?: Answer[]
  home?: string
  /** Clock and sleep (default: the fixed test clock and sleeps that return at once). */
  now?: () => Date
  sleep?: (ms: number) => Promise<void>
  /** Called once the CLI has subscribed to SIGINT, with the function that "presses Ctrl-C". */
  onInterruptReady?: (press: (reason?: StopReason) => void) => void
}

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'oktactl-bulk-'))
}

/** runCli, plus a Ctrl-C the test can press and a clock the test can choose. */
export async function run(argv: string[], o: RunOpts = {}): Promise<Run> {
  const home = o.home ?? tempHome()
  const f = fakeIO({ tty: o.tty, stdoutTTY: o.stdoutTTY, stdin: o.stdin })
  const { prompter: p, asked } = prompter([...(o.answers ?? [])])
  const sleeps: number[] = []
  const handlers = new Set<(reason: StopReason) => void>()
  const services: Services = {
    io: f.io,
    env: { HOME: home, OKTACTL_CONFIG_DIR: join(home, 'config'), OKTACTL_STATE_DIR: join(home, 'state'), ...o.env },
    cwd: home,
    now: o.now ?? (() => FIXED_NOW),
    sleep: async (ms) => {
      sleeps.push(ms)
      if (o.sleep) await o.sleep(ms)
    },
    prompter: p,
    onInterrupt: (h) => {
      handlers.add(h)
      o.onInterruptReady?.((reason = 'SIGINT') => {
        for (const x of handlers) x(reason)
      })
      return () => handlers.delete(h)
    },
  }
  const exitCode = await main(argv, services)
  return { exitCode, stdout: f.stdout(), stderr: f.stderr(), sleeps, asked, home }
}

/** A users file in `home`. */
export function usersFile(home: string, text: string, name = 'users.txt'): string {
  const p = join(home, name)
  writeFileSync(p, text)
  return p
}

/** JSON lines of a file. */
export function jsonl<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T)
}

export interface Org {
  sb: Sandbox
  /** Every request the sandbox answered (method, path, status), in order. */
  requests: RequestInfo[]
  /** Requests that change something (anything but GET). */
  changes(): RequestInfo[]
  /** Credentials for oktactl, as CI passes them. */
  env: Record<string, string>
  /** A home whose default profile points at the sandbox (for profile settings such as requireTicket). */
  homeWithProfile(extra?: Record<string, unknown>): string
  get<T = any>(path: string): Promise<T>
}

const open: Sandbox[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

/** A sandbox org on a free loopback port, closed after the test. */
export async function org(opts: SandboxOptions = {}): Promise<Org> {
  const requests: RequestInfo[] = []
  const sb = await startSandbox({ pushDelay: 0, ...opts, onRequest: (i) => requests.push(i) })
  open.push(sb)
  return {
    sb,
    requests,
    changes: () => requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/_sandbox/')),
    env: { OKTA_CLIENT_ORGURL: sb.url, OKTA_CLIENT_TOKEN: sb.token, NO_COLOR: '1' },
    homeWithProfile(extra = {}) {
      const home = tempHome()
      // As oktactl writes it (0700/0600): a looser store gets a warning on stderr.
      mkdirSync(join(home, 'config'), { mode: 0o700 })
      writeFileSync(
        join(home, 'config', 'config.json'),
        JSON.stringify({ defaultProfile: 'helpdesk', profiles: { helpdesk: { orgUrl: sb.url, authMode: 'SSWS', token: sb.token, ...extra } } }),
        { mode: 0o600 },
      )
      return home
    },
    async get(path) {
      const r = await fetch(sb.url + path, { headers: { Authorization: `SSWS ${sb.token}`, Accept: 'application/json' } })
      return (await r.json()) as any
    },
  }
}
