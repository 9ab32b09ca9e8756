import type { Command } from 'commander'
import { normalizeOrgUrl } from '../../config/orgurl.js'
import { PROFILE_NAME, type Profile } from '../../config/store.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { readSecret } from '../../prompt/stdin.js'

export interface AddProfileOptions {
  org?: string
  tokenStdin?: boolean
  readOnly?: boolean
  requireTicket?: boolean
  default?: boolean
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new UsageError(`"${name}" is not a valid profile name (letters, digits, . _ -).`)
  return name
}

/** The token comes from stdin or a masked prompt, never from argv, where `ps` and shell history would see it. */
async function readToken(ctx: Context, o: AddProfileOptions): Promise<string> {
  let token: string
  if (o.tokenStdin) token = await readSecret(ctx.io.stdin)
  else if (ctx.canPrompt) token = await ctx.prompt.password('Okta API token (input hidden):', (v) => (v.trim() ? true : 'Required'))
  else throw new UsageError('No terminal to ask for the API token.', 'Pipe it in with --token-stdin, e.g. `printenv OKTA_TOKEN | oktactl profile add prod --org … --token-stdin`.')
  token = token.trim()
  if (!token) throw new UsageError('The API token is empty.')
  if (/\s/.test(token)) throw new UsageError('The API token must not contain spaces.')
  return token
}

export async function runAddProfile(name: string, o: AddProfileOptions, ctx: Context): Promise<void> {
  checkProfileName(name)
  // The root --org flag and this command's --org are the same option.
  const org = o.org ?? ctx.globals.org
  if (!org) throw new UsageError('--org <url> is required, e.g. --org https://acme.okta.com')
  const orgUrl = normalizeOrgUrl(org)
  const token = await readToken(ctx, o)
  const store = await ctx.store()
  const existed = Boolean(store.get(name))
  const profile: Profile = { orgUrl, authMode: 'SSWS', token }
  if (o.readOnly) profile.readOnly = true
  if (o.requireTicket) profile.requireTicket = true
  store.set(name, profile)
  if (o.default || !store.defaultName()) store.setDefault(name)
  ctx.out.note(`${existed ? 'Updated' : 'Saved'} profile "${name}" for ${orgUrl}${store.defaultName() === name ? ' (default)' : ''} in ${store.path}.`)
}

export function defineAddProfile(parent: Command, services: Services, run = runAddProfile): Command {
  return parent
    .command('add')
    .description('Store an org and its API token as a named profile')
    .argument('<name>', 'profile name, e.g. prod')
    .option('--org <url>', 'org URL, e.g. https://acme.okta.com')
    .option('--token-stdin', 'read the API token from stdin instead of a prompt')
    .option('--read-only', 'refuse every change made through this profile')
    .option('--require-ticket', 'make --ticket mandatory for resets and deletes')
    .option('--default', 'make this the default profile')
    .addHelpText('after', '\nThe token is never taken as an argument. Profiles are stored with mode 0600.\n\nExamples:\n  $ oktactl profile add prod --org https://acme.okta.com\n  $ printenv OKTA_API_TOKEN | oktactl profile add ci --org https://acme.okta.com --token-stdin')
    .action(async (name: string, o: AddProfileOptions, cmd: Command) => run(name, o, contextFor(cmd, services)))
}
