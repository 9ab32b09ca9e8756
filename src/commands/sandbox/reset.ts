import type { Command } from 'commander'
import type { Context, Services } from '../../context.js'
import { sandboxContext, sandboxRequest } from './shared.js'

export async function runReset(ctx: Context): Promise<void> {
  const r = await sandboxRequest<{ users: number }>(ctx, '/_sandbox/reset', { method: 'POST' })
  if (ctx.out.json) ctx.out.printJson(r)
  ctx.out.success(`Sandbox reset to its seed (${r.users} users); the API token is unchanged.`)
}

export function defineReset(parent: Command, services: Services, run = runReset): Command {
  return parent
    .command('reset')
    .description("Restore the running sandbox's seeded users and factors (keeps the token)")
    .addHelpText('after', '\nExamples:\n  $ oktactl sandbox reset\n  $ oktactl sandbox reset --profile my-sandbox')
    .action(async (_o: unknown, cmd: Command) => run(sandboxContext(cmd, services)))
}
