import { OktaClient, type ClientOptions, type OktaResponse, type RequestOptions, type ResponseInfo } from '../api/client.js'
import { OktaApiError } from '../errors.js'
import { authParam, needsApiToken, scopeFor } from './scopes.js'

/** What the OAuth authoriser can tell about itself; SSWS auth has none of these. */
export interface ExplainableAuth {
  /** Scopes the current access token was granted, when known. */
  grantedScopes?(): string[] | undefined
  /** Sees every response (DPoP nonces from resource servers). */
  observe?(info: ResponseInfo): void
}

export interface AuthFailure {
  status: number
  errorCode?: string
  method: string
  /** Path of the request, without the query. */
  path: string
  /** Auth mode: SSWS, Bearer, DPoP (or PrivateKey before the first token). */
  mode: string
  /** The response's WWW-Authenticate header. */
  challenge?: string
  grantedScopes?: string[]
}

/**
 * The one place that explains a 401 or 403 under OAuth: which scope the command needs
 * (`okta.users.read` for reads, `okta.users.manage` for changes, or the one Okta names in
 * `WWW-Authenticate: … error="insufficient_scope", scope="…"`), that `factors questions` needs an
 * API token, and what a rejected token or DPoP proof means. SSWS failures keep the hints in
 * src/main.ts (`hintFor`), which only applies when an error carries no hint of its own.
 */
export function authHint(f: AuthFailure): string | undefined {
  if (f.mode === 'SSWS') return undefined
  if ((f.status === 401 || f.status === 403) && needsApiToken(f.path)) {
    return (
      '`factors questions` calls GET /api/v1/users/{id}/factors/questions, which Okta allows with an SSWS API token only; ' +
      'an OAuth service app cannot call it. Use a profile with an API token for this command (`--profile <name>`).'
    )
  }
  const error = authParam(f.challenge, 'error')
  if (f.status === 403 && (error === 'insufficient_scope' || f.errorCode === 'E0000006')) {
    const needed = authParam(f.challenge, 'scope') ?? scopeFor(f.method, f.path)
    const granted = f.grantedScopes
    if (granted && needed.split(/\s+/).every((s) => granted.includes(s)) && error !== 'insufficient_scope') {
      return (
        `The access token has the ${needed} scope, so the service app's admin role is what is missing: ` +
        'assign it an admin role that may manage these users (Admin Console → Applications → the app → Admin roles).'
      )
    }
    return (
      `This command needs the OAuth scope ${needed}${granted ? ` (the access token has: ${granted.join(' ') || 'none'})` : ''}. ` +
      `Grant it to the service app (Admin Console → Applications → the app → Okta API Scopes) and request it: ` +
      `\`oktactl profile add <name> --org … --client-id … --private-key … --scopes "${[...new Set([...(granted?.length ? granted : ['okta.users.read', 'okta.users.manage']), ...needed.split(/\s+/)])].join(' ')}"\`, ` +
      'or OKTA_CLIENT_SCOPES / okta.yaml `scopes`. The app also needs an admin role. `oktactl doctor` shows what was granted.'
    )
  }
  if (f.status === 401) {
    if (error === 'invalid_dpop_proof' || error === 'use_dpop_nonce') {
      return `Okta rejected the DPoP proof (${error}). Check this machine's clock, then run \`oktactl doctor\`.`
    }
    return (
      'Okta did not accept the OAuth access token. Run `oktactl doctor` to check the service app, its key and the clock; ' +
      '`--no-token-cache` rules out a stale cached token.'
    )
  }
  return undefined
}

/**
 * OktaClient plus the auth explanations above. It watches responses (to remember the last
 * `WWW-Authenticate` challenge and let the authoriser see DPoP nonces) and attaches the hint to
 * the OktaApiError the client throws, so src/main.ts prints it with the request ids.
 */
export class ExplainingClient extends OktaClient {
  private readonly seen: { challenge?: string }

  constructor(options: ClientOptions) {
    const seen: { challenge?: string } = {}
    const auth = options.auth as ClientOptions['auth'] & ExplainableAuth
    super({
      ...options,
      onResponse: (info) => {
        if (info.status === 401 || info.status === 403) seen.challenge = info.headers.get('www-authenticate') ?? undefined
        auth.observe?.(info)
        options.onResponse?.(info)
      },
    })
    this.seen = seen
  }

  override async request<T>(path: string, opts: RequestOptions = {}): Promise<OktaResponse<T>> {
    this.seen.challenge = undefined
    try {
      return await super.request<T>(path, opts)
    } catch (err) {
      if (err instanceof OktaApiError && (err.status === 401 || err.status === 403) && !err.hint) {
        const auth = this.auth as ClientOptions['auth'] & ExplainableAuth
        const hint = authHint({
          status: err.status,
          errorCode: err.errorCode,
          method: err.method,
          path: safePath(err.url),
          mode: auth.mode,
          challenge: this.seen.challenge,
          grantedScopes: auth.grantedScopes?.(),
        })
        // CliError.hint is read-only to commands; this is the one place that fills it in late.
        if (hint) (err as unknown as { hint: string }).hint = hint
      }
      throw err
    }
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}
