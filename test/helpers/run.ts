import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Services } from '../../src/context.js'
import { main } from '../../src/main.js'
import type { Prompter } from '../../src/prompt/prompter.js'
import { fakeIO } from './io.js'

export const FIXED_NOW = new Date('2026-11-29T12:00:00.000Z')

export interface Asked {
  kind: 'confirm' | 'input' | 'password' | 'select'
  message: string
}

/** A prompter that answers from a list, and records what was asked. Asking past the list fails. */
export function fakePrompter(answers: Array<string | boolean>): { prompter: Prompter; asked: Asked[] } {
  const asked: Asked[] = []
  const next = (kind: Asked['kind'], message: string) => {
    asked.push({ kind, message })
    if (answers.length === 0) throw new Error(`Unexpected prompt (${kind}): ${message}`)
    return answers.shift() as string | boolean
  }
  return {
    asked,
    prompter: {
      confirm: async (m) => Boolean(next('confirm', m)),
      input: async (m) => String(next('input', m)),
      password: async (m) => String(next('password', m)),
      select: async <T extends string>(m: string) => String(next('select', m)) as T,
    },
  }
}

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
  /** Milliseconds the CLI asked to sleep, in order (rate-limit waits, poll intervals). */
  sleeps: number[]
  asked: Asked[]
  home: string
}

export interface RunOptions {
  tty?: boolean
  stdoutTTY?: boolean
  /** The terminal's width (default 120). */
  columns?: number
  stdin?: string
  env?: Record<string, string | undefined>
  answers?: Array<string | boolean>
  /** Reuse a HOME (and config dir) across runs. */
  home?: string
  cwd?: string
}

/** Run oktactl in-process: argv in; stdout, stderr, exit code and sleeps out. */
export async function runCli(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'oktactl-test-'))
  const f = fakeIO({ tty: opts.tty, stdoutTTY: opts.stdoutTTY, stdin: opts.stdin, columns: opts.columns })
  const { prompter, asked } = fakePrompter([...(opts.answers ?? [])])
  const sleeps: number[] = []
  const services: Services = {
    io: f.io,
    env: {
      HOME: home,
      OKTACTL_CONFIG_DIR: join(home, 'config'),
      OKTACTL_STATE_DIR: join(home, 'state'),
      ...opts.env,
    },
    cwd: opts.cwd ?? home,
    now: () => FIXED_NOW,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    prompter,
  }
  const exitCode = await main(argv, services)
  return { exitCode, stdout: f.stdout(), stderr: f.stderr(), sleeps, asked, home }
}

/**
 * A script's way of passing the long-lived secrets oktactl refuses on argv: `--answer X` and
 * `--shared-secret X` become `--answer -` with X on stdin.
 */
export function secretsOnStdin(argv: string[]): { argv: string[]; stdin?: string } {
  const out = [...argv]
  for (const flag of ['--answer', '--shared-secret']) {
    const i = out.indexOf(flag)
    const v = i >= 0 ? out[i + 1] : undefined
    if (v !== undefined && v !== '-') {
      out[i + 1] = '-'
      return { argv: out, stdin: `${v}\n` }
    }
  }
  return { argv: out }
}
