import type { Context, Services } from '../../context.js'
import type { Noun } from '../verb.js'
import { sandboxContext, sandboxRequest } from './shared.js'

/** The verb, declared once: no arguments, no flags of its own. */
const declare = (parent: Noun) => parent.command('reset').description("Restore the running sandbox's seeded users and factors (keeps the token)")

/** `sandbox reset` takes nothing: the running sandbox goes back to its seed. */
export type ResetSandboxRequest = Record<string, never>

/** Pure: nothing to parse. */
export function parseReset(): ResetSandboxRequest {
  return {}
}

export async function runReset(_req: ResetSandboxRequest, ctx: Context): Promise<void> {
  const r = await sandboxRequest<{ users: number }>(ctx, '/_sandbox/reset', { method: 'POST' })
  if (ctx.out.json) ctx.out.printJson(r)
  ctx.out.success(`Sandbox reset to its seed (${r.users} users); the API token is unchanged.`)
}

export function defineReset(parent: Noun, services: Services, run = runReset) {
  return declare(parent)
    .addHelpText('after', '\nExamples:\n  $ oktactl sandbox reset\n  $ oktactl sandbox reset --profile my-sandbox')
    .action(async (_o, c) => run(parseReset(), sandboxContext(c, services)))
}
