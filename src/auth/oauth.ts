import type { Method, ResponseInfo } from '../api/client.js'
import { send, type ResponseHeaders, type TransportResponse } from '../api/transport.js'
import { redactBodyText, redactHeaders } from '../api/redact.js'
import type { Credentials } from '../config/settings.js'
import { AuthError, CliError, ExitCode, NetworkError } from '../errors.js'
import { TokenCache, tokenCachePath, usable, type CachedToken } from './cache.js'
import type { AuthDeps, OAuthAuth, OAuthDetails, OAuthTokenInfo } from './types.js'
import { clientAssertion, dpopProof } from './jwt.js'
import { loadSigningKey, type SigningKey } from './keys.js'
import { authParam, parseScopes } from './scopes.js'

type PrivateKeyCredentials = Extract<Credentials, { mode: 'PrivateKey' }>

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const MAX_TOKEN_ATTEMPTS = 3

interface HeldToken extends CachedToken {
  source: 'cache' | 'okta'
}

export async function createPrivateKeyAuth(orgUrl: string, c: PrivateKeyCredentials, deps: AuthDeps): Promise<PrivateKeyAuth> {
  const key = await loadSigningKey(c.privateKey, { keyId: c.keyId, cwd: deps.cwd ?? process.cwd(), home: deps.env.HOME })
  const cache = deps.noTokenCache ? undefined : new TokenCache(tokenCachePath(deps.env), deps.debug)
  return new PrivateKeyAuth(orgUrl, c, key, deps, cache)
}

/**
 * OAuth 2.0 for an Okta API service app: client-credentials grant with a private_key_jwt
 * assertion against the org authorization server, Bearer or DPoP-bound access tokens, and a
 * shared on-disk token cache.
 *
 * DPoP is discovered, not configured: a token request is sent without a proof; if Okta answers
 * 400 `use_dpop_nonce` (with a `DPoP-Nonce`) or `invalid_dpop_proof`, it is sent again with a
 * proof (carrying the nonce), and every API call then gets `Authorization: DPoP <token>` and a
 * fresh proof. A cached DPoP token records that it is DPoP-bound and to which key, and is only
 * reused with that key.
 */
export class PrivateKeyAuth implements OAuthAuth {
  readonly tokenUrl: string
  private held: HeldToken | undefined
  private inflight: Promise<HeldToken> | undefined
  private dpopRequired = false
  private tokenNonce: string | undefined
  private resourceNonce: string | undefined
  private retryForNonce = false
  private readonly cacheKey: string

  constructor(
    readonly orgUrl: string,
    private readonly creds: PrivateKeyCredentials,
    private readonly key: SigningKey,
    private readonly deps: AuthDeps,
    private readonly cache: TokenCache | undefined,
  ) {
    this.tokenUrl = `${orgUrl.replace(/\/+$/, '')}/oauth2/v1/token`
    this.cacheKey = TokenCache.keyFor({ orgUrl, clientId: creds.clientId, thumbprint: key.thumbprint, scopes: creds.scopes })
  }

  /** Bearer or DPoP once a token is held; before that, what we expect. */
  get mode(): string {
    return this.held?.tokenType ?? (this.dpopRequired ? 'DPoP' : 'Bearer')
  }

  async headers(req: { method: Method; url: string }): Promise<Record<string, string>> {
    const t = await this.ensure()
    if (t.tokenType !== 'DPoP') return { Authorization: `Bearer ${t.accessToken}` }
    const proof = await dpopProof({
      key: this.key,
      method: req.method,
      url: req.url,
      nowSeconds: this.nowSeconds(),
      accessToken: t.accessToken,
      nonce: this.resourceNonce,
    })
    return { Authorization: `DPoP ${t.accessToken}`, DPoP: proof }
  }

  /**
   * A 401 from the API. If the resource server asked for a DPoP nonce, retry with it. Otherwise
   * drop the token (from memory and the cache file) and retry once if it came from the cache;
   * a token fetched a moment ago would only be refused again.
   */
  async onUnauthorized(): Promise<boolean> {
    if (this.retryForNonce) {
      this.retryForNonce = false
      return true
    }
    const t = this.held
    if (!t) return false
    this.held = undefined
    await this.cache?.delete(this.cacheKey)
    if (t.source === 'cache') this.deps.debug('the cached access token was refused; fetching a new one')
    return t.source === 'cache'
  }

