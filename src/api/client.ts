import type { Agent } from 'node:http'
import { isLoopbackHost } from '../config/orgurl.js'
import { visible } from '../output/visible.js'
import { AuthError, CliError, ExitCode, NetworkError, OktaApiError, UnexpectedAnswerError } from '../errors.js'
import { redactBodyText, redactHeaders } from './redact.js'
import { MAX_BODY_BYTES, requestWasSent, send, type ResponseHeaders, type TransportResponse } from './transport.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** How a request is authorised: SSWS API token, OAuth Bearer, or DPoP-bound token. */
export interface Auth {
  readonly mode: string
  /** Headers that authorise one request to `url`. */
  headers(req: { method: Method; url: string }): Promise<Record<string, string>>
  /** Called once on a 401; return true to retry the request (e.g. after dropping a cached token). */
  onUnauthorized?(): Promise<boolean>
}

export interface ResponseInfo {
  method: Method
  url: string
  status: number
  headers: ResponseHeaders
}

export interface ClientOptions {
  orgUrl: string
  auth: Auth
  userAgent: string
  timeoutMs: number
  /** Retries after a 429, and for GETs after a network error or 5xx. 0 disables both. */
  maxRetries: number
  /** Refuse every non-GET request before it is sent. */
  readOnly?: boolean
  /** --debug trace lines (already redacted). */
  debug?: (line: string) => void
  /** Human notices such as "rate limited, waiting 3 s". */
  notify?: (line: string) => void
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** The agent for a request URL, e.g. a proxy agent; undefined for a direct connection. */
  agentFor?: (url: URL) => Promise<Agent | undefined>
  /** Seen after every response; bulk runs use it to pace themselves. */
  onResponse?: (info: ResponseInfo) => void
}

/** What a 2xx body must be: a JSON object, an array of objects, or anything (including empty). */
export type Shape = 'object' | 'array' | 'any'

export interface RequestOptions {
  method?: Method
  /** Default 'any' (still valid JSON or empty); `get` defaults to 'object'. */
  expect?: Shape
  /** String fields every object of the answer must have (e.g. `id`), or it is an unexpected answer. */
  require?: readonly string[]
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  headers?: Record<string, string | undefined>
}

export interface OktaResponse<T> {
  status: number
  headers: ResponseHeaders
  data: T
  requestId: string | undefined
}

/**
 * 429s that must not be retried: each retry would send the user another SMS or voice call.
 * Okta allows one OTP per phone every 30 s.
 */
const NO_RETRY_429 = new Set(['E0000109', 'E0000133'])
/** The longest oktactl waits for a rate-limit window, whatever reset time a server names (429s and bulk pacing). */
export const MAX_RATE_LIMIT_WAIT_MS = 90_000

/**
 * The one HTTP client. It knows the org, authorises every request, encodes nothing itself
 * (callers build paths with apiPath), maps non-2xx answers to OktaApiError, waits out 429s,
 * and retries network errors and 5xx for GET only. A POST or DELETE is never sent twice,
 * except after a 429, which Okta did not process.
 */
export class OktaClient {
  readonly orgUrl: string
  readonly auth: Auth
  private readonly o: ClientOptions
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: () => number

  constructor(options: ClientOptions) {
    this.o = options
    this.orgUrl = options.orgUrl.replace(/\/+$/, '')
    this.auth = options.auth
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
    this.now = options.now ?? Date.now
  }

  async get<T>(path: string, query?: RequestOptions['query'], expect: Shape = 'object', require?: readonly string[]): Promise<T> {
    return (await this.request<T>(path, { method: 'GET', query, expect, require })).data
  }

  /** Resolve an absolute link from a response (e.g. `_links.poll.href`), refusing other hosts. */
  link(href: string): string {
    let url: URL
    try {
      url = new URL(href, this.orgUrl)
    } catch {
      throw new CliError(`Okta returned a link that is not a URL: ${visible(href)}`, ExitCode.FAILURE)
    }
    if (url.origin !== new URL(this.orgUrl).origin) {
      throw new CliError(`Refusing to follow a link to another host: ${visible(url.origin)}`, ExitCode.FAILURE)
    }
    return url.pathname + url.search
  }

