import { createHash, randomBytes, type KeyObject } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose'
import { FIXED_NOW } from '../../helpers/run.js'

export const CLIENT_ID = '0oa1serviceapp000000'
export const USER_ID = '00u1alicealice00000a'
export const GROUP_ID = '00g1engineering00000'
const ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512']
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Credentials for a PrivateKey run against `s`, as the SDKs read them from the environment. */
export function oauthEnv(s: { url: string }, key: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OKTA_CLIENT_ORGURL: s.url,
    OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
    OKTA_CLIENT_CLIENTID: CLIENT_ID,
    OKTA_CLIENT_PRIVATEKEY: key,
    ...extra,
  }
}

export interface OrgServerOptions {
  /** The client's public key; assertions must verify with it. */
  publicKey?: KeyObject
  clientId?: string
  /** When set, the assertion's kid header must equal it. */
  keyId?: string
  /** The app requires DPoP-bound tokens. */
  dpop?: boolean
  /** How a token request without a DPoP proof is answered when dpop is on (Okta: invalid_dpop_proof). */
  dpopMissing?: 'use_dpop_nonce' | 'invalid_dpop_proof'
  grantedScopes?: string[]
  /** The server's clock in ms (the CLI under runCli lives at FIXED_NOW). */
  clock?: () => number
  /** Added to the Date header only: a server whose clock is off. */
  dateSkewMs?: number
  /** An SSWS API token the API accepts. */
  ssws?: string
  expiresIn?: number
  rateLimit?: { limit: number; remaining: number; resetInSeconds: number }
  /** The API (resource server) also wants a DPoP nonce in proofs, and says so with a 401. */
  resourceNonce?: boolean
  /** A Classic Engine org: no /api/v1/authenticators (404). */
  classic?: boolean
}

export interface Recorded {
  method: string
  path: string
  /** Authorization scheme: SSWS, Bearer, DPoP or none. */
  scheme: string
  status: number
}

/**
 * A loopback Okta org for auth tests: /oauth2/v1/token verifies the private_key_jwt assertion
 * (signature with the public key, aud, iss, sub, exp, a jti never seen before) and plays the
 * DPoP nonce dance; the API checks Bearer tokens, DPoP tokens with their proofs (jkt, htm,
 * htu, ath, fresh jti), scopes (403 insufficient_scope) and SSWS tokens.
 */
export class OrgServer {
  url = ''
  tokenRequests = 0
  /** Token requests that were answered with a token. */
  tokensIssued = 0
  readonly requests: Recorded[] = []
  readonly rejections: string[] = []
  /** Every secret the server saw or made, for "never printed" assertions. */
  readonly secrets: string[] = []
  readonly nonce = `n-${randomBytes(8).toString('hex')}`
  readonly apiNonce = `rn-${randomBytes(8).toString('hex')}`
  /** Answer 401 to every access token, even a fresh one. */
  rejectTokens = false
  private readonly seenJti = new Set<string>()
  private readonly tokens = new Map<string, { type: 'Bearer' | 'DPoP'; jkt?: string; scopes: string[] }>()
  private readonly server = createServer((req, res) => void this.handle(req, res))
  readonly o: Required<Pick<OrgServerOptions, 'clientId' | 'grantedScopes' | 'clock' | 'dateSkewMs' | 'expiresIn' | 'dpopMissing'>> & OrgServerOptions

  constructor(options: OrgServerOptions = {}) {
    this.o = {
      clientId: CLIENT_ID,
      grantedScopes: ['okta.users.read', 'okta.users.manage'],
      clock: () => FIXED_NOW.getTime(),
      dateSkewMs: 0,
      expiresIn: 3600,
      dpopMissing: 'use_dpop_nonce',
      ...options,
    }
  }

