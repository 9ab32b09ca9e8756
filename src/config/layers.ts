import { dirname } from 'node:path'
import { retriesSetting, secondsSetting } from './flags.js'
import { home, type Env } from './paths.js'
import type { OktaYaml } from './oktayaml.js'
import { resolveKeyPath } from './privatekey.js'
import type { Profile } from './store.js'

/**
 * The places settings come from, one layer each: the environment, a stored profile, okta.yaml.
 * settings.ts collects them in precedence order and merges them.
 */

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
    timeoutSeconds: secondsSetting(env.OKTA_CLIENT_REQUEST_TIMEOUT),
    maxRetries: retriesSetting(env.OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES),
  }
}

function unescapeNewlines(v: string): string {
  return v.includes('-----BEGIN') && !v.includes('\n') && v.includes('\\n') ? v.replace(/\\n/g, '\n') : v
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
    // okta.yaml's numbers are YAML's: .nan, .inf and -1 are numbers too, and not settings.
    timeoutSeconds: secondsSetting(y.requestTimeout),
    maxRetries: retriesSetting(y.maxRetries),
  }
}

export function splitScopes(s: string | undefined): string[] | undefined {
  const list = s?.split(/[\s,]+/).filter(Boolean)
  return list?.length ? list : undefined
}
