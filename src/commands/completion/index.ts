import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { COMPLETION_SCRIPTS } from './scripts.js'
import { SHELLS } from './complete.js'
import type { Noun } from '../verb.js'

const INSTALL = `
Install:
  bash   add to ~/.bashrc:   source <(oktactl completion bash)
  zsh    add to ~/.zshrc:    source <(oktactl completion zsh)     (after compinit)
  fish   run once:           oktactl completion fish > ~/.config/fish/completions/oktactl.fish

What it completes: commands and their aliases, flags, factor types and aliases (sms, totp, …),
--output formats, and profile names from your profile store. Open a new shell to pick it up.`

/** `oktactl completion <shell>` is one command: its argument is declared on the noun itself. */
const declare = (noun: Noun) => noun.argument('<shell>', SHELLS.join(', '))

export type Shell = (typeof SHELLS)[number]

/** What `oktactl completion` was asked for: the script for one shell. */
export interface CompletionRequest {
  shell: Shell
}

/** Pure: the shell named on the command line, or a usage error naming the ones there are. */
export function parseShell(input: string): Shell {
  const shell = SHELLS.find((s) => s === input.trim().toLowerCase())
  if (shell) return shell
  throw new UsageError(`oktactl has no completion for "${input}".`, `Choose one of: ${SHELLS.join(', ')}.`)
}

/** Pure: the operand → a request, or a UsageError for a shell oktactl has no script for. */
export function parseCompletion(shell: string): CompletionRequest {
  return { shell: parseShell(shell) }
}

export function runCompletion(req: CompletionRequest, ctx: Pick<Context, 'io'>): void {
  ctx.io.stdout.write(COMPLETION_SCRIPTS[req.shell])
}

export function defineCompletion(noun: Noun, services: Services, run = runCompletion) {
  return declare(noun)
    .addHelpText('after', INSTALL)
    .action((shell, _o, c) => run(parseCompletion(shell), contextFor(c, services)))
}