  observe(info: ResponseInfo): void {
    const nonce = info.headers.get('dpop-nonce')
    if (nonce) this.resourceNonce = nonce
    if (info.status === 401 && nonce && authParam(info.headers.get('www-authenticate'), 'error') === 'use_dpop_nonce') {
      this.retryForNonce = true
    }
  }

  grantedScopes(): string[] | undefined {
    return this.held?.scopes
  }

  async token(): Promise<OAuthTokenInfo> {
    const t = await this.ensure()
    return { tokenType: t.tokenType, scopes: t.scopes, expiresAt: t.expiresAt, source: t.source }
  }

  details(): OAuthDetails {
    return {
      clientId: this.creds.clientId,
      requestedScopes: this.creds.scopes,
      keyOrigin: this.key.origin,
      keyDescription: this.key.description,
      alg: this.key.alg,
      kid: this.key.kid,
      keyFileMode: this.key.fileMode,
      cacheFile: this.cache?.path,
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.now() / 1000)
  }

  private async ensure(): Promise<HeldToken> {
    if (this.held && usable(this.held, this.deps.now())) return this.held
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined
    })
    return this.inflight
  }

  private async load(): Promise<HeldToken> {
    const now = this.deps.now()
    if (this.cache) {
      const c = await this.cache.get(this.cacheKey)
      if (c && usable(c, now) && (c.tokenType !== 'DPoP' || c.jkt === this.key.thumbprint)) {
        this.deps.debug(`using the cached ${c.tokenType} access token (expires in ${Math.round((c.expiresAt - now) / 60_000)} min; ${this.cache.path})`)
        this.held = { ...c, source: 'cache' }
        if (c.tokenType === 'DPoP') this.dpopRequired = true
        return this.held
      }
    }
    const fresh = await this.fetchToken()
    this.held = { ...fresh, source: 'okta' }
    if (this.cache) await this.cache.put(this.cacheKey, fresh, now)
    return this.held
  }

  private async fetchToken(): Promise<CachedToken> {
    for (let attempt = 1; ; attempt++) {
      const nowSeconds = this.nowSeconds()
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: this.creds.scopes.join(' '),
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion({ key: this.key, clientId: this.creds.clientId, tokenUrl: this.tokenUrl, nowSeconds }),
      }).toString()
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(this.deps.userAgent ? { 'User-Agent': this.deps.userAgent } : {}),
      }
      if (this.dpopRequired) {
        headers.DPoP = await dpopProof({ key: this.key, method: 'POST', url: this.tokenUrl, nowSeconds, nonce: this.tokenNonce })
      }
      const res = await this.post(form, headers)
      const body = parseObject(res.text)
      const nonce = res.headers.get('dpop-nonce') ?? undefined
      if (nonce) this.tokenNonce = nonce
      if (res.status >= 200 && res.status < 300 && typeof body.access_token === 'string') {
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value from parsed JSON/YAML, expected to be a primitive; String() is what we want
        const tokenType = String(body.token_type ?? 'Bearer').toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer'
        const expiresIn = Number(body.expires_in)
        const scopes = parseScopes(body.scope)
        this.deps.debug(`access token issued: ${tokenType}, expires in ${Number.isFinite(expiresIn) ? expiresIn : '?'} s, scope "${scopes.join(' ')}"`)
        return {
          accessToken: body.access_token,
          tokenType,
          expiresAt: this.deps.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000,
          scopes: scopes.length ? scopes : this.creds.scopes,
          ...(tokenType === 'DPoP' ? { jkt: this.key.thumbprint } : {}),
          orgUrl: this.orgUrl,
          clientId: this.creds.clientId,
        }
      }
      const error = typeof body.error === 'string' ? body.error : undefined
      if (attempt < MAX_TOKEN_ATTEMPTS && res.status === 400 && error === 'use_dpop_nonce' && nonce) {
        this.deps.debug('the token endpoint wants a DPoP proof with its nonce; sending one')
        this.dpopRequired = true
        continue
      }
      if (attempt < MAX_TOKEN_ATTEMPTS && res.status === 400 && error === 'invalid_dpop_proof' && !this.dpopRequired) {
        this.deps.debug('the token endpoint requires DPoP; sending a proof')
        this.dpopRequired = true
        continue
      }
      throw this.tokenError(res.status, error, typeof body.error_description === 'string' ? body.error_description : undefined)
    }
  }

  private async post(body: string, headers: Record<string, string>): Promise<{ status: number; headers: ResponseHeaders; text: string }> {
    const trace = this.deps.debug
    trace(`→ POST ${this.tokenUrl}`)
    for (const [k, v] of Object.entries(redactHeaders(headers))) trace(`  ${k}: ${v}`)
    trace(`  body: ${redactBodyText(body)}`)
    const timeoutMs = this.deps.timeoutMs ?? 30_000
    const started = Date.now()
    let res: TransportResponse
    try {
      // The transport and proxy agent OktaClient uses, so the token request goes the same way.
      res = await send({ method: 'POST', url: this.tokenUrl, headers, body, timeoutMs, agent: await this.deps.agentFor?.(new URL(this.tokenUrl)) })
    } catch (err) {
      const reason = networkReason(err)
      trace(`← ${reason}`)
      throw new NetworkError(`POST ${this.tokenUrl} (the OAuth token request) failed: ${reason}`, 'POST', this.tokenUrl)
    }
    const requestId = res.headers.get('x-okta-request-id')
    trace(`← ${res.status} ${res.statusText} (${Date.now() - started} ms)${requestId ? ` X-Okta-Request-Id: ${requestId}` : ''}`)
    const nonce = res.headers.get('dpop-nonce')
    if (nonce) trace(`  dpop-nonce: ${nonce}`)
    if (res.body) trace(`  body: ${redactBodyText(res.body)}`)
    return { status: res.status, headers: res.headers, text: res.body }
  }

  private tokenError(status: number, error: string | undefined, description: string | undefined): CliError {
    const desc = description ? `: ${scrub(description)}` : ''
    const what = `${error ?? `HTTP ${status}`}${desc}`
    const client = this.creds.clientId
    const kid = this.key.kid ? ` (kid ${this.key.kid})` : ''
    if (status === 429) return new CliError(`Okta rate-limited the OAuth token request (${what}).`, ExitCode.RATE_LIMITED, 'Wait a minute and try again.')
    if (status >= 500 || status < 400) return new CliError(`The OAuth token request failed with HTTP ${status} (${what}).`, ExitCode.FAILURE)
    switch (error) {
      case 'invalid_client':
        return new AuthError(
          `Okta rejected the client assertion of client ${client} (${what}).`,
          `Check that the app authenticates with "Public key / Private key", that its public keys include this ${this.key.description} key${kid}, ` +
            "that the client id is right, and that this machine's clock is correct (`oktactl doctor`).",
        )
      case 'invalid_scope':
        return new AuthError(
          `Okta refused the scopes "${this.creds.scopes.join(' ')}" for client ${client} (${what}).`,
          'Grant them to the app (Admin Console → Applications → the app → Okta API Scopes), or request only granted ones with ' +
            '`--scopes` on `profile add`, OKTA_CLIENT_SCOPES or okta.yaml `scopes`. Read-only use needs okta.users.read only.',
        )
      case 'unauthorized_client':
        return new AuthError(`Client ${client} may not use the client-credentials grant (${what}).`, 'Make it an API Services app with the Client Credentials grant.')
      case 'invalid_dpop_proof':
      case 'use_dpop_nonce':
        return new AuthError(`Okta rejected the DPoP proof of client ${client} (${what}).`, "Check this machine's clock (`oktactl doctor`).")
      default:
        return new AuthError(`The OAuth token request for client ${client} failed with HTTP ${status} (${what}).`, 'Run `oktactl doctor` for details.')
    }
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** An error description is Okta's text, but never let anything token-shaped through. */
function scrub(text: string): string {
  return text.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[REDACTED]').slice(0, 300)
}

function networkReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  if (e?.name === 'TimeoutError') return e.message
  if (e?.code) return e.message?.includes(e.code) ? e.message : `${e.code} (${e.message})`
  return e?.message || 'network error'
}
