import type { Command } from 'commander'
import type { Services } from '../../context.js'
import { PROFILE_NAME, openStore } from '../../config/store.js'
import { complete, completionLines } from './complete.js'

/**
 * `oktactl __complete <words…>`: what the completion scripts call on each Tab. Never fails
 * loudly: a shell completion that prints an error into the prompt helps nobody.
 */
export async function runComplete(program: Command, words: string[], services: Services): Promise<number> {
  try {
    let profiles: string[] = []
    try {
      // Only well-formed names: a hand-edited store must not put control characters on the shell's line.
      profiles = (await openStore(services.env, () => {})).list().map(([name]) => name).filter((name) => PROFILE_NAME.test(name))
    } catch {
      // no store, or an unreadable one: no profile names to offer
    }
    services.io.stdout.write(completionLines(complete(program, words.length ? words : [''], { profiles: () => profiles })))
    return 0
  } catch {
    return 1
  }
}
