import { AuthError } from '../errors.js'
import { envLayer, profileLayer, yamlLayer, type Credentials, type Layer } from './layers.js'
import { normalizeOrgFlag, normalizeOrgUrl, withAssumedScheme } from './orgurl.js'
import type { Env } from './paths.js'
import type { OktaYaml } from './oktayaml.js'
import type { ProfileStore } from './store.js'

export { DEFAULT_SCOPES, envLayer, profileLayer, splitScopes, yamlLayer, type Credentials, type Layer } from './layers.js'

export interface Settings {
  orgUrl: string
  credentials: Credentials
  profileName?: string
  readOnly: boolean
  requireTicket: boolean
  proxy?: string
  timeoutSeconds?: number
  maxRetries?: number
  /** Which layer each value came from, for `profile show --sources` and --debug. */
  sources: Record<string, string>
  /** Credentials passed over because they belong to another org. */
  skipped: string[]
}

export const NO_CREDENTIALS_HINT =
  'Run `oktactl profile add <name> --org https://your-org.okta.com` (the token is read from a prompt or --token-stdin), ' +
  'or set OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN.'

/**
 * Merge layers, most specific first. The org URL comes from the first layer that has one.
 * Credentials come as a unit from the first layer that has them *and* either names no org or
 * names the same org: a token stored for one org is never sent to another.
 */
export function mergeLayers(layers: Layer[]): Settings {
  const sources: Record<string, string> = {}
  const skipped: string[] = []
  const orgLayer = layers.find((l) => l.orgUrl)
  if (!orgLayer?.orgUrl) throw new AuthError('No Okta org is configured.', NO_CREDENTIALS_HINT)
  const orgUrl = normalizeOrgUrl(orgLayer.orgUrl, `org URL from ${orgLayer.source}`)
  sources.orgUrl = orgLayer.source

  let credentials: Credentials | undefined
  for (const l of layers) {
    if (!l.credentials) continue
    if (l.orgUrl && safeOrigin(l.orgUrl) !== orgUrl) {
      skipped.push(`${l.source} (its credentials are for ${l.orgUrl})`)
      continue
    }
    if (!l.orgUrl) {
      // Credentials that do not say which org they belong to are never sent to an org another
      // source named: OKTA_CLIENT_TOKEN=… oktactl --org https://other… would hand the token over.
      const from = l.credentialsSource ?? l.source
      throw new AuthError(
        `Credentials from ${from} name no org, and the org (${orgUrl}) comes from ${orgLayer.source}: oktactl will not send them there.`,
        l.source.startsWith('environment')
          ? 'Set OKTA_CLIENT_ORGURL to the org the token belongs to (and drop --org), or use a profile for the other org: `oktactl --profile <name> …`.'
          : `Add orgUrl to ${l.source}, or use a profile for ${orgUrl}.`,
      )
    }
    if (l.credentials.mode === 'SSWS') checkToken(l.credentials.token, l.credentialsSource ?? l.source)
    credentials = l.credentials
    sources.credentials = l.credentialsSource ?? l.source
    for (const [k, v] of Object.entries(l.fieldSources ?? {})) sources[k] = v
    if (l.credentials.mode === 'PrivateKey') sources.scopes = l.scopesDefaulted ? 'default' : (l.fieldSources?.scopes ?? l.credentialsSource ?? l.source)
    break
  }
  if (!credentials) {
    const problems = layers.flatMap((l) => l.problems ?? [])
    const notes = [
      skipped.length ? `Skipped: ${skipped.join('; ')}.` : '',
      problems.length ? `Also: ${problems.join('; ')}.` : '',
    ].filter(Boolean)
    throw new AuthError(
      `No API token or OAuth client is configured for ${orgUrl}.`,
      notes.length ? `${NO_CREDENTIALS_HINT} (${notes.join(' ')})` : NO_CREDENTIALS_HINT,
    )
  }
  const pick = <K extends 'readOnly' | 'requireTicket' | 'proxy' | 'timeoutSeconds' | 'maxRetries' | 'profileName'>(k: K) => {
    const l = layers.find((x) => x[k] !== undefined)
    if (l) sources[k] = l.source
    return l?.[k]
  }
  return {
    orgUrl,
    credentials,
    profileName: pick('profileName'),
    readOnly: pick('readOnly') ?? false,
    requireTicket: pick('requireTicket') ?? false,
    proxy: pick('proxy'),
    timeoutSeconds: pick('timeoutSeconds'),
    maxRetries: pick('maxRetries'),
    sources,
    skipped,
  }
}

