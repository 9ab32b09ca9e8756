import { AuthError } from '../errors.js'
import { normalizeOrgUrl } from './orgurl.js'
import type { Env } from './paths.js'
import type { OktaYaml } from './oktayaml.js'
import type { Profile, ProfileStore } from './store.js'

export const DEFAULT_SCOPES = ['okta.users.read', 'okta.users.manage']

export type Credentials =
  | { mode: 'SSWS'; token: string }
  | {
      mode: 'PrivateKey'
      clientId: string
      /** Inline PEM or JWK text, or a path to a file holding one. */
      privateKey: string
      keyId?: string
      scopes: string[]
    }

/** One place settings can come from, most specific first. */
export interface Layer {
  source: string
  orgUrl?: string
  credentials?: Credentials
  profileName?: string
  readOnly?: boolean
  requireTicket?: boolean
  proxy?: string
  timeoutSeconds?: number
  maxRetries?: number
}

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

export function envLayer(env: Env): Layer {
  const orgUrl = env.OKTA_CLIENT_ORGURL || env.OKTA_ORG_URL || undefined
  const orgVar = env.OKTA_CLIENT_ORGURL ? 'OKTA_CLIENT_ORGURL' : 'OKTA_ORG_URL'
  const token = env.OKTA_CLIENT_TOKEN || env.OKTA_API_TOKEN || undefined
  const mode = env.OKTA_CLIENT_AUTHORIZATIONMODE
  let credentials: Credentials | undefined
  if (mode && /^privatekey$/i.test(mode)) {
    if (env.OKTA_CLIENT_CLIENTID && env.OKTA_CLIENT_PRIVATEKEY) {
      credentials = {
        mode: 'PrivateKey',
        clientId: env.OKTA_CLIENT_CLIENTID,
        privateKey: env.OKTA_CLIENT_PRIVATEKEY,
        keyId: env.OKTA_CLIENT_KEYID || env.OKTA_CLIENT_PRIVATEKEYID || undefined,
        scopes: splitScopes(env.OKTA_CLIENT_SCOPES) ?? DEFAULT_SCOPES,
      }
    }
  } else if (token) {
    credentials = { mode: 'SSWS', token }
  }
  return {
    source: orgUrl ? `environment (${orgVar})` : 'environment',
    orgUrl,
    credentials,
    proxy: env.HTTPS_PROXY || env.https_proxy || undefined,
  }
}

export function profileLayer(name: string, p: Profile): Layer {
  let credentials: Credentials | undefined
  if (p.authMode === 'PrivateKey' && p.clientId && p.privateKeyPath) {
    credentials = {
      mode: 'PrivateKey',
      clientId: p.clientId,
      privateKey: p.privateKeyPath,
      keyId: p.keyId,
      scopes: p.scopes?.length ? p.scopes : DEFAULT_SCOPES,
    }
  } else if (p.token) {
    credentials = { mode: 'SSWS', token: p.token }
  }
  return {
    source: `profile "${name}"`,
    orgUrl: p.orgUrl,
    credentials,
    profileName: name,
    readOnly: p.readOnly,
    requireTicket: p.requireTicket,
  }
}

export function yamlLayer(y: OktaYaml): Layer {
  let credentials: Credentials | undefined
  if (y.authorizationMode && /^privatekey$/i.test(y.authorizationMode)) {
    if (y.clientId && y.privateKey) {
      credentials = { mode: 'PrivateKey', clientId: y.clientId, privateKey: y.privateKey, keyId: y.keyId, scopes: y.scopes ?? DEFAULT_SCOPES }
    }
  } else if (y.token) {
    credentials = { mode: 'SSWS', token: y.token }
  }
  return {
    source: y.file,
    orgUrl: y.orgUrl,
    credentials,
    proxy: y.proxy,
    timeoutSeconds: y.requestTimeout && y.requestTimeout > 0 ? y.requestTimeout : undefined,
    maxRetries: y.maxRetries,
  }
}

export function splitScopes(s: string | undefined): string[] | undefined {
  const list = s?.split(/[\s,]+/).filter(Boolean)
  return list?.length ? list : undefined
}

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
    credentials = l.credentials
    sources.credentials = l.source
    break
  }
  if (!credentials) {
    throw new AuthError(
      `No API token or OAuth client is configured for ${orgUrl}.`,
      skipped.length ? `${NO_CREDENTIALS_HINT} (Skipped: ${skipped.join('; ')}.)` : NO_CREDENTIALS_HINT,
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
    profileName: pick('profileName') as string | undefined,
    readOnly: (pick('readOnly') as boolean | undefined) ?? false,
    requireTicket: (pick('requireTicket') as boolean | undefined) ?? false,
    proxy: pick('proxy') as string | undefined,
    timeoutSeconds: pick('timeoutSeconds') as number | undefined,
    maxRetries: pick('maxRetries') as number | undefined,
    sources,
    skipped,
  }
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
}): Promise<Layer[]> {
  const layers: Layer[] = []
  if (opts.flagOrg) layers.push({ source: 'flag --org', orgUrl: opts.flagOrg })
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
      if (y) layers.push(yamlLayer(y))
    }
  }
  return layers
}
