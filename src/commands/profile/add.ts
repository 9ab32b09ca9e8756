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

/** The credentials the profile will hold, as far as the flags decide them; no secret is ever here. */
export type AddProfileAuth =
  /** An API token: read from stdin (--token-stdin) or a masked prompt when it runs, never from argv. */
  | { kind: 'token'; tokenStdin: boolean }
  /**
   * An OAuth service app (--client-id and --private-key). The key file is given as typed (trimmed):
   * it is resolved against the working directory and ~, loaded and checked when it runs.
   */
  | { kind: 'oauth'; clientId: string; privateKeyPath: string; keyId: string | undefined; scopes: string[] | undefined }

/**
 * What `profile add` was asked for. org is this command's --org as typed, or undefined: the
 * root's --org is its fallback, so the org is required and normalised when it runs.
 * readOnly and requireTicket are true (turn on), false (--no-…: turn off) or undefined (keep what
 * the profile had; for readOnly, the root's --read-only turns it on).
 */
export interface AddProfileRequest {
  name: string
  org: string | undefined
  auth: AddProfileAuth
  readOnly: boolean | undefined
  requireTicket: boolean | undefined
  makeDefault: boolean
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new UsageError(`"${name}" is not a valid profile name (letters, digits, . _ -).`)
  return name
}

/** The credentials the flags ask for, or the UsageError they earn on their own. */
function parseAuth(o: AddProfileFlags): AddProfileAuth {
  if (o.clientId === undefined && o.privateKey === undefined) {
    if (o.keyId !== undefined || o.scopes !== undefined) throw new UsageError('--key-id and --scopes apply to OAuth profiles (--client-id and --private-key).')
    return { kind: 'token', tokenStdin: Boolean(o.tokenStdin) }
  }
  if (o.tokenStdin) throw new UsageError('--token-stdin is for API tokens; an OAuth profile (--client-id) uses --private-key.')
  const clientId = o.clientId?.trim()
  if (!clientId) throw new UsageError('--private-key needs --client-id <id> (the service app\'s client id, 0oa…).')
  const privateKeyPath = o.privateKey?.trim()
  if (!privateKeyPath) throw new UsageError('--client-id needs --private-key <file> (a PEM or JWK file).')
  if (keySourceKind(privateKeyPath) !== 'path') {
    throw new UsageError('--private-key takes a file path, not the key itself.', 'Save the key to a file with mode 0600 and give its path.')
  }
  const scopes = o.scopes !== undefined ? splitScopes(o.scopes) : undefined
  if (o.scopes !== undefined && !scopes) throw new UsageError('--scopes is empty.', 'e.g. --scopes "okta.users.read okta.users.manage"')
  // keyId as typed: a JWKS file is searched for exactly that kid; the profile stores it trimmed.
  return { kind: 'oauth', clientId, privateKeyPath, keyId: o.keyId, scopes }
}

/**
 * Pure: the operand and flags → a request, or a UsageError for what the flags alone refute: a
 * name that cannot be stored, then credentials flags that do not go together (in the order they
 * were always checked among themselves). What needs more than this command's flags is checked
 * when it runs: the org (the root's --org is its fallback), the key file, the token.
 */
export function parseAddProfile(name: string, o: AddProfileFlags): AddProfileRequest {
  return {
    name: checkProfileName(name),
    org: o.org,
    auth: parseAuth(o),
    readOnly: o.readOnly,
    requireTicket: o.requireTicket,
    makeDefault: Boolean(o.default),
  }
}

/** The token comes from stdin or a masked prompt, never from argv, where `ps` and shell history would see it. */
async function readToken(ctx: Context, tokenStdin: boolean): Promise<string> {
  let token: string
  if (tokenStdin) token = await readSecret(ctx.io.stdin)
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
async function oauthProfile(orgUrl: string, auth: Extract<AddProfileAuth, { kind: 'oauth' }>, ctx: Context): Promise<{ profile: Profile; about: string }> {
  const path = resolveKeyPath(auth.privateKeyPath, ctx.cwd, ctx.env.HOME)
  // Loaded lazily: jose and node:crypto are not needed to register commands.
  const { loadSigningKey } = await import('../../auth/keys.js')
  const key = await loadSigningKey(path, { keyId: auth.keyId, cwd: ctx.cwd, home: ctx.env.HOME })
  if (key.fileMode !== undefined && (key.fileMode & 0o077) !== 0) {
    ctx.out.warn(`${path} is readable by other users (mode ${key.fileMode.toString(8).padStart(4, '0')}); run \`chmod 600 ${path}\`.`)
  }
  const { clientId } = auth
  const profile: Profile = { orgUrl, authMode: 'PrivateKey', clientId, privateKeyPath: path }
  if (auth.keyId?.trim()) profile.keyId = auth.keyId.trim()
  if (auth.scopes) profile.scopes = auth.scopes
  return { profile, about: `OAuth client ${clientId}, ${key.description} key ${path}${key.kid ? ` (kid ${key.kid})` : ''}` }
}

export async function runAddProfile(req: AddProfileRequest, ctx: Context): Promise<void> {
  const { name, auth } = req
  // The root --org flag and this command's --org are the same option.
  const org = req.org ?? ctx.globals.org
  if (!org) throw new UsageError('--org <url> is required, e.g. --org https://acme.okta.com')
  // `--org acme.okta.com` is taken as https://acme.okta.com, and said on stderr.
  const orgUrl = normalizeOrgFlag(org, (line) => ctx.out.note(line))
  let profile: Profile
  let about = 'API token'
  if (auth.kind === 'oauth') ({ profile, about } = await oauthProfile(orgUrl, auth, ctx))
  else profile = { orgUrl, authMode: 'SSWS', token: await readToken(ctx, auth.tokenStdin) }
  const store = await ctx.store()
  const before = store.get(name)
  // Re-adding a profile (a token rotation) keeps its guards unless told otherwise: a viewer
  // profile must not silently become one that can reset. --read-only is also a global option;
  // commander hands it to the root command. --no-read-only / --no-require-ticket turn them off.
  const readOnly = req.readOnly === false ? false : req.readOnly || ctx.globals.readOnly ? true : before?.readOnly
  const requireTicket = req.requireTicket === false ? false : req.requireTicket ? true : before?.requireTicket
  if (readOnly) profile.readOnly = true
  if (requireTicket) profile.requireTicket = true
  store.set(name, profile)
  if (req.makeDefault || !store.defaultName()) store.setDefault(name)
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
