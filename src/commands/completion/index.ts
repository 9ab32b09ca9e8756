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

export type Shell = (typeof SHELLS)[number]

/** Pure: the shell named on the command line, or a usage error naming the ones there are. */
export function parseShell(input: string): Shell {
  const shell = SHELLS.find((s) => s === input.trim().toLowerCase())
  if (shell) return shell
  throw new UsageError(`oktactl has no completion for "${input}".`, `Choose one of: ${SHELLS.join(', ')}.`)
}

export function runCompletion(shell: Shell, ctx: Pick<Context, 'io'>): void {
  ctx.io.stdout.write(COMPLETION_SCRIPTS[shell])
}

/** `oktactl completion <shell>` is one command: its argument is declared on the noun itself. */
export function defineCompletion(noun: Noun, services: Services, run = runCompletion) {
  return noun
    .argument('<shell>', SHELLS.join(', '))
    .addHelpText('after', INSTALL)
    .action((shell, _o, c) => run(parseShell(shell), contextFor(c, services)))
}
