import type { Readable, Writable } from 'node:stream'
import { isatty } from 'node:tty'

/**
 * The process's streams and the facts about them that decide how we talk: whether stdout and
 * stderr are terminals, whether we may prompt, how wide the screen is. Everything that writes
 * goes through an IO, so tests swap in buffers and pick the TTY answers they want.
 */
export interface IO {
  stdin: Readable
  stdout: Writable
  stderr: Writable
  stdinIsTTY: boolean
  stdoutIsTTY: boolean
  stderrIsTTY: boolean
  columns: number
}

export function systemIO(): IO {
  return {
    // process.stdin builds a stream (and for a pipe, a socket) on first touch: only when read.
    get stdin() {
      return process.stdin
    },
    stdout: process.stdout,
    // Like stdin, built on first touch (src/cli.ts): `oktactl --help` never writes to it.
    get stderr() {
      return process.stderr
    },
    // Asked only where a prompt might be shown: node:tty is loaded then and not before.
    get stdinIsTTY() {
      return isatty(0)
    },
    // @types/node says boolean, but isTTY is undefined on a stream that is not a terminal.
    /* eslint-disable @typescript-eslint/no-unnecessary-type-conversion */
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    get stderrIsTTY() {
      return Boolean(process.stderr.isTTY)
    },
    /* eslint-enable @typescript-eslint/no-unnecessary-type-conversion */
    get columns() {
      return process.stdout.columns || process.stderr.columns || 100
    },
  }
}
