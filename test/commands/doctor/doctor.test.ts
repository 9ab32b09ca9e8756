import { chmodSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run.js'
import { makeKey } from '../../auth/helpers/keys.js'
import { OrgServer, oauthEnv } from '../../auth/helpers/org-server.js'
import { TestProxy } from '../../net/helpers/proxy-server.js'

interface Report {
  ok: boolean
  exitCode: number
  orgUrl: string | null
  checks: Array<{ id: string; title: string; verdict: string; detail: string; hint?: string }>
}

const verdicts = (r: Report) => Object.fromEntries(r.checks.map((c) => [c.id, c.verdict]))
const check = (r: Report, id: string) => r.checks.find((c) => c.id === id)

let server: OrgServer | undefined
let proxy: TestProxy | undefined
afterEach(async () => {
  await server?.close()
  await proxy?.close()
  server = proxy = undefined
})

const SSWS = 'ssws-token-0123456789abcdef'
const ALL_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.roles.read']

describe('oktactl doctor', () => {
  it('passes every check for a good DPoP service app (exit 0), and never uses the token cache', async () => {
    const key = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true, rateLimit: { limit: 600, remaining: 598, resetInSeconds: 42 }, grantedScopes: ALL_SCOPES })
    const r = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: ALL_SCOPES.join(' ') }) })
    const report = JSON.parse(r.stdout) as Report
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.stderr).toBe('')
    expect(report.ok).toBe(true)
    expect(report.orgUrl).toBe(server.url)
    expect(verdicts(report)).toEqual({ config: 'ok', key: 'ok', proxy: 'ok', reachable: 'ok', clock: 'ok', credentials: 'ok', mode: 'ok', scopes: 'ok', ratelimit: 'ok', engine: 'ok', tokencache: 'ok' })
    expect(check(report, 'mode')?.detail).toContain('DPoP-bound token')
    expect(check(report, 'key')?.detail).toContain('EC P-256 key')
    expect(check(report, 'reachable')?.detail).toContain('over plain http (allowed for loopback test orgs only)')
    expect(check(report, 'scopes')?.detail).toBe(
      'granted: okta.users.read okta.users.manage okta.roles.read; reads need okta.users.read, changes need okta.users.manage, the admin guard of delete and reset okta.roles.read; `factors questions` needs an SSWS API token',
    )
    expect(check(report, 'ratelimit')?.detail).toBe('598 of 600 requests left for /api/v1/users (window resets in 42 s)')
    // Only GETs reached the API; the GET with ?limit=1 carried a proof whose htu has no query.
    expect(server.apiCalls()).toEqual([
      { method: 'GET', path: '/api/v1/users', scheme: 'DPoP', status: 200 },
      { method: 'GET', path: '/api/v1/authenticators', scheme: 'DPoP', status: 200 },
    ])
    expect(check(report, 'engine')?.detail).toBe('the authenticators API answers (1 authenticators); Temporary Access Code active')
    expect(server.rejections).toEqual(['use_dpop_nonce: Authorization server requires nonce in DPoP proof.'])
    // A second run fetches a token again: doctor tests the key, not the cache.
    await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: ALL_SCOPES.join(' ') }), home: r.home })
    expect(server.tokensIssued).toBe(2)
  })

  it('warns when okta.roles.read is not granted: the admin guard would refuse every delete and reset', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const r = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file) })
    expect(r.exitCode).toBe(0)
    expect(check(JSON.parse(r.stdout) as Report, 'scopes')).toMatchObject({
      verdict: 'warn',
      detail: expect.stringContaining('missing okta.roles.read: delete and reset cannot read admin roles, so they refuse every user unless --allow-admin'),
    })
    const ro = await runCli(['doctor', '--json', '--read-only'], { env: oauthEnv(server, key.file) })
    expect(check(JSON.parse(ro.stdout) as Report, 'scopes')?.verdict).toBe('ok')
  })

  it('prints one line per check on stdout for people', async () => {
    server = await OrgServer.start({ ssws: SSWS })
    const r = await runCli(['doctor'], { env: { OKTA_CLIENT_ORGURL: server.url, OKTA_CLIENT_TOKEN: SSWS } })
    expect(r.exitCode).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.map((l) => l.split(/\s{2,}/).slice(0, 2).join(' | '))).toEqual([
      'ok | Configuration',
      'ok | Proxy',
      'ok | Reachable',
      'ok | Clock',
      'ok | Credentials',
      'ok | Auth mode',
      'ok | Scopes',
      'skip | Rate limit',
      'ok | Identity Engine',
      'skip | Token cache',
    ])
    expect(r.stdout).toContain('API token accepted (GET /api/v1/users/me: alice@example.com)')
    expect(r.stdout).toContain('SSWS API token')
    expect(r.stderr).toBe('')
  })

  it('fails credentials for a bad API token with exit 4', async () => {
    server = await OrgServer.start({ ssws: SSWS })
    const r = await runCli(['doctor', '--json'], { env: { OKTA_CLIENT_ORGURL: server.url, OKTA_CLIENT_TOKEN: 'wrong-token-0123456789' } })
    expect(r.exitCode).toBe(4)
    const report = JSON.parse(r.stdout) as Report
    expect(report).toMatchObject({ ok: false, exitCode: 4 })
    expect(check(report, 'credentials')).toMatchObject({ verdict: 'fail', detail: expect.stringContaining('Okta HTTP 401 E0000011') })
    expect(JSON.parse(r.stderr).error.message).toBe('doctor: 1 of 10 checks failed (Credentials).')
  })

  it('fails credentials for an unregistered key with exit 4 and the assertion hint', async () => {
    const registered = makeKey('rsa')
    const other = makeKey('P-384')
    server = await OrgServer.start({ publicKey: registered.publicKey })
    const r = await runCli(['doctor', '--json'], { env: oauthEnv(server, other.file) })
    expect(r.exitCode).toBe(4)
    const report = JSON.parse(r.stdout) as Report
    expect(check(report, 'credentials')).toMatchObject({ verdict: 'fail', detail: expect.stringContaining('invalid_client'), hint: expect.stringContaining('clock') })
    expect(verdicts(report)).toMatchObject({ reachable: 'ok', clock: 'ok', mode: 'skip', scopes: 'skip' })
  })

  it('fails the clock when the org is 10 minutes off (exit 1), warns at 2 minutes', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, dateSkewMs: 10 * 60_000 })
    const r = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file) })
    expect(r.exitCode).toBe(1)
    const report = JSON.parse(r.stdout) as Report
    expect(check(report, 'clock')).toEqual({
      id: 'clock',
      title: 'Clock',
      verdict: 'fail',
      detail: "this machine is 600 s behind the org's clock (Date header)",
      hint: 'Client assertions and DPoP proofs carry iat/exp; Okta rejects them when the clocks disagree by minutes. Sync the clock (NTP).',
    })
    await server.close()
    server = await OrgServer.start({ publicKey: key.publicKey, dateSkewMs: -120_000 })
    const warn = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file) })
    expect(warn.exitCode).toBe(0)
    expect(check(JSON.parse(warn.stdout) as Report, 'clock')).toMatchObject({ verdict: 'warn', detail: "this machine is 120 s ahead of the org's clock (Date header)" })
  })

  it('warns when okta.users.manage is not granted, fails (exit 4) when okta.users.read is not', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read'] })
    const r = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }) })
    expect(r.exitCode).toBe(0)
    expect(check(JSON.parse(r.stdout) as Report, 'scopes')).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('missing okta.users.manage: enroll, activate, verify, delete and reset will fail') })

    const ro = await runCli(['doctor', '--json', '--read-only'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }) })
    expect(check(JSON.parse(ro.stdout) as Report, 'scopes')?.verdict).toBe('ok')

    await server.close()
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.manage'] })
    const bad = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.manage' }) })
    expect(bad.exitCode).toBe(4)
    const report = JSON.parse(bad.stdout) as Report
    expect(check(report, 'credentials')).toMatchObject({ verdict: 'fail', hint: expect.stringContaining('needs the OAuth scope okta.users.read (the access token has: okta.users.manage)') })
    expect(check(report, 'scopes')).toMatchObject({ verdict: 'fail', detail: expect.stringContaining('missing okta.users.read') })
  })

  it('fails the configuration with exit 4 when nothing is configured, and skips the rest', async () => {
    const r = await runCli(['doctor'])
    expect(r.exitCode).toBe(4)
    expect(r.stdout).toMatch(/^FAIL {2}Configuration {2}No Okta org is configured\.\n/)
    expect(r.stderr).toBe('Error: doctor: 1 of 1 checks failed (Configuration).\n')
  })

  it('fails reachability with exit 1 when the org does not answer', async () => {
    const r = await runCli(['doctor', '--json'], { env: { OKTA_CLIENT_ORGURL: 'http://127.0.0.1:9', OKTA_CLIENT_TOKEN: SSWS } })
    expect(r.exitCode).toBe(1)
    const report = JSON.parse(r.stdout) as Report
    expect(check(report, 'reachable')).toMatchObject({ verdict: 'fail', detail: expect.stringContaining('ECONNREFUSED') })
    expect(verdicts(report)).toMatchObject({ clock: 'skip', credentials: 'skip', scopes: 'skip' })
  })

  it('warns (exit 0) when the org does not answer Identity Engine APIs: authenticators and TAC need them', async () => {
    server = await OrgServer.start({ ssws: SSWS, classic: true })
    const r = await runCli(['doctor', '--json'], { env: { OKTA_CLIENT_ORGURL: server.url, OKTA_CLIENT_TOKEN: SSWS } })
    expect(r.exitCode).toBe(0)
    expect(check(JSON.parse(r.stdout) as Report, 'engine')).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('Classic Engine'), hint: expect.stringContaining('`oktactl factors` works on both') })
  })

  it('reports the proxy in use, and goes through it', async () => {
    server = await OrgServer.start({ ssws: SSWS })
    proxy = await TestProxy.start()
    const r = await runCli(['doctor', '--json'], { env: { OKTA_CLIENT_ORGURL: server.url, OKTA_CLIENT_TOKEN: SSWS, HTTP_PROXY: proxy.url } })
    expect(r.exitCode).toBe(0)
    expect(check(JSON.parse(r.stdout) as Report, 'proxy')?.detail).toBe(`${proxy.url} from environment (HTTP_PROXY) (API and token requests)`)
    expect(proxy.requests).toEqual(['GET /.well-known/okta-organization', 'GET /api/v1/users/me', 'GET /api/v1/authenticators'])
  })

  it('warns about a key file others can read, and about low rate-limit headroom', async () => {
    const key = makeKey('rsa')
    chmodSync(key.file, 0o640)
    server = await OrgServer.start({ publicKey: key.publicKey, rateLimit: { limit: 100, remaining: 3, resetInSeconds: 30 } })
    const r = await runCli(['doctor', '--json'], { env: oauthEnv(server, key.file) })
    expect(r.exitCode).toBe(0)
    const report = JSON.parse(r.stdout) as Report
    expect(check(report, 'key')).toMatchObject({ verdict: 'warn', hint: `chmod 600 ${key.file}` })
    expect(check(report, 'ratelimit')).toMatchObject({ verdict: 'warn', detail: '3 of 100 requests left for /api/v1/users (window resets in 30 s)' })
  })
})
