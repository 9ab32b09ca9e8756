import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bin, node } from './helpers.js'

// Smoke test of the built bundle as a user runs it: `node bin/oktactl.js …` (bin → dist/cli.js).
// `npm test` builds before it runs the tests; without a build the suite says it was skipped.

const root = fileURLToPath(new URL('../../', import.meta.url))
const built = existsSync(join(root, 'dist', 'cli.js'))
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
const TOKEN = '00smokesmokesmokesmokesmokesmokesmoke0000'
const USER = '00u1smokesmokesmoke0'

const home = mkdtempSync(join(tmpdir(), 'oktactl-smoke-'))
const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, OKTACTL_CONFIG_DIR: join(home, 'config'), OKTACTL_STATE_DIR: join(home, 'state'), NO_COLOR: '1' }

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Run the binary without blocking this process (the loopback server below must answer it). */
function oktactl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(node, [bin, ...args], { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** A tiny loopback org: records requests and answers from a table. */
const requests: Array<{ method: string; url: string; authorization: string | undefined; userAgent: string | undefined }> = []
let server: Server
let org = ''
const routes: Record<string, [number, unknown]> = {
  [`GET /api/v1/users/${USER}/factors`]: [200, [{ id: 'mbl1smoke', factorType: 'sms', provider: 'OKTA', status: 'ACTIVE', profile: { phoneNumber: '+15551230001' } }]],
  'GET /api/v1/users/nobody%40example.com': [404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody@example.com (User)', errorId: 'oaeSMOKE', errorCauses: [] }],
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, userAgent: req.headers['user-agent'] })
    const [status, body] = routes[`${req.method} ${req.url}`] ?? [404, { errorCode: 'E0000007', errorSummary: 'Not found' }]
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Okta-Request-Id': 'reqSMOKE' })
    res.end(JSON.stringify(body))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  org = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server?.close(r))
  rmSync(home, { recursive: true, force: true })
})

describe.skipIf(!built)(`smoke: the built binary${built ? '' : ' (SKIPPED: no dist/cli.js; run `npm run build`)'}`, () => {
  it('--help prints usage, the commands and the exit codes on stdout; exit 0', async () => {
    const r = await oktactl(['--help'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout.startsWith('Usage: oktactl [options] [command]\n')).toBe(true)
    expect(r.stdout).toMatch(/\n {2}factors\|factor\s/)
    expect(r.stdout).toMatch(/\n {2}profile\|profiles\s/)
    expect(r.stdout).toContain('Exit codes:\n  0    success')
    expect(r.stdout).toContain('  130  cancelled')
  })

  it('factors --help lists every verb', async () => {
    const r = await oktactl(['factors', '--help'])
    expect(r.code).toBe(0)
    for (const verb of ['list|ls', 'get', 'catalog', 'questions', 'enroll', 'activate', 'resend', 'verify', 'poll', 'delete|unenroll', 'reset']) {
      expect(r.stdout).toMatch(new RegExp(`\\n {2}${verb.replace('|', '\\|')}[ |]`))
    }
  })

  it.each(['--version', '-V'])('%s prints the package version; exit 0', async (flag) => {
    const r = await oktactl([flag])
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it.each<[string[], string]>([
    [['factors', 'get', USER], "Error: missing required argument 'factor'\n"],
    [['factors', 'list', USER, '--bogus'], "Error: unknown option '--bogus'\n"],
  ])('usage error %j: exit 2, message on stderr, nothing on stdout', async (args, stderr) => {
    const r = await oktactl(args)
    expect(r).toEqual({ code: 2, stdout: '', stderr })
  })

  it('an unknown command: exit 2 with a suggestion', async () => {
    const r = await oktactl(['factors', 'lsit'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain("Error: unknown command 'lsit'")
    expect(r.stderr).toContain('(Did you mean list?)')
  })

  // covers: ./commands/factors/index.js
  it('factors list --json against a loopback org: one GET with the SSWS token; Okta\'s objects on stdout', async () => {
    requests.length = 0
    const r = await oktactl(['factors', 'list', USER, '--json'], { OKTA_ORG_URL: org, OKTA_API_TOKEN: TOKEN })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual(routes[`GET /api/v1/users/${USER}/factors`]?.[1])
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({ method: 'GET', url: `/api/v1/users/${USER}/factors`, authorization: `SSWS ${TOKEN}` })
    expect(requests[0]?.userAgent).toMatch(new RegExp(`^oktactl/${version.replace(/\./g, '\\.')} node/v\\d+`))
  })

  it('piped output is TSV', async () => {
    const r = await oktactl(['factors', 'list', USER], { OKTA_ORG_URL: org, OKTA_API_TOKEN: TOKEN })
    expect(r).toEqual({ code: 0, stdout: 'mbl1smoke\tsms\tOKTA\tACTIVE\t+15551230001\t\n', stderr: '' })
  })

  it('an unknown user: exit 5, one message on stderr, no stack trace', async () => {
    const r = await oktactl(['factors', 'list', 'nobody@example.com'], { OKTA_ORG_URL: org, OKTA_API_TOKEN: TOKEN })
    expect(r.code).toBe(5)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`Error: No user "nobody@example.com" in ${org}.\nGive the user id, login, email or login shortname.\n`)
  })

  it('delete without --yes off a terminal: exit 2 and nothing reaches the org', async () => {
    requests.length = 0
    const r = await oktactl(['factors', 'delete', USER, 'sms'], { OKTA_ORG_URL: org, OKTA_API_TOKEN: TOKEN })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('--yes')
    expect(requests).toEqual([])
  })

  it('no credentials: exit 4 with a hint', async () => {
    const r = await oktactl(['factors', 'list', USER])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/^Error: No Okta org is configured\.\n/)
  })
})
