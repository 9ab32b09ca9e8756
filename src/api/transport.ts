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
}

export interface TransportResponse {
  status: number
  statusText: string
  headers: ResponseHeaders
  body: string
}

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

const agents = new Map<string, Agent>()

/** setTimeout's ceiling (about 24.8 days); a longer delay would fire at once, with a warning. */
const MAX_TIMER_MS = 2_147_483_647

async function defaultAgent(protocol: string): Promise<Agent> {
  let a = agents.get(protocol)
  if (!a) {
    const mod = protocol === 'https:' ? await import('node:https') : await import('node:http')
    a = new mod.Agent({ keepAlive: true, maxSockets: 16 })
    agents.set(protocol, a)
  }
  return a
}

export async function send(req: TransportRequest): Promise<TransportResponse> {
  const url = new URL(req.url)
  const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http')
  const agent = req.agent ?? (await defaultAgent(url.protocol))
  const headers = { ...req.headers }
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body))
  return new Promise<TransportResponse>((resolve, reject) => {
    const r = mod.request(url, { method: req.method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', fail)
      res.on('end', () => {
        clearTimeout(timer)
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: new ResponseHeaders(res.headers),
          body: Buffer.concat(chunks).toString('utf8'),
        })
      })
    })
    const timer = setTimeout(() => r.destroy(new TimeoutError(req.timeoutMs)), Math.min(req.timeoutMs, MAX_TIMER_MS))
    timer.unref?.()
    function fail(err: Error) {
      clearTimeout(timer)
      reject(err)
    }
    r.on('error', fail)
    r.end(req.body)
  })
}
