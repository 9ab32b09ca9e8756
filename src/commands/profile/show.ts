import type { Command } from 'commander'
import { contextFor, type Context, type Services } from '../../context.js'
import { NotFoundError, UsageError } from '../../errors.js'
import { redactToken } from '../../output/format.js'

export async function runShowProfile(name: string | undefined, ctx: Context): Promise<void> {
  const store = await ctx.store()
  const chosen = name ?? ctx.globals.profile ?? ctx.env.OKTACTL_PROFILE ?? store.defaultName()
  if (!chosen) throw new UsageError('No profile named and no default profile set.', 'Run `oktactl profile list`.')
  const p = store.get(chosen)
  if (!p) throw new NotFoundError(`No profile named "${chosen}".`, 'Run `oktactl profile list`.')
  const shown: Record<string, unknown> = {
    name: chosen,
    orgUrl: p.orgUrl,
    authMode: p.authMode ?? 'SSWS',
    default: store.defaultName() === chosen,
    ...(p.token ? { token: redactToken(p.token) } : {}),
    ...(p.clientId ? { clientId: p.clientId, privateKeyPath: p.privateKeyPath, keyId: p.keyId, scopes: p.scopes } : {}),
    readOnly: Boolean(p.readOnly),
    requireTicket: Boolean(p.requireTicket),
    file: store.path,
  }
  if (ctx.out.json) return ctx.out.printJson(shown)
  const rows = Object.entries(shown).filter(([, v]) => v !== undefined)
  await ctx.out.printList(rows, [
    { header: 'FIELD', value: ([k]) => k },
    { header: 'VALUE', value: ([, v]) => (Array.isArray(v) ? v.join(' ') : String(v)) },
  ])
}

export function defineShowProfile(parent: Command, services: Services, run = runShowProfile): Command {
  return parent
    .command('show')
    .description('Show a profile (the token is redacted)')
    .argument('[name]', 'profile name (default: the selected or default profile)')
    .action(async (name: string | undefined, _o: unknown, cmd: Command) => run(name, contextFor(cmd, services)))
}
