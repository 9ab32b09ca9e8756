import { normalizeOrgFlag } from '../../config/orgurl.js'
import { keySourceKind, resolveKeyPath } from '../../config/privatekey.js'
import { splitScopes } from '../../config/settings.js'
import { PROFILE_NAME, type Profile } from '../../config/store.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { UsageError } from '../../errors.js'
import { readSecret } from '../../prompt/stdin.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; AddProfileFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('add')
    .description('Store an org and its API token, or its OAuth service app, as a named profile')
    .argument('<name>', 'profile name, e.g. prod')
    .option('--org <url>', 'org URL, e.g. https://acme.okta.com')
    .option('--token-stdin', 'read the API token from stdin instead of a prompt')
    .option('--client-id <id>', 'OAuth 2.0 service app client id (private_key_jwt instead of an API token)')
    .option('--private-key <file>', 'PEM (PKCS#8, PKCS#1, SEC1; RSA or EC) or JWK file of the app; its path is stored, not the key')
    .option('--key-id <kid>', 'key id (kid) registered with the app, if it has several keys')
    .option('--scopes <scopes>', 'scopes to request, space-separated (default "okta.users.read okta.users.manage")')
    .option('--read-only', 'refuse every change made through this profile (kept when the profile is added again)')
    .option('--no-read-only', 'updating a profile: allow changes again')
    .option('--require-ticket', 'make --ticket mandatory for resets and deletes (kept when the profile is added again)')
    .option('--no-require-ticket', 'updating a profile: make --ticket optional again')
    .option('--default', 'make this the default profile')
export type AddProfileFlags = FlagsOf<ReturnType<typeof declare>>

/**
 * What `profile add` was asked for: the profile's name (checked here) and its flags. The org
 * (this command's --org, or the root's) and the credentials are checked when it runs, in the
 * order they always were: the org first, then the token or the OAuth app.
 */
export interface AddProfileRequest {
  name: string
  flags: AddProfileFlags
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new UsageError(`"${name}" is not a valid profile name (letters, digits, . _ -).`)
  return name
}

/** Pure: the operand and flags → a request, or a UsageError for a name that cannot be stored. */
export function parseAddProfile(name: string, o: AddProfileFlags): AddProfileRequest {
  return { name: checkProfileName(name), flags: o }
}

/** The token comes from stdin or a masked prompt, never from argv, where `ps` and shell history would see it. */
async function readToken(ctx: Context, o: AddProfileFlags): Promise<string> {
  let token: string
  if (o.tokenStdin) token = await readSecret(ctx.io.stdin)
  else if (ctx.canPrompt) token = await ctx.prompt.password('Okta API token (input hidden):', (v) => (v.trim() ? true : 'Required'))
  else throw new UsageError('Cannot ask for the API token (no terminal, or --no-input).', 'Pipe it in with --token-stdin, e.g. `printenv OKTA_TOKEN | oktactl profile add prod --org … --token-stdin`.')
  token = token.trim()
  if (!token) throw new UsageError('The API token is empty.')
  if (/\s/.test(token)) throw new UsageError('The API token must not contain spaces.')
  return token
}

/**
 * An OAuth service app profile: check the key file now (it must load and sign), then store its
 * absolute path, never the key. The key itself stays where the operator keeps it.
 */
async function oauthProfile(orgUrl: string, o: AddProfileFlags, ctx: Context): Promise<{ profile: Profile; about: string }> {
  if (o.tokenStdin) throw new UsageError('--token-stdin is for API tokens; an OAuth profile (--client-id) uses --private-key.')
  if (!o.clientId?.trim()) throw new UsageError('--private-key needs --client-id <id> (the service app\'s client id, 0oa…).')
  if (!o.privateKey?.trim()) throw new UsageError('--client-id needs --private-key <file> (a PEM or JWK file).')
  if (keySourceKind(o.privateKey) !== 'path') {
    throw new UsageError('--private-key takes a file path, not the key itself.', 'Save the key to a file with mode 0600 and give its path.')
  }
  const path = resolveKeyPath(o.privateKey, ctx.cwd, ctx.env.HOME)
  const scopes = o.scopes !== undefined ? splitScopes(o.scopes) : undefined
  if (o.scopes !== undefined && !scopes) throw new UsageError('--scopes is empty.', 'e.g. --scopes "okta.users.read okta.users.manage"')
  // Loaded lazily: jose and node:crypto are not needed to register commands.
  const { loadSigningKey } = await import('../../auth/keys.js')
  const key = await loadSigningKey(path, { keyId: o.keyId, cwd: ctx.cwd, home: ctx.env.HOME })
  if (key.fileMode !== undefined && (key.fileMode & 0o077) !== 0) {
    ctx.out.warn(`${path} is readable by other users (mode ${key.fileMode.toString(8).padStart(4, '0')}); run \`chmod 600 ${path}\`.`)
  }
  const clientId = o.clientId.trim()
  const profile: Profile = { orgUrl, authMode: 'PrivateKey', clientId, privateKeyPath: path }
  if (o.keyId?.trim()) profile.keyId = o.keyId.trim()
  if (scopes) profile.scopes = scopes
  return { profile, about: `OAuth client ${clientId}, ${key.description} key ${path}${key.kid ? ` (kid ${key.kid})` : ''}` }
}

