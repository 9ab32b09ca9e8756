import { spawnSync } from 'node:child_process'
import { bin, type Home, node } from './helpers.js'

// The built binary at a real pseudo-terminal, as a person sees it: a detached tmux session runs
// it, `send` types keys, `screen` is what capture-pane shows. Each session has its own tmux
// server socket, so tests never share state with each other or with a user's tmux.

export const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? '' : ' (SKIPPED: tmux is not installed)'

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

export interface Pty {
  screen(): string
  send(...keys: string[]): void
  /** Resolves with the screen once it contains `text` (regexp or substring); rejects after `ms`. */
  waitFor(text: string | RegExp, ms?: number): Promise<string>
  /** The exit code, once the command has finished (the session prints it). */
  exitCode(ms?: number): Promise<number>
  kill(): void
}

let n = 0

export function startPty(home: Home, args: string[], opts: { env?: Record<string, string | undefined>; cols?: number } = {}): Pty {
  const socket = `oktactl-test-${process.pid}-${n++}`
  const tmux = (...a: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' })
  const env: Record<string, string | undefined> = { ...home.env, TERM: 'xterm-256color', ...opts.env }
  delete env.CI // a person at a terminal, not a CI job
  const assignments = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${q(v ?? "")}`)
    .join(' ')
  const command = `cd ${q(home.dir)} && env -i ${assignments} ${q(node)} ${q(bin)} ${args.map(q).join(' ')}; echo "[exit=$?]"; sleep 60`
  const started = tmux('new-session', '-d', '-s', 't', '-x', String(opts.cols ?? 120), '-y', '40', command)
  if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`)
  const screen = () => tmux('capture-pane', '-p', '-J', '-t', 't', '-S', '-200').stdout
  const waitFor = async (text: string | RegExp, ms = 10_000) => {
    const end = Date.now() + ms
    for (;;) {
      const s = screen()
      if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s
      if (Date.now() > end) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${s}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return {
    screen,
    send: (...keys) => void tmux('send-keys', '-t', 't', ...keys),
    waitFor,
    exitCode: async (ms) => Number(/\[exit=(\d+)\]/.exec(await waitFor(/\[exit=\d+\]/, ms))?.[1]),
    kill: () => void tmux('kill-server'),
  }
}
