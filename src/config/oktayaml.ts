import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { home, type Env } from './paths.js'
import { UsageError } from '../errors.js'
import { loadYaml } from '../util/lazy.js'

/** The `okta.client` keys that Okta's Node and Go SDKs read from okta.yaml. */
export interface OktaYaml {
  file: string
  orgUrl?: string
  token?: string
  authorizationMode?: string
  clientId?: string
  scopes?: string[]
  privateKey?: string
  keyId?: string
  proxy?: string
  requestTimeout?: number
  maxRetries?: number
}

/** Okta's SDK files, in the order they apply: the project's ./okta.yaml wins over ~/.okta/okta.yaml. */
export function oktaYamlPaths(env: Env, cwd: string): string[] {
  return [join(cwd, 'okta.yaml'), join(home(env), '.okta', 'okta.yaml')]
}

export async function readOktaYaml(file: string): Promise<OktaYaml | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return undefined
  }
  const { parse } = await loadYaml()
  let doc: unknown
  try {
    doc = parse(text)
  } catch (err) {
    throw new UsageError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0] ?? ''}`)
  }
  const c = (doc as { okta?: { client?: Record<string, unknown> } } | null)?.okta?.client
  if (!c || typeof c !== 'object') return { file }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined)
  const scopes = Array.isArray(c.scopes)
    ? c.scopes.map(String)
    : typeof c.scopes === 'string'
      ? c.scopes.split(/[\s,]+/).filter(Boolean)
      : undefined
  const proxy = c.proxy
  let proxyUrl: string | undefined
  if (typeof proxy === 'string') proxyUrl = str(proxy)
  else if (proxy && typeof proxy === 'object') {
    const p = proxy as Record<string, unknown>
    const host = str(p.host)
    // okta-sdk-golang's shape: proxy: { host, port, username, password }.
    const user = str(p.username)
    const auth = user ? `${encodeURIComponent(user)}${str(p.password) ? `:${encodeURIComponent(str(p.password) ?? '')}` : ''}@` : ''
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value from parsed JSON/YAML, expected to be a primitive; String() is what we want
    if (host) proxyUrl = `${str(p.protocol) ?? 'http'}://${auth}${host}${p.port ? `:${String(p.port)}` : ''}`
  }
  const privateKey =
    typeof c.privateKey === 'object' && c.privateKey !== null ? JSON.stringify(c.privateKey) : str(c.privateKey)
  const rateLimit = (c.rateLimit ?? {}) as Record<string, unknown>
  return {
    file,
    orgUrl: str(c.orgUrl),
    // Not trimmed: a token with a stray \r or space is refused by name (settings.ts checkToken).
    token: typeof c.token === 'string' && c.token.trim() !== '' ? c.token : undefined,
    authorizationMode: str(c.authorizationMode),
    clientId: str(c.clientId),
    scopes,
    privateKey,
    keyId: str(c.keyId) ?? str(c.privateKeyId),
    proxy: proxyUrl,
    requestTimeout: num(c.requestTimeout),
    maxRetries: num(rateLimit.maxRetries),
  }
}
