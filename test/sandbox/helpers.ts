import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js'

/** 15 s into a TOTP step (1_700_000_010 is a multiple of 30), so ±1 step is unambiguous. */
export const T0 = 1_700_000_025_000

export interface Res<T = any> {
  status: number
  headers: Headers
  body: T
}

export interface TestOrg {
  sb: Sandbox
  clock: { t: number }
  /** Advance the sandbox clock. */
  tick(ms: number): void
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<T>>
  get<T = any>(path: string): Promise<Res<T>>
  post<T = any>(path: string, body?: unknown): Promise<Res<T>>
  del<T = any>(path: string): Promise<Res<T>>
  /** A user's id from their login shortname (alice, bob …). */
  userId(shortname: string): Promise<string>
  factorOf(userId: string, factorType: string, provider?: string): Promise<any>
  outbox(user: string): Promise<any[]>
}

const open: Sandbox[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close())) // first: close() writes the state file
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A sandbox on a free loopback port with a fake clock, closed after the test. */
export async function org(opts: SandboxOptions = {}): Promise<TestOrg> {
  const clock = { t: T0 }
  const sb = await startSandbox({ now: () => clock.t, pushDelay: 0, ...opts })
  open.push(sb)
  const ids = new Map<string, string>()
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const url = path.startsWith('http') ? path : sb.url + path
    const r = await fetch(url, {
      method,
      headers: { Authorization: `SSWS ${sb.token}`, Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined }
  }
  const t: TestOrg = {
    sb,
    clock,
    tick: (ms) => void (clock.t += ms),
    call,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    del: (p) => call('DELETE', p),
    async userId(shortname) {
      let id = ids.get(shortname)
      if (!id) {
        id = (await call('GET', `/api/v1/users/${shortname}`)).body.id as string
        ids.set(shortname, id)
      }
      return id
    },
    async factorOf(userId, factorType, provider) {
      const list = (await call('GET', `/api/v1/users/${userId}/factors`)).body as any[]
      return list.find((f) => f.factorType === factorType && (!provider || f.provider === provider))
    },
    async outbox(user) {
      return (await call('GET', `/_sandbox/outbox?user=${encodeURIComponent(user)}`)).body as any[]
    },
  }
  return t
}

/** A temporary directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oktactl-sandbox-'))
  dirs.push(dir)
  return dir
}

/** Path of a URL relative to the sandbox (links are absolute). */
export const rel = (sb: Sandbox, href: string) => href.slice(sb.url.length)
