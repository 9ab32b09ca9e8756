import type { Context } from '../context.js'
import { CancelledError, UsageError } from '../errors.js'
import { shellArg } from '../output/shell.js'

/**
 * How a printed next step starts: `oktactl`, plus the `--profile` given on this command line, so
 * the step runs against the same org instead of the default profile's.
 */
export function oktactlFor(ctx: Context): string {
  return ctx.globals.profile ? `oktactl --profile ${shellArg(ctx.globals.profile)}` : 'oktactl'
}

/** Destructive commands: refuse before sending anything when we can neither ask nor were told --yes. */
export function requireConfirmable(ctx: Context, what: string): void {
  if (!ctx.yes && !ctx.canPrompt) {
    throw new UsageError(`Refusing to ${what} without confirmation.`, 'Pass --yes to confirm when oktactl cannot ask (no terminal, or --no-input).')
  }
}

export async function confirmOrCancel(ctx: Context, question: string): Promise<void> {
  if (ctx.yes) return
  if (!(await ctx.prompt.confirm(question, false))) throw new CancelledError('Cancelled; nothing was changed.')
}