  static async start(options: OrgServerOptions = {}): Promise<OrgServer> {
    const s = new OrgServer(options)
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve))
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`
    return s
  }

  get tokenUrl(): string {
    return `${this.url}/oauth2/v1/token`
  }

  /** Forget every issued token: the next API call with one gets a 401. */
  revokeAll(): void {
    this.tokens.clear()
  }

  apiCalls(): Recorded[] {
    return this.requests.filter((r) => r.path.startsWith('/api/'))
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.url)
    const scheme = (req.headers.authorization ?? 'none').split(' ')[0] ?? 'none'
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path: url.pathname, scheme, status })
      res.writeHead(status, {
        'Content-Type': 'application/json',
        Date: new Date(this.o.clock() + this.o.dateSkewMs).toUTCString(),
        'X-Okta-Request-Id': `req-${this.requests.length}`,
        ...headers,
      })
      res.end(json === undefined ? '' : JSON.stringify(json))
    }
    try {
      if (url.pathname === '/oauth2/v1/token' && req.method === 'POST') return await this.token(req, body, reply)
      if (url.pathname === '/.well-known/okta-organization') return reply(200, { id: '00o1org', pipeline: 'idx' })
      if (url.pathname.startsWith('/api/v1/')) return await this.api(req, url, body, reply)
      reply(404, { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' })
    } catch (err) {
      reply(500, { errorCode: 'E0000009', errorSummary: `test server: ${(err as Error).message}` })
    }
  }

  private async token(req: IncomingMessage, body: string, reply: (s: number, j: unknown, h?: Record<string, string>) => void): Promise<void> {
    this.tokenRequests++
    const form = new URLSearchParams(body)
    const assertion = form.get('client_assertion') ?? ''
    this.secrets.push(assertion)
    const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}) => {
      this.rejections.push(`${error}: ${description}`)
      reply(status, { error, error_description: description }, headers)
    }
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) return fail(400, 'invalid_request', 'form body expected')
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'client_credentials expected')
    if (form.get('client_assertion_type') !== JWT_BEARER) return fail(400, 'invalid_client', 'bad client_assertion_type')
    if (!this.o.publicKey) return fail(401, 'invalid_client', 'no key registered')
    try {
      const { payload, protectedHeader } = await jwtVerify(assertion, this.o.publicKey, {
        audience: this.tokenUrl,
        issuer: this.o.clientId,
        subject: this.o.clientId,
        algorithms: ALGS,
        currentDate: new Date(this.o.clock()),
        requiredClaims: ['exp', 'iat', 'jti'],
      })
      if (this.o.keyId && protectedHeader.kid !== this.o.keyId) throw new Error(`kid ${String(protectedHeader.kid)} is not registered`)
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > 3600) throw new Error('exp more than 1 h after iat')
      const jti = String(payload.jti)
      if (this.seenJti.has(jti)) throw new Error('jti replayed')
      this.seenJti.add(jti)
    } catch (err) {
      return fail(401, 'invalid_client', `The client_assertion is invalid: ${(err as Error).message}`)
    }
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean)
    const denied = requested.filter((s) => !this.o.grantedScopes.includes(s))
    if (denied.length) return fail(400, 'invalid_scope', `The following scopes are not allowed: ${denied.join(', ')}`)

    let jkt: string | undefined
    if (this.o.dpop) {
      const proof = req.headers.dpop
      if (typeof proof !== 'string') {
        return this.o.dpopMissing === 'use_dpop_nonce'
          ? fail(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', { 'DPoP-Nonce': this.nonce })
          : fail(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.')
      }
      this.secrets.push(proof)
      try {
        const { payload, jwk } = await this.verifyProof(proof, 'POST', this.tokenUrl)
        if (payload.nonce !== this.nonce) {
          return fail(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', { 'DPoP-Nonce': this.nonce })
        }
        jkt = jwk
      } catch (err) {
        return fail(400, 'invalid_dpop_proof', (err as Error).message)
      }
    }
    const accessToken = `at-${randomBytes(24).toString('base64url')}`
    this.secrets.push(accessToken)
    this.tokens.set(accessToken, { type: jkt ? 'DPoP' : 'Bearer', jkt, scopes: requested })
    this.tokensIssued++
    reply(200, { token_type: jkt ? 'DPoP' : 'Bearer', expires_in: this.o.expiresIn, access_token: accessToken, scope: requested.join(' ') })
  }

  /** Verify a DPoP proof; returns its claims and the thumbprint of its key. */
  private async verifyProof(proof: string, method: string, htu: string, accessToken?: string) {
    const header = decodeProtectedHeader(proof)
    if (header.typ !== 'dpop+jwt') throw new Error(`typ ${String(header.typ)}`)
    if (!header.jwk || 'd' in header.jwk) throw new Error('the proof must carry a public jwk')
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ALGS, currentDate: new Date(this.o.clock()) })
    if (payload.htm !== method) throw new Error(`htm ${String(payload.htm)} is not ${method}`)
    if (payload.htu !== htu) throw new Error(`htu ${String(payload.htu)} is not ${htu}`)
    if (typeof payload.iat !== 'number' || Math.abs(payload.iat * 1000 - this.o.clock()) > 300_000) throw new Error('iat out of range')
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- the proof under test may carry anything
    const jti = String(payload.jti ?? '')
    if (!jti || this.seenJti.has(jti)) throw new Error('DPoP proof jti missing or replayed')
    this.seenJti.add(jti)
    if (accessToken !== undefined) {
      const ath = createHash('sha256').update(accessToken).digest('base64url')
      if (payload.ath !== ath) throw new Error('ath does not match the access token')
    }
    return { payload, jwk: await calculateJwkThumbprint(header.jwk) }
  }

  private async api(req: IncomingMessage, url: URL, _body: string, reply: (s: number, j: unknown, h?: Record<string, string>) => void): Promise<void> {
    const method = req.method ?? 'GET'
    const authz = req.headers.authorization ?? ''
    const [scheme = '', credential = ''] = authz.split(' ')
    const rl = this.o.rateLimit
    const rlHeaders: Record<string, string> = rl
      ? {
          'X-Rate-Limit-Limit': String(rl.limit),
          'X-Rate-Limit-Remaining': String(rl.remaining),
          'X-Rate-Limit-Reset': String(Math.floor((this.o.clock() + this.o.dateSkewMs) / 1000) + rl.resetInSeconds),
        }
      : {}
    const unauthorized = (error: string, description: string, challenge = 'Bearer') => {
      this.rejections.push(`${error}: ${description}`)
      reply(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] }, {
        'WWW-Authenticate': `${challenge} authorization_uri="${this.tokenUrl}", realm="IdpDefault", error="${error}", error_description="${description}"`,
      })
    }
    let scopes: string[] | undefined
    if (scheme === 'SSWS') {
      if (!this.o.ssws || credential !== this.o.ssws) return unauthorized('invalid_token', 'bad SSWS token', 'SSWS')
    } else if (scheme === 'Bearer' || scheme === 'DPoP') {
      const t = this.rejectTokens ? undefined : this.tokens.get(credential)
      if (!t) return unauthorized('invalid_token', 'The access token is invalid.')
      if (t.type === 'DPoP') {
        if (scheme !== 'DPoP') return unauthorized('invalid_token', 'DPoP-bound token sent as Bearer', 'DPoP')
        const proof = req.headers.dpop
        if (typeof proof !== 'string') return unauthorized('invalid_dpop_proof', 'missing DPoP proof', 'DPoP')
        this.secrets.push(proof)
        try {
          const { jwk, payload } = await this.verifyProof(proof, method, `${this.url}${url.pathname}`, credential)
          if (jwk !== t.jkt) throw new Error('proof key is not the key the token is bound to')
          if (this.o.resourceNonce && payload.nonce !== this.apiNonce) {
            this.rejections.push('use_dpop_nonce (API)')
            return reply(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] }, {
              'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
              'DPoP-Nonce': this.apiNonce,
            })
          }
        } catch (err) {
          return unauthorized('invalid_dpop_proof', (err as Error).message, 'DPoP')
        }
      } else if (scheme !== 'Bearer') {
        return unauthorized('invalid_token', 'Bearer token sent as DPoP')
      }
      scopes = t.scopes
    } else {
      return unauthorized('invalid_token', 'no credentials')
    }

    if (scopes) {
      if (/\/factors\/questions$/.test(url.pathname)) {
        return reply(403, { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] })
      }
      if (url.pathname === '/api/v1/users/me') {
        return reply(404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: me (User)', errorCauses: [] })
      }
      // As the spec declares: listAssignedRolesForUser needs okta.roles.read, not a users scope.
      const needed = /^\/api\/v1\/users\/[^/]+\/roles$/.test(url.pathname)
        ? 'okta.roles.read'
        : url.pathname.startsWith('/api/v1/groups')
          ? 'okta.groups.read'
          : url.pathname === '/api/v1/logs'
            ? 'okta.logs.read'
          : method === 'GET' ? 'okta.users.read' : 'okta.users.manage'
      if (!scopes.includes(needed)) {
        return reply(403, { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] }, {
          'WWW-Authenticate': `Bearer authorization_uri="${this.tokenUrl}", realm="IdpDefault", scope="${needed}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${url.pathname}"`,
        })
      }
    }

    const user = { id: USER_ID, status: 'ACTIVE', profile: { login: 'alice@example.com', email: 'alice@example.com' } }
    const factor = {
      id: 'mbl1factor0000000001',
      factorType: 'sms',
      provider: 'OKTA',
      vendorName: 'OKTA',
      status: 'ACTIVE',
      created: '2026-11-01T12:00:00.000Z',
      lastUpdated: '2026-11-01T12:00:00.000Z',
      profile: { phoneNumber: '+15551230001' },
    }
    const p = url.pathname
    if (method === 'GET' && p === '/api/v1/users/me') return reply(200, user, rlHeaders)
    if (method === 'GET' && p === '/api/v1/users') return reply(200, [user], rlHeaders)
    if (method === 'GET' && p === '/api/v1/logs') return reply(200, [], rlHeaders)
    if (method === 'GET' && p === '/api/v1/authenticators' && !this.o.classic) return reply(200, [{ id: 'aut1tac', key: 'tac', type: 'tac', status: 'ACTIVE', name: 'Temporary Access Code' }], rlHeaders)
    if (method === 'GET' && p === '/api/v1/groups') return reply(200, [{ id: GROUP_ID, type: 'OKTA_GROUP', profile: { name: 'Engineering' } }], rlHeaders)
    if (method === 'GET' && p === `/api/v1/groups/${GROUP_ID}/users`) return reply(200, [user], rlHeaders)
    if (method === 'GET' && /^\/api\/v1\/users\/[^/]+$/.test(p)) return reply(200, user, rlHeaders)
    if (method === 'GET' && /^\/api\/v1\/users\/[^/]+\/roles$/.test(p)) return reply(200, [], rlHeaders)
    if (method === 'GET' && /^\/api\/v1\/users\/[^/]+\/factors$/.test(p)) return reply(200, [factor], rlHeaders)
    if (method === 'GET' && /^\/api\/v1\/users\/[^/]+\/factors\/questions$/.test(p)) return reply(200, [{ question: 'disliked_food', questionText: 'What food?' }], rlHeaders)
    if (method === 'GET' && /^\/api\/v1\/users\/[^/]+\/factors\/[^/]+$/.test(p)) return reply(200, factor, rlHeaders)
    if (method === 'DELETE' && /^\/api\/v1\/users\/[^/]+\/factors\/[^/]+$/.test(p)) return reply(204, undefined, rlHeaders)
    if (method === 'POST' && /^\/api\/v1\/users\/[^/]+\/factors$/.test(p)) return reply(200, { ...factor, factorType: 'email', id: 'emf1factor0000000001', profile: { email: 'alice@example.com' } }, rlHeaders)
    reply(404, { errorCode: 'E0000007', errorSummary: `Not found: ${p}`, errorCauses: [] })
  }
}
