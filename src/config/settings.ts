import { AuthError } from '../errors.js'
import { dirname } from 'node:path'
import { normalizeOrgUrl } from './orgurl.js'
import { home, type Env } from './paths.js'
import type { OktaYaml } from './oktayaml.js'
import { resolveKeyPath } from './privatekey.js'
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
  /** Where the credentials came from when that is more precise than `source` (e.g. the variable names). */
  credentialsSource?: string
  /** The PrivateKey scopes were not configured here, so the defaults apply. */
  scopesDefaulted?: boolean
  /** Per-field sources within the credentials (clientId, privateKey, keyId, scopes), e.g. the variable names. */
  fieldSources?: Record<string, string>
  /** Settings here that were incomplete or unusable; quoted when no credentials are found. */
  problems?: string[]
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
  const tokenVar = env.OKTA_CLIENT_TOKEN ? 'OKTA_CLIENT_TOKEN' : 'OKTA_API_TOKEN'
  const mode = env.OKTA_CLIENT_AUTHORIZATIONMODE
  const problems: string[] = []
  let credentials: Credentials | undefined
  let credentialsSource: string | undefined
  let scopesDefaulted: boolean | undefined
  let fieldSources: Record<string, string> | undefined
  if (mode && /^privatekey$/i.test(mode)) {
    if (env.OKTA_CLIENT_CLIENTID && env.OKTA_CLIENT_PRIVATEKEY) {
      const scopes = splitScopes(env.OKTA_CLIENT_SCOPES)
      scopesDefaulted = !scopes
      const keyIdVar = env.OKTA_CLIENT_KEYID ? 'OKTA_CLIENT_KEYID' : env.OKTA_CLIENT_PRIVATEKEYID ? 'OKTA_CLIENT_PRIVATEKEYID' : undefined
      fieldSources = {
        clientId: 'environment (OKTA_CLIENT_CLIENTID)',
        privateKey: 'environment (OKTA_CLIENT_PRIVATEKEY)',
        ...(keyIdVar ? { keyId: `environment (${keyIdVar})` } : {}),
        ...(scopes ? { scopes: 'environment (OKTA_CLIENT_SCOPES)' } : {}),
      }
      credentials = {
        mode: 'PrivateKey',
        clientId: env.OKTA_CLIENT_CLIENTID,
        // A CI secret often holds a PEM with its newlines escaped as \n.
        privateKey: unescapeNewlines(env.OKTA_CLIENT_PRIVATEKEY),
        keyId: env.OKTA_CLIENT_KEYID || env.OKTA_CLIENT_PRIVATEKEYID || undefined,
        scopes: scopes ?? DEFAULT_SCOPES,
      }
      credentialsSource = 'environment (OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey)'
    } else {
      const missing = ['OKTA_CLIENT_CLIENTID', 'OKTA_CLIENT_PRIVATEKEY'].filter((k) => !env[k])
      problems.push(`OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not`)
    }
  } else if (mode && !/^ssws$/i.test(mode)) {
    problems.push(`OKTA_CLIENT_AUTHORIZATIONMODE=${mode} is not supported (use SSWS or PrivateKey)`)
  } else if (token) {
    credentials = { mode: 'SSWS', token }
    credentialsSource = `environment (${tokenVar})`
  }
  return {
    source: orgUrl ? `environment (${orgVar})` : 'environment',
    orgUrl,
    credentials,
    credentialsSource,
    scopesDefaulted,
    fieldSources,
    problems: problems.length ? problems : undefined,
    // Proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY are decided in src/net/proxy.ts, for every
    // profile, not only when the environment layer is in play.
    // The okta-sdk-golang spellings of the timeout and retry settings.
    timeoutSeconds: positive(env.OKTA_CLIENT_REQUEST_TIMEOUT),
    maxRetries: wholeNumber(env.OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES),
  }
}

function unescapeNewlines(v: string): string {
  return v.includes('-----BEGIN') && !v.includes('\n') && v.includes('\\n') ? v.replace(/\\n/g, '\n') : v
}

function positive(v: string | undefined): number | undefined {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v)
  return Number.isFinite(n) && n > 0 ? n : undefined
}

function wholeNumber(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined
}

export function profileLayer(name: string, p: Profile): Layer {
  let credentials: Credentials | undefined
  let scopesDefaulted: boolean | undefined
  if (p.authMode === 'PrivateKey' && p.clientId && p.privateKeyPath) {
    scopesDefaulted = !p.scopes?.length
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
    scopesDefaulted,
    profileName: name,
    readOnly: p.readOnly,
    requireTicket: p.requireTicket,
  }
}

export function yamlLayer(y: OktaYaml, env: Env = {}): Layer {
  let credentials: Credentials | undefined
  let scopesDefaulted: boolean | undefined
  const problems: string[] = []
  if (y.authorizationMode && /^privatekey$/i.test(y.authorizationMode)) {
    if (y.clientId && y.privateKey) {
      scopesDefaulted = !y.scopes?.length
      credentials = {
        mode: 'PrivateKey',
        clientId: y.clientId,
        // A relative key path in okta.yaml is relative to the file, not to where oktactl runs.
        privateKey: resolveKeyPath(y.privateKey, dirname(y.file), home(env)),
        keyId: y.keyId,
        scopes: y.scopes?.length ? y.scopes : DEFAULT_SCOPES,
      }
    } else {
      const missing = [!y.clientId && 'clientId', !y.privateKey && 'privateKey'].filter(Boolean)
      problems.push(`${y.file} sets authorizationMode: PrivateKey without ${missing.join(' and ')}`)
    }
  } else if (y.authorizationMode && !/^ssws$/i.test(y.authorizationMode)) {
    problems.push(`${y.file}: authorizationMode ${y.authorizationMode} is not supported (use SSWS or PrivateKey)`)
  } else if (y.token) {
    credentials = { mode: 'SSWS', token: y.token }
  }
  return {
    source: y.file,
    orgUrl: y.orgUrl,
    credentials,
    scopesDefaulted,
    problems: problems.length ? problems : undefined,
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
      if (y) layers.push(yamlLayer(y, opts.env))
    }
  }
  return layers
}
