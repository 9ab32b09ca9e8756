import { PassThrough, Readable } from 'node:stream'
import type { IO } from '../../src/output/io.js'

export interface FakeIO {
  io: IO
  // Arrow functions, so they can be passed on unbound.
  stdout: () => string
  stderr: () => string
}

/** Buffers for stdout/stderr, a stdin with fixed text, and the TTY answers a test wants. */
export function fakeIO(opts: { tty?: boolean; stdoutTTY?: boolean; stdin?: string; columns?: number } = {}): FakeIO {
  const out: string[] = []
  const err: string[] = []
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (c: Buffer) => out.push(c.toString()))
  stderr.on('data', (c: Buffer) => err.push(c.toString()))
  const tty = opts.tty ?? false
  return {
    io: {
      stdin: Readable.from(opts.stdin !== undefined ? [opts.stdin] : []),
      stdout,
      stderr,
      stdinIsTTY: tty,
      stdoutIsTTY: opts.stdoutTTY ?? tty,
      stderrIsTTY: tty,
      columns: opts.columns ?? 120,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  }
}