  async request<T>(path: string, opts: RequestOptions = {}): Promise<OktaResponse<T>> {
    const method = opts.method ?? 'GET'
    const url = this.buildUrl(path, opts.query)
    if (this.o.readOnly && method !== 'GET') {
      throw new AuthError(
        `Refusing ${method} ${new URL(url).pathname}: this profile is read-only.`,
        'Use a profile without readOnly, or drop --read-only, to make changes.',
      )
    }
    let rateLimitRetries = 0
    let transientRetries = 0
    let reauthorised = false
    const retryHeaders: Record<string, string> = {}

    for (;;) {
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'User-Agent': this.o.userAgent,
        ...(await this.auth.headers({ method, url })),
        ...retryHeaders,
      }
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = v
      const bodyText = opts.body === undefined ? undefined : JSON.stringify(opts.body)

      this.trace(`→ ${method} ${url}`)
      for (const [k, v] of Object.entries(redactHeaders(headers))) this.trace(`  ${k}: ${v}`)
      if (bodyText !== undefined) this.trace(`  body: ${redactBodyText(bodyText)}`)

      const started = this.now()
      let res: TransportResponse
      // Through a proxy, a refused connection is the proxy's, not the org's.
      let agent: Agent | undefined
      try {
        agent = await this.o.agentFor?.(new URL(url))
        res = await send({ method, url, headers, body: bodyText, timeoutMs: this.o.timeoutMs, agent })
      } catch (err) {
        const reason = describeNetworkError(err)
        this.trace(`← ${reason}`)
        const permanent = permanentNetworkHint(err)
        if (permanent !== undefined) throw new NetworkError(`${method} ${url} failed: ${reason}`, method, url, permanent || undefined)
        if (method === 'GET' && transientRetries < this.o.maxRetries) {
          transientRetries++
          await this.backoff(transientRetries, `${reason}; retrying GET`)
          continue
        }
        const sent = requestWasSent(err)
        throw new NetworkError(
          `${method} ${url} failed: ${reason}`, method, url,
          sent && method !== 'GET'
            ? 'The request had been sent, so the change may have been made: check before retrying.'
            : agent === undefined ? loopbackRefusedHint(err, this.orgUrl) : undefined,
          sent,
        )
      }

      const requestId = res.headers.get('x-okta-request-id') ?? undefined
      const text = res.body
      this.trace(`← ${res.status} ${res.statusText} (${this.now() - started} ms)${requestId ? ` X-Okta-Request-Id: ${requestId}` : ''}`)
      for (const h of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) {
        const v = res.headers.get(h)
        if (v !== null) this.trace(`  ${h}: ${v}`)
      }
      if (text) this.trace(`  body: ${redactBodyText(text)}`)
      this.o.onResponse?.({ method, url, status: res.status, headers: res.headers })

      const ok = res.status >= 200 && res.status < 300
      const unexpected = (why: string) => new UnexpectedAnswerError(method, url, res.status, why)
      if (res.tooLarge) {
        this.trace(`  body: larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; not read`)
        if (ok) throw unexpected(`the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`)
      }
      const data = parseJson(text)
      if (ok) {
        const why = shapeProblem(text, data, opts.expect ?? 'any', opts.require ?? [])
        if (why) throw unexpected(why)
        return { status: res.status, headers: res.headers, data: data as T, requestId }
      }

      const error = new OktaApiError({
        status: res.status,
        statusText: res.statusText,
        body: isObject(data) && !depthExceeds(data, MAX_JSON_DEPTH) ? data : undefined,
        requestId,
        method,
        url,
      })

      if (res.status === 401 && !reauthorised && this.auth.onUnauthorized) {
        reauthorised = true
        if (await this.auth.onUnauthorized()) continue
      }
      if (res.status === 429) {
        if (error.errorCode && NO_RETRY_429.has(error.errorCode)) throw error
        if (rateLimitRetries >= this.o.maxRetries) throw error
        rateLimitRetries++
        const wait = this.rateLimitWait(res.headers)
        this.o.notify?.(
          `Rate limited by Okta (${method} ${new URL(url).pathname}); waiting ${Math.ceil(wait / 1000)} s before retry ${rateLimitRetries} of ${this.o.maxRetries}.`,
        )
        await this.sleep(wait)
        if (requestId) retryHeaders['X-Okta-Retry-For'] = requestId
        retryHeaders['X-Okta-Retry-Count'] = String(rateLimitRetries)
        continue
      }
      if (res.status >= 500 && method === 'GET' && transientRetries < this.o.maxRetries) {
        transientRetries++
        await this.backoff(transientRetries, `HTTP ${res.status}; retrying GET`)
        continue
      }
      throw error
    }
  }

  /** X-Rate-Limit-Reset − Date + 1 s, as Okta's SDKs compute it. */
  rateLimitWait(headers: ResponseHeaders): number {
    const reset = Number(headers.get('x-rate-limit-reset'))
    const date = Date.parse(headers.get('date') ?? '')
    const nowMs = Number.isNaN(date) ? this.now() : date
    if (!Number.isFinite(reset) || reset <= 0) return 1000
    const wait = reset * 1000 - nowMs + 1000
    return Math.min(Math.max(wait, 1000), MAX_RATE_LIMIT_WAIT_MS)
  }

  private async backoff(attempt: number, why: string): Promise<void> {
    const ms = Math.min(250 * 2 ** (attempt - 1), 4000)
    this.trace(`  ${why} in ${ms} ms (attempt ${attempt} of ${this.o.maxRetries})`)
    await this.sleep(ms)
  }

  private buildUrl(path: string, query: RequestOptions['query']): string {
    const url = new URL(this.orgUrl + (path.startsWith('/') ? path : `/${path}`))
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
    // Spaces as %20, as Okta's docs write them (`search=profile.department%20eq%20%22Sales%22`);
    // URLSearchParams writes "+", and a literal plus is already %2B.
    if (url.search) url.search = url.search.replace(/\+/g, '%20')
    return url.toString()
  }

  private trace(line: string): void {
    this.o.debug?.(line)
  }
}

