import type { Command } from 'commander'
import { contextFor, type Context, type Services } from '../../context.js'
import { NotFoundError } from '../../errors.js'

export async function runUseProfile(name: string, ctx: Context): Promise<void> {
  const store = await ctx.store()
  if (!store.get(name)) throw new NotFoundError(`No profile named "${name}".`, 'Run `oktactl profile list`.')
  store.setDefault(name)
  ctx.out.note(`Default profile is now "${name}".`)
}

export function defineUseProfile(parent: Command, services: Services, run = runUseProfile): Command {
  return parent
    .command('use')
    .description('Make a profile the default')
    .argument('<name>', 'profile name')
    .action(async (name: string, _o: unknown, cmd: Command) => run(name, contextFor(cmd, services)))
}