export async function runAddProfile(req: AddProfileRequest, ctx: Context): Promise<void> {
  const { name, flags: o } = req
  // The root --org flag and this command's --org are the same option.
  const org = o.org ?? ctx.globals.org
  if (!org) throw new UsageError('--org <url> is required, e.g. --org https://acme.okta.com')
  // `--org acme.okta.com` is taken as https://acme.okta.com, and said on stderr.
  const orgUrl = normalizeOrgFlag(org, (line) => ctx.out.note(line))
  let profile: Profile
  let about = 'API token'
  if (o.clientId !== undefined || o.privateKey !== undefined) {
    ;({ profile, about } = await oauthProfile(orgUrl, o, ctx))
  } else {
    if (o.keyId !== undefined || o.scopes !== undefined) throw new UsageError('--key-id and --scopes apply to OAuth profiles (--client-id and --private-key).')
    profile = { orgUrl, authMode: 'SSWS', token: await readToken(ctx, o) }
  }
  const store = await ctx.store()
  const before = store.get(name)
  // Re-adding a profile (a token rotation) keeps its guards unless told otherwise: a viewer
  // profile must not silently become one that can reset. --read-only is also a global option;
  // commander hands it to the root command. --no-read-only / --no-require-ticket turn them off.
  const readOnly = o.readOnly === false ? false : o.readOnly || ctx.globals.readOnly ? true : before?.readOnly
  const requireTicket = o.requireTicket === false ? false : o.requireTicket ? true : before?.requireTicket
  if (readOnly) profile.readOnly = true
  if (requireTicket) profile.requireTicket = true
  store.set(name, profile)
  if (o.default || !store.defaultName()) store.setDefault(name)
  ctx.out.note(`${before ? 'Updated' : 'Saved'} profile "${name}" for ${orgUrl} (${about})${store.defaultName() === name ? ' (default)' : ''} in ${store.path}.`)
  if (before) {
    const changes = [
      before.orgUrl !== profile.orgUrl ? `org ${before.orgUrl} → ${profile.orgUrl}` : '',
      before.authMode !== profile.authMode ? `auth ${before.authMode ?? 'SSWS'} → ${profile.authMode ?? 'SSWS'}` : '',
      Boolean(before.readOnly) !== Boolean(profile.readOnly) ? `read-only ${profile.readOnly ? 'on' : 'off'}` : profile.readOnly ? 'read-only kept' : '',
      Boolean(before.requireTicket) !== Boolean(profile.requireTicket) ? `require-ticket ${profile.requireTicket ? 'on' : 'off'}` : profile.requireTicket ? 'require-ticket kept' : '',
    ].filter(Boolean)
    if (changes.length) ctx.out.note(`Changes: ${changes.join('; ')}.`)
  }
}

export function defineAddProfile(parent: Noun, services: Services, run = runAddProfile) {
  return declare(parent)
    .addHelpText(
      'after',
      '\nThe token is never taken as an argument. Profiles are stored with mode 0600.\n' +
        'OAuth profiles store the key file\'s path; tokens are cached in the state dir (0600) until shortly before they expire.\n' +
        'DPoP is used automatically when the app requires it.\n\nExamples:\n' +
        '  $ oktactl profile add prod --org https://acme.okta.com\n' +
        '  $ printenv OKTA_API_TOKEN | oktactl profile add ci --org https://acme.okta.com --token-stdin\n' +
        '  $ oktactl profile add svc --org https://acme.okta.com --client-id 0oa1b2c3 --private-key ~/.okta/svc.pem --key-id k1\n' +
        '  $ oktactl profile add helpdesk --org https://acme.okta.com --client-id 0oa1b2c3 --private-key key.json --scopes okta.users.read --read-only',
    )
    .action(async (name, o, c) => run(parseAddProfile(name, o), contextFor(c, services)))
}
