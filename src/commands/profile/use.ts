import { contextFor, type Context, type Services } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import type { Noun } from '../verb.js'

/** The verb's argument, declared once. */
const declare = (parent: Noun) => parent.command('use').description('Make a profile the default').argument('<name>', 'profile name')

export interface UseProfileRequest {
  name: string
}

/** Pure: the operand → a request (a name no profile has is reported when it runs). */
export function parseUseProfile(name: string): UseProfileRequest {
  return { name }
}

export async function runUseProfile({ name }: UseProfileRequest, ctx: Context): Promise<void> {
  const store = await ctx.store()
  if (!store.get(name)) throw new NotFoundError(`No profile named "${name}".`, 'Run `oktactl profile list`.')
  store.setDefault(name)
  ctx.out.note(`Default profile is now "${name}".`)
}

export function defineUseProfile(parent: Noun, services: Services, run = runUseProfile) {
  return declare(parent).action(async (name, _o, c) => run(parseUseProfile(name), contextFor(c, services)))
}
