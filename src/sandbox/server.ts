import { timingSafeEqual } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { OktaError, errorBody, oktaErrors } from './errors.js'
import type { Ctx, Reply } from './handlers/context.js'
import { newRequestId } from './ids.js'
import type { RateLimiter } from './ratelimit.js'
import type { FactorRec } from './state.js'
import type { SystemLog } from './syslog.js'
import type { Urls } from './render.js'
import { matchRoute } from './routes.js'
import type { PushMode, Store } from './state.js'

// HTTP plumbing: request id, Date, rate-limit headers, SSWS auth, JSON bodies, Okta error bodies.

const MAX_BODY_BYTES = 1 << 20

export interface ServerDeps {
  store: Store
  urls: Urls
  limiter: RateLimiter
  now: () => number
  push: { mode: PushMode; delayMs: number }
  /** The Temporary Access Code authenticator is active. */
  tac: boolean
  log: SystemLog
  reset: () => void
  changed: () => void
  onRequest?: (info: RequestInfo) => void
}

/** What `onRequest` sees: never headers or bodies, so never the token. */
export interface RequestInfo {
  method: string
  path: string
  status: number
  ms: number
  errorCode?: string
}

export function createSandboxServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    void handle(deps, req, res)
  })
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now()
  const method = req.method ?? 'GET'
  const requestId = newRequestId()
  const headers: Record<string, string> = { 'X-Okta-Request-Id': requestId }
  let path = '/'
  let reply: Reply
  let errorCode: string | undefined
  let mutating = method !== 'GET' // a GET says so through ctx.changed()
  let routed: { template: string; params: Record<string, string>; before: FactorRec | undefined } | undefined
  try {
    const url = new URL(req.url ?? '/', deps.urls.base)
    path = url.pathname
    const match = matchRoute(path)
    if (!path.startsWith('/_sandbox/')) {
      const limit = deps.limiter.take(`${method} ${match?.route.template ?? '(unknown route)'}`)
      Object.assign(headers, limit.headers)
      if (!limit.ok) throw oktaErrors.rateLimited()
    }
    if (!authorised(req, deps.store.token)) throw oktaErrors.invalidToken()
    if (!match) throw oktaErrors.notFound(path, 'Resource')
    const handler = match.route.methods[method]
    if (!handler) throw oktaErrors.methodNotAllowed(Object.keys(match.route.methods))
    const ctx: Ctx = {
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      body: await readJson(req),
      store: deps.store,
      urls: deps.urls,
      now: deps.now,
      push: deps.push,
      tac: deps.tac,
      log: deps.log,
      reset: deps.reset,
      changed: () => {
        mutating = true
      },
    }
    routed = { template: match.route.template, params: match.params, before: match.params.factorId ? deps.store.factor(match.params.userId ?? '', match.params.factorId) : undefined }
    reply = await handler(ctx)
  } catch (e) {
    const err = e instanceof OktaError ? e : new OktaError(500, 'E0000009', 'Internal Server Error')
    errorCode = err.code
    Object.assign(headers, err.headers)
    reply = { status: err.status, body: errorBody(err, requestId) }
  }
  if (routed && path.startsWith('/api/')) deps.log.record(method, routed.template, routed.params, reply.status, reply.body, routed.before)
  if (mutating) deps.changed()
  headers.Date = new Date(deps.now()).toUTCString()
  send(res, reply, headers)
  deps.onRequest?.({ method, path, status: reply.status, ms: Date.now() - started, ...(errorCode ? { errorCode } : {}) })
}

function authorised(req: IncomingMessage, token: string): boolean {
  const m = /^SSWS\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  if (!m?.[1]) return false
  const given = Buffer.from(m[1])
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw oktaErrors.malformedBody()
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw oktaErrors.malformedBody()
  }
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  for (const [k, v] of Object.entries({ ...headers, ...reply.headers })) res.setHeader(k, v)
  if (reply.raw) {
    res.writeHead(reply.status, { 'Content-Type': reply.raw.type, 'Content-Length': reply.raw.data.length })
    res.end(reply.raw.data)
  } else if (reply.body !== undefined) {
    const data = Buffer.from(JSON.stringify(reply.body))
    res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': data.length })
    res.end(data)
  } else {
    res.writeHead(reply.status, reply.status === 204 ? {} : { 'Content-Length': 0 })
    res.end()
  }
}