const NOT_JSON = Symbol('not JSON')

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

/** Deeper than any Okta answer; deeper values would overflow the stack of recursive code (redaction, printing). */
export const MAX_JSON_DEPTH = 64

/** Why a 2xx body is unusable, or undefined if it is fine. */
function shapeProblem(text: string, data: unknown, expect: Shape, require: readonly string[]): string | undefined {
  if (data === NOT_JSON) return `the body is not JSON (${text.length} bytes, starting ${JSON.stringify(text.slice(0, 40))})`
  if (data !== undefined && depthExceeds(data, MAX_JSON_DEPTH)) return `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep`
  if (expect === 'any') return undefined
  const missing = (o: Record<string, unknown>) => require.find((k) => typeof o[k] !== 'string')
  if (expect === 'object') {
    if (!isObject(data)) return `expected a JSON object, got ${kind(data)}`
    const m = missing(data)
    return m ? `the object has no string "${m}"` : undefined
  }
  if (!Array.isArray(data)) return `expected a JSON array, got ${kind(data)}`
  for (const [i, x] of data.entries()) {
    if (!isObject(x)) return `expected an array of objects, but item ${i} is ${kind(x)}`
    const m = missing(x)
    if (m) return `item ${i} has no string "${m}"`
  }
  return undefined
}

function kind(v: unknown): string {
  if (v === undefined) return 'an empty body'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

/** Iterative, so a hostile depth cannot overflow the stack while we measure it. */
function depthExceeds(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]]
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, d] = top
    if (typeof v !== 'object' || v === null) continue
    if (d > max) return true
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1])
  }
  return false
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const UNTRUSTED_CERT = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_REJECTED',
])

/**
 * Failures that a retry cannot mend (a proxy refusing the tunnel, a certificate we do not
 * trust, a host that does not exist): not retried, and explained. Returns the hint ('' for
 * none), or undefined for a failure worth retrying.
 */
function permanentNetworkHint(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined
  if (e?.name === 'ProxyError') {
    return /\b407\b/.test(e.message)
      ? 'The proxy wants credentials: put them in the proxy URL (http://user:password@proxy:port).'
      : 'Check HTTPS_PROXY / NO_PROXY (and okta.yaml proxy): `oktactl profile show --sources`.'
  }
  if (e?.code && UNTRUSTED_CERT.has(e.code)) {
    return "The org's TLS certificate is not trusted. Behind a TLS-inspecting proxy, give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem."
  }
  if (e?.code === 'ENOTFOUND') return 'No such host: check the org URL (`oktactl profile show --sources`).'
  return undefined
}

/**
 * A loopback org that refuses the connection is nearly always the sandbox, not running (or
 * started on another port: `sandbox start` picks a free one unless given --port). Other orgs
 * keep the plain message.
 */
export function loopbackRefusedHint(err: unknown, orgUrl: string): string | undefined {
  const e = err as (NodeJS.ErrnoException & { errors?: unknown[] }) | undefined
  const refused = e?.code === 'ECONNREFUSED' || (Array.isArray(e?.errors) && e.errors.some((x) => (x as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED'))
  if (!refused) return undefined
  let url: URL
  try {
    url = new URL(orgUrl)
  } catch {
    return undefined
  }
  if (!isLoopbackHost(url.hostname)) return undefined
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return `Nothing is listening at ${url.origin}: the sandbox org is probably not running. Start it with \`oktactl sandbox start --port ${port}\` (in another terminal: it runs in the foreground).`
}

/** The failure in a few words; a proxy's or server's text in it is made inert. */
function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  if (e?.name === 'TimeoutError') return visible(e.message)
  if (e?.code) return visible(e.message?.includes(e.code) ? e.message : `${e.code} (${e.message})`)
  return visible(e?.message || 'network error')
}