/**
 * An API token is printable ASCII without spaces. A control character or whitespace is nearly
 * always a copy that took a line end with it (a token file saved on Windows ends in \r\n, which
 * `$(cat file)` keeps half of); sending it would fail in a confusing way, or worse, print it.
 * The message names where the token came from and never the token.
 */
export function checkToken(token: string, source: string): void {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const bad = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/u.exec(token)
  if (!bad) return
  const ch = bad[0]
  const what = ch === '\r' ? 'a carriage return (\\r)' : ch === '\n' ? 'a newline (\\n)' : ch === ' ' ? 'a space' : ch === '\t' ? 'a tab' : `the character U+${ch.codePointAt(0)?.toString(16).padStart(4, '0').toUpperCase() ?? '?'}`
  const where = bad.index === token.length - 1 ? 'at its end' : bad.index === 0 ? 'at its start' : `at position ${bad.index + 1}`
  throw new AuthError(
    `The API token from ${source} contains ${what} ${where}; it was not sent.`,
    ch === '\r' || ch === '\n'
      ? 'The token was probably read from a file with Windows line endings; strip them, e.g. `export OKTA_CLIENT_TOKEN="$(tr -d \'\\r\\n\' < token.txt)"`.'
      : 'Copy the token again without surrounding spaces or line breaks.',
  )
}

function safeOrigin(u: string): string | undefined {
  try {
    return new URL(u).origin
  } catch {
    return undefined
  }
}

/**
 * Collect the layers in precedence order:
 *  1. flags (--org);
 *  2. an explicitly chosen profile (--profile, else OKTACTL_PROFILE): then it is used alone,
 *     so ambient OKTA_* variables never mix with it;
 *  3. otherwise the environment (OKTA_CLIENT_* / OKTA_ORG_URL, OKTA_API_TOKEN), the default
 *     profile, ./okta.yaml, ~/.okta/okta.yaml.
 */
export async function collectLayers(opts: {
  flagProfile?: string
  flagOrg?: string
  env: Env
  cwd: string
  openStore: () => Promise<ProfileStore>
  readYaml: (file: string) => Promise<OktaYaml | undefined>
  yamlPaths: string[]
  /** Told when --org is a bare host taken as https:// ("Assuming https://…"), for stderr. */
  note?: (line: string) => void
}): Promise<Layer[]> {
  const layers: Layer[] = []
  if (opts.flagOrg) {
    // `--org acme.okta.com`: https:// is assumed, and said; a URL with a scheme is checked later, as before.
    const orgUrl = withAssumedScheme(opts.flagOrg) === undefined ? opts.flagOrg : normalizeOrgFlag(opts.flagOrg, opts.note ?? (() => {}), 'org URL from flag --org')
    layers.push({ source: 'flag --org', orgUrl })
  }
  const chosen = opts.flagProfile ?? (opts.env.OKTACTL_PROFILE || undefined)
  if (chosen) {
    const store = await opts.openStore()
    const p = store.get(chosen)
    if (!p) {
      const names = store.list().map(([n]) => n)
      throw new AuthError(
        `No profile named "${chosen}"${opts.flagProfile ? '' : ' (from OKTACTL_PROFILE)'}.`,
        names.length ? `Known profiles: ${names.join(', ')}.` : 'Create one with `oktactl profile add`.',
      )
    }
    layers.push(profileLayer(chosen, p))
    return layers
  }
  layers.push(envLayer(opts.env))
  const env = layers[layers.length - 1]
  // The profile store is opened only when the environment does not already say everything.
  if (!(env?.orgUrl && env.credentials)) {
    const store = await opts.openStore()
    const name = store.defaultName()
    const p = name ? store.get(name) : undefined
    if (name && p) layers.push(profileLayer(name, p))
    for (const f of opts.yamlPaths) {
      const y = await opts.readYaml(f)
      if (y) layers.push(yamlLayer(y, opts.env))
    }
  }
  return layers
}
