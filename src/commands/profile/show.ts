import { tokenCacheDisabled, tokenCachePath } from '../../auth/cache.js'
import { oktaYamlPaths, readOktaYaml } from '../../config/oktayaml.js'
import { describeKeySource } from '../../config/privatekey.js'
import { collectLayers, mergeLayers, type Layer, type Settings } from '../../config/settings.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from '../../config/flags.js'
import { AuthError, NotFoundError, UsageError } from '../../errors.js'
import { displayProxyUrl, resolveProxy } from '../../net/proxy.js'
import { redactToken } from '../../output/format.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's argument and flag, declared once; ShowProfileFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('show')
    .description('Show a profile (the token is redacted), or with --sources the settings in effect and where each came from')
    .argument('[name]', 'profile name (default: the selected or default profile)')
    .option('--sources', 'show the settings a command would use (flags, profile, environment, okta.yaml) and the source of each')
export type ShowProfileFlags = FlagsOf<ReturnType<typeof declare>>

/**
 * What `profile show` was asked for: a stored profile (by name, or the selected or default one),
 * or the settings in effect (--sources) and where each came from.
 */
export interface ShowProfileRequest {
  name: string | undefined
  sources: boolean
}

/** Pure: the operand and flag → a request. */
export function parseShowProfile(name: string | undefined, o: ShowProfileFlags): ShowProfileRequest {
  return { name, sources: Boolean(o.sources) }
}

export async function runShowProfile(req: ShowProfileRequest, ctx: Context): Promise<void> {
  const { name } = req
  if (req.sources) return runShowSources(name, ctx)
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
  if (ctx.out.json) {
    ctx.out.printJson(shown)
    return
  }
  const rows = Object.entries(shown).filter(([, v]) => v !== undefined)
  await ctx.out.printList(rows, [
    { header: 'FIELD', value: ([k]) => k },
    { header: 'VALUE', value: ([, v]) => (Array.isArray(v) ? v.join(' ') : String(v)) },
  ])
}

interface SourceRow {
  field: string
  value: string
  source: string
}

/**
 * The settings a command would use right now, each with the layer it came from (flags,
 * profile, environment, okta.yaml, defaults), and the layers passed over. Secrets are shown
 * redacted or not at all: the API token as its first and last characters, an inline private key
 * as "(inline PEM key, not shown)", a proxy password as ****. Access tokens are never shown.
 */
export async function runShowSources(name: string | undefined, ctx: Context): Promise<void> {
  const flagProfile = name ?? ctx.globals.profile
  const yamlPaths = oktaYamlPaths(ctx.env, ctx.cwd)
  const layers = await collectLayers({
    flagProfile,
    flagOrg: ctx.globals.org,
    note: (line) => ctx.out.note(line),
    env: ctx.env,
    cwd: ctx.cwd,
    openStore: () => ctx.store(),
    readYaml: readOktaYaml,
    yamlPaths,
  })
  let s: Settings
  try {
    s = mergeLayers(layers)
  } catch (err) {
    // No org, or no credentials for it: show where we looked, then fail as every command would.
    if (err instanceof AuthError) await printPlacesLooked(ctx, layers, flagProfile, yamlPaths)
    throw err
  }
  const src = s.sources
  const rows: SourceRow[] = []
  const row = (field: string, value: string | undefined, source: string | undefined) => {
    if (value !== undefined) rows.push({ field, value, source: source ?? 'default' })
  }
  row('profile', s.profileName ?? '(none)', src.profileName ?? '—')
  row('orgUrl', s.orgUrl, src.orgUrl)
  const c = s.credentials
  row('authMode', c.mode, src.credentials)
  if (c.mode === 'SSWS') {
    row('token', redactToken(c.token), src.credentials)
  } else {
    row('clientId', c.clientId, src.clientId ?? src.credentials)
    row('privateKey', describeKeySource(c.privateKey), src.privateKey ?? src.credentials)
    row('keyId', c.keyId ?? '(none; the JWK kid if it has one)', c.keyId ? (src.keyId ?? src.credentials) : 'default')
    row('scopes', c.scopes.join(' '), src.scopes)
  }
  row('readOnly', String(Boolean(ctx.globals.readOnly) || s.readOnly), ctx.globals.readOnly ? 'flag --read-only' : src.readOnly)
  row('requireTicket', String(s.requireTicket), src.requireTicket)

  const proxy = resolveProxy(s.orgUrl, ctx.env, { url: s.proxy, source: src.proxy })
  if (proxy.url) row('proxy', displayProxyUrl(proxy.url), proxy.source)
  else if (proxy.bypassedBy) row('proxy', `none (${proxy.bypassedBy} exempts the org)`, proxy.source)
  else row('proxy', 'none', 'default')

  // --timeout and --max-retries as the Context parsed them (once, for every command).
  const { timeoutSeconds: timeoutFlag, maxRetries: retriesFlag } = ctx
  row('timeout', `${timeoutFlag ?? s.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} s`, timeoutFlag !== undefined ? 'flag --timeout' : src.timeoutSeconds)
  row('maxRetries', String(retriesFlag ?? s.maxRetries ?? DEFAULT_MAX_RETRIES), retriesFlag !== undefined ? 'flag --max-retries' : src.maxRetries)

  if (c.mode === 'PrivateKey') {
    const off = tokenCacheDisabled(ctx.env, ctx.globals.tokenCache)
    const why = ctx.globals.tokenCache === false ? 'flag --no-token-cache' : off ? 'environment (OKTACTL_NO_TOKEN_CACHE)' : 'default'
    row('tokenCache', off ? 'off' : `on (${tokenCachePath(ctx.env)})`, why)
  }
  for (const skipped of s.skipped) row('skipped', skipped, 'not used: another org')

  if (ctx.out.json) {
    const obj: Record<string, unknown> = {}
    for (const r of rows) if (r.field !== 'skipped') obj[r.field] = { value: r.value, source: r.source }
    obj.skipped = s.skipped
    ctx.out.printJson(obj)
    return
  }
  await ctx.out.printList(rows, [
    { header: 'FIELD', value: (r) => r.field },
    { header: 'VALUE', value: (r) => r.value },
    { header: 'SOURCE', value: (r) => r.source },
  ])
}

