import { Command } from '@commander-js/extra-typings'
import { expect, vi } from 'vitest'
import type { Noun } from '../../src/commands/verb.js'
import type { Services } from '../../src/context.js'
import { UsageError } from '../../src/errors.js'
import { fakeIO } from './io.js'
import { FIXED_NOW } from './run.js'

// A verb's parse step through commander (HOUSE_STYLE §8.9): argv → the request its run step
// receives, or the exact UsageError, with a spy as the run step (nothing is sent, read or shown).

export type Run = (...args: unknown[]) => Promise<void>
export type VerbDefine = (parent: Noun, s: Services, run: Run) => unknown

/** A root with the global options the rows use (they stay off the verb's flags), a noun, the verb. */
export function verbHarness(define: VerbDefine, noun = 'factors') {
  const services: Services = { io: fakeIO().io, env: {}, cwd: '/', now: () => FIXED_NOW, sleep: async () => {} }
  const root = new Command('oktactl')
    .option('-y, --yes')
    .option('--json')
    .option('--audit-log <file>')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
  const parent = root.command(noun).exitOverride()
  const run = vi.fn<Run>(async () => {})
  define(parent, services, run)
  parent.commands.forEach((c) => c.exitOverride())
  return {
    parse: (argv: string[]) => root.parseAsync([noun, ...argv], { from: 'user' }),
    run,
    /** The flags commander handed to the verb's action (read after a parse, refused or not). */
    flags: () => parent.commands[0]?.opts() ?? {},
  }
}

/** The one request the run step received for argv. */
export async function requestFor(define: VerbDefine, argv: string[]): Promise<Record<string, unknown>> {
  const { parse, run } = verbHarness(define)
  await parse(argv)
  expect(run).toHaveBeenCalledTimes(1)
  return run.mock.calls[0]?.[0] as Record<string, unknown>
}

/** argv is refused with exactly this UsageError (message and hint), and the run step is never reached. */
export async function expectRefused(define: VerbDefine, argv: string[], message: string, hint?: string): Promise<void> {
  const { parse, run } = verbHarness(define)
  const err = await parse(argv).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(UsageError)
  const u = err as UsageError
  expect({ message: u.message, hint: u.hint, exitCode: u.exitCode }).toEqual({ message, hint, exitCode: 2 })
  expect(run).not.toHaveBeenCalled()
}
