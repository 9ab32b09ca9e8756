import { requireBuiltin } from '../util/builtin.js'
import type { Agent, IncomingHttpHeaders } from 'node:http'

/**
 * One HTTP exchange over node:http/https.
 *
 * Why not fetch/ofetch: on Node 20 the first fetch in a process loads undici and compiles its
 * WebAssembly parser, which measured ~100 ms here — more than node's whole start-up — and
 * oktactl runs once per user in shell loops. node:http costs ~6 ms for the same request.
 * See README "Architecture".
 */
export interface TransportRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  /** e.g. a proxy agent; default: one keep-alive agent per protocol. */
  agent?: Agent
  /** Default MAX_BODY_BYTES. */
  maxBodyBytes?: number
}

export interface TransportResponse {
  status: number
  statusText: string
  headers: ResponseHeaders
  body: string
  /** The body ran past MAX_BODY_BYTES: reading stopped and `body` is empty. */
  tooLarge?: boolean
}

/** No answer oktactl needs is anywhere near this; a larger one is refused rather than buffered. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024

/** Read-only, case-insensitive response headers with the `get` of fetch's Headers. */
export class ResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()]
    if (v === undefined) return null
    return Array.isArray(v) ? v.join(', ') : v
  }
  entries(): Array<[string, string]> {
    return Object.keys(this.raw).map((k) => [k, this.get(k) ?? ''])
  }
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${Number((ms / 1000).toFixed(3))} s`)
    this.name = 'TimeoutError'
  }
}

/**
 * node:http and node:https through require(), not import(): an ES import builds the module's
 * namespace, which reads every lazy export of node:http and so loads undici (measured ~50 ms per
 * process on Node 24; nothing on Node 20).
 */
const httpModule = (protocol: string): typeof import('node:https') | typeof import('node:http') =>
  protocol === 'https:' ? (requireBuiltin('node:https') as typeof import('node:https')) : (requireBuiltin('node:http') as typeof import('node:http'))

const agents = new Map<string, Agent>()

/** setTimeout's ceiling (about 24.8 days); a longer delay would fire at once, with a warning. */
const MAX_TIMER_MS = 2_147_483_647

function defaultAgent(protocol: string): Agent {
  let a = agents.get(protocol)
  if (!a) {
    const mod = httpModule(protocol)
    a = new mod.Agent({ keepAlive: true, maxSockets: 16 })
    agents.set(protocol, a)
  }
  return a
}

/** True when a transport error came after the whole request was written (the server may have acted). */
export function requestWasSent(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && (err as { requestSent?: unknown }).requestSent === true)
}

export async function send(req: TransportRequest): Promise<TransportResponse> {
  const url = new URL(req.url)
  const mod = httpModule(url.protocol)
  const agent = req.agent ?? defaultAgent(url.protocol)
  const headers = { ...req.headers }
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body))
  return new Promise<TransportResponse>((resolve, reject) => {
    const r = mod.request(url, { method: req.method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      const answer = (body: string, tooLarge?: boolean): TransportResponse => ({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: new ResponseHeaders(res.headers),
        body,
        ...(tooLarge ? { tooLarge } : {}),
      })
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size <= (req.maxBodyBytes ?? MAX_BODY_BYTES)) return void chunks.push(c)
        // Stop reading; the status is known, so the caller can still say what happened.
        clearTimeout(timer)
        chunks.length = 0
        res.removeAllListeners('data')
        res.removeAllListeners('end')
        res.on('error', () => {})
        r.destroy()
        resolve(answer('', true))
      })
      res.on('error', fail)
      res.on('end', () => {
        clearTimeout(timer)
        resolve(answer(Buffer.concat(chunks).toString('utf8')))
      })
    })
    const timer = setTimeout(() => r.destroy(new TimeoutError(req.timeoutMs)), Math.min(req.timeoutMs, MAX_TIMER_MS))
    timer.unref?.()
    let written = false
    function fail(err: Error) {
      clearTimeout(timer)
      // Whether the whole request had left: if so, the server may have acted on it.
      Object.defineProperty(err, 'requestSent', { value: written, enumerable: false })
      reject(err)
    }
    r.on('error', fail)
    r.end(req.body, () => (written = true))
  })
}