/** The variables envLayer reads to find an org and credentials. Only whether each is set is shown. */
const ENV_VARS = ['OKTA_CLIENT_ORGURL', 'OKTA_ORG_URL', 'OKTA_CLIENT_TOKEN', 'OKTA_API_TOKEN', 'OKTA_CLIENT_AUTHORIZATIONMODE', 'OKTA_CLIENT_CLIENTID', 'OKTA_CLIENT_PRIVATEKEY']

/**
 * Every place collectLayers consults, in precedence order, and what it found there. No values
 * from the environment are printed (they may be secrets), only whether each variable is set.
 */
async function printPlacesLooked(ctx: Context, layers: Layer[], flagProfile: string | undefined, yamlPaths: string[]): Promise<void> {
  const envProfile = ctx.env.OKTACTL_PROFILE || undefined
  const chosen = Boolean(flagProfile ?? envProfile)
  const passed = 'not consulted (a profile was chosen)'
  const store = await ctx.store()
  const defaultName = store.defaultName()
  const places: Array<{ place: string; status: string }> = [
    { place: 'flag --org', status: ctx.globals.org ?? 'not set' },
    { place: 'flag --profile', status: flagProfile ? `"${flagProfile}"` : 'not set' },
    { place: 'OKTACTL_PROFILE', status: flagProfile ? passed : envProfile ? `"${envProfile}"` : 'not set' },
    ...ENV_VARS.map((v) => ({ place: `environment (${v})`, status: chosen ? passed : ctx.env[v] ? 'set' : 'not set' })),
    { place: `default profile (${store.path})`, status: chosen ? passed : defaultName ? `"${defaultName}"` : 'not set' },
    ...yamlPaths.map((f) => ({ place: f, status: chosen ? passed : layers.some((l) => l.source === f) ? 'found' : 'not found' })),
  ]
  if (ctx.out.json) {
    ctx.out.printJson({ looked: places })
    return
  }
  ctx.out.note('Looked for an org and credentials in these places, in precedence order:')
  await ctx.out.printList(places, [
    { header: 'PLACE', value: (p) => p.place },
    { header: 'STATUS', value: (p) => p.status },
  ])
}

export function defineShowProfile(parent: Noun, services: Services, run = runShowProfile) {
  return declare(parent)
    .addHelpText('after', '\nSecrets are never shown: API tokens are redacted, private keys and access tokens are not printed.\n\nExamples:\n  $ oktactl profile show prod\n  $ oktactl profile show --sources\n  $ OKTA_CLIENT_ORGURL=https://acme.okta.com oktactl profile show --sources --json')
    .action(async (name, o, c) => run(parseShowProfile(name, o), contextFor(c, services)))
}
