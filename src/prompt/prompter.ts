import type { IO } from '../output/io.js'
import { CancelledError } from '../errors.js'
import { oneLine } from '../output/visible.js'
import { interop } from '../util/lazy.js'
import type * as Prompts from '@inquirer/prompts'

/** Questions asked of a person at a terminal. Everything is drawn on stderr. */
export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>
  input(message: string, validate?: (v: string) => true | string): Promise<string>
  /** Masked input for secrets (tokens, codes, answers). */
  password(message: string, validate?: (v: string) => true | string): Promise<string>
  select<T extends string>(message: string, choices: Array<{ name: string; value: T }>): Promise<T>
}

/** @inquirer/prompts bound to our streams; loaded only when a question is asked. */
export function inquirerPrompter(io: IO): Prompter {
  // io.stdin builds the stream on first touch: only when a question is asked.
  const ctx = () => ({ input: io.stdin, output: io.stderr, clearPromptOnDone: false })
  const load = async () => interop<typeof Prompts>(await import('@inquirer/prompts'), 'confirm', '@inquirer/prompts')
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      if ((err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') throw new CancelledError()
      throw err
    }
  }
  return {
    // Questions name users and factors from the org: each is one inert line (our colours kept).
    confirm: (message, defaultValue = false) =>
      guard(async () => (await load()).confirm({ message: oneLine(message), default: defaultValue }, ctx())),
    input: (message, validate) =>
      guard(async () => (await load()).input({ message: oneLine(message), validate: validate ?? (() => true) }, ctx())),
    password: (message, validate) =>
      guard(async () => (await load()).password({ message: oneLine(message), mask: '*', validate: validate ?? (() => true) }, ctx())),
    select: <T extends string>(message: string, choices: Array<{ name: string; value: T }>) =>
      guard(async () => (await load()).select<T>({ message: oneLine(message), choices: choices.map((c) => ({ ...c, name: oneLine(c.name) })) }, ctx())),
  }
}
