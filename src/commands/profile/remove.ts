import { contextFor, type Context, type Services } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import type { Noun } from '../verb.js'

/** The verb's argument, declared once. */
const declare = (parent: Noun) =>
  parent.command('remove').alias('rm').description('Delete a stored profile and its token').argument('<name>', 'profile name')

export interface RemoveProfileRequest {
  name: string
}

/** Pure: the operand → a request (a name no profile has is reported when it runs). */
export function parseRemoveProfile(name: string): RemoveProfileRequest {
  return { name }
}

export async function runRemoveProfile({ name }: RemoveProfileRequest, ctx: Context): Promise<void> {
  const store = await ctx.store()
  if (!store.remove(name)) throw new NotFoundError(`No profile named "${name}".`, 'Run `oktactl profile list`.')
  ctx.out.note(`Removed profile "${name}" and its stored credentials.`)
}

export function defineRemoveProfile(parent: Noun, services: Services, run = runRemoveProfile) {
  return declare(parent).action(async (name, _o, c) => run(parseRemoveProfile(name), contextFor(c, services)))
}
