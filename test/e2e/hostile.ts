import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// A hostile loopback org for end-to-end tests of the built binary: each test scripts the answers
// (a scenario per hostile answer) with `on(…)`, runs `oktactl` against `org.url`, then reads what
// was sent in `org.requests`. Anything unscripted is answered as Okta answers an unknown path.

export const HOSTILE_TOKEN = '00hostilehostilehostilehostilehostile00'

export interface Seen {
  method: string
  /** Path and query, as sent (still percent-encoded). */
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** What to answer: a status with a JSON value or a raw body, or a function that writes the response itself. */
export type Answer =
  | { status?: number; headers?: Record<string, string>; json?: unknown; body?: string | Buffer; delayMs?: number }
  | ((req: IncomingMessage, res: ServerResponse, seen: Seen) => void | Promise<void>)

export interface HostileOrg {
  url: string
  requests: Seen[]
  /** Answer `METHOD path` (exact path and query, or a RegExp on them); later rules win; `times` answers then falls through. */
  on(method: string, path: string | RegExp, answer: Answer, times?: number): HostileOrg
  /** The environment that points oktactl at this org with an SSWS token. */
  env: Record<string, string>
  close(): Promise<void>
}

interface Rule {
  method: string
  path: string | RegExp
  answer: Answer
  left: number
}

export async function startHostileOrg(): Promise<HostileOrg> {
  const rules: Rule[] = []
  const requests: Seen[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      requests.push(seen)
      const rule = [...rules].reverse().find((r) => r.left > 0 && r.method === seen.method && (typeof r.path === 'string' ? r.path === seen.url : r.path.test(seen.url)))
      if (rule) rule.left--
      void answer(rule?.answer ?? notFound(seen.url), req, res, seen).catch(() => res.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const org: HostileOrg = {
    url,
    requests,
    on(method, path, a, times = Infinity) {
      rules.push({ method, path, answer: a, left: times })
      return org
    },
    env: { OKTA_CLIENT_ORGURL: url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  return org
}

async function answer(a: Answer, req: IncomingMessage, res: ServerResponse, seen: Seen): Promise<void> {
  if (typeof a === 'function') return a(req, res, seen)
  if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs))
  const body = a.body ?? (a.json === undefined ? '' : JSON.stringify(a.json))
  res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json', 'X-Okta-Request-Id': 'reqHOSTILE', Date: new Date().toUTCString(), ...a.headers })
  res.end(body)
}

function notFound(url: string): Answer {
  return { status: 404, json: { errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${url} (Resource)`, errorLink: 'E0000007', errorId: 'oaeHOSTILE404', errorCauses: [] } }
}

/** An Okta user as `GET /api/v1/users/{id}` returns it; `profile` fields merge over the defaults. */
export function user(id: string, login: string, profile: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    status: 'ACTIVE',
    created: '2024-01-01T00:00:00.000Z',
    activated: '2024-01-01T00:00:00.000Z',
    statusChanged: '2024-01-01T00:00:00.000Z',
    lastLogin: '2026-11-01T00:00:00.000Z',
    lastUpdated: '2026-11-01T00:00:00.000Z',
    passwordChanged: null,
    type: { id: 'oty1' },
    profile: { login, email: login, firstName: 'Test', lastName: 'User', ...profile },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `http://127.0.0.1/api/v1/users/${id}` } },
    ...extra,
  }
}

/** An Okta factor as the factors API returns it. */
export function factor(id: string, factorType: string, profile: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, factorType, provider: 'OKTA', vendorName: 'OKTA', status: 'ACTIVE', created: '2025-01-01T00:00:00.000Z', lastUpdated: '2025-01-01T00:00:00.000Z', profile, ...extra }
}

/** Scripts a plain user with some factors and no admin roles: the ground most scenarios start from. */
export function withUser(org: HostileOrg, u: Record<string, unknown>, factors: Array<Record<string, unknown>> = []): HostileOrg {
  const id = String(u.id)
  const login = (u.profile as { login: string }).login
  org.on('GET', `/api/v1/users/${encodeURIComponent(login)}`, { json: u })
  org.on('GET', `/api/v1/users/${id}`, { json: u })
  org.on('GET', `/api/v1/users/${id}/factors`, { json: factors })
  org.on('GET', `/api/v1/users/${id}/roles`, { json: [] })
  for (const f of factors) org.on('GET', `/api/v1/users/${id}/factors/${String(f.id)}`, { json: f })
  return org
}
