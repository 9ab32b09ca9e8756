import type { Command } from 'commander'
import { contextFor, type Context, type Services } from '../../context.js'
import { NotFoundError } from '../../errors.js'

export async function runRemoveProfile(name: string, ctx: Context): Promise<void> {
  const store = await ctx.store()
  if (!store.remove(name)) throw new NotFoundError(`No profile named "${name}".`, 'Run `oktactl profile list`.')
  ctx.out.note(`Removed profile "${name}" and its stored credentials.`)
}

export function defineRemoveProfile(parent: Command, services: Services, run = runRemoveProfile): Command {
  return parent
    .command('remove')
    .alias('rm')
    .description('Delete a stored profile and its token')
    .argument('<name>', 'profile name')
    .action(async (name: string, _o: unknown, cmd: Command) => run(name, contextFor(cmd, services)))
}
