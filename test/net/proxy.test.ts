import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { displayProxyUrl, noProxyMatches, resolveProxy } from '../../src/net/proxy.js'
import { runCli } from '../helpers/run.js'
import { makeKey } from '../auth/helpers/keys.js'
import { OrgServer, USER_ID, oauthEnv } from '../auth/helpers/org-server.js'
import { TestProxy } from './helpers/proxy-server.js'

describe('resolveProxy', () => {
  const https = 'https://acme.okta.com'
  it('takes the variable for the org scheme, lower case first, then okta.yaml', () => {
    expect(resolveProxy(https, { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:1' })).toEqual({ url: 'http://b:1', source: 'environment (https_proxy)' })
    expect(resolveProxy(https, { HTTP_PROXY: 'http://a:1' })).toEqual({})
    expect(resolveProxy('http://127.0.0.1:8080', { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://c:1' })).toEqual({ url: 'http://c:1', source: 'environment (HTTP_PROXY)' })
    expect(resolveProxy(https, {}, { url: 'http://y:1', source: '/h/.okta/okta.yaml' })).toEqual({ url: 'http://y:1', source: '/h/.okta/okta.yaml' })
    expect(resolveProxy(https, { HTTPS_PROXY: 'http://a:1' }, { url: 'http://y:1', source: 'okta.yaml' }).source).toBe('environment (HTTPS_PROXY)')
  })

  it('applies NO_PROXY to either, and says so', () => {
    expect(resolveProxy(https, { HTTPS_PROXY: 'http://a:1', NO_PROXY: '.okta.com' })).toEqual({ source: 'environment (HTTPS_PROXY)', bypassedBy: 'NO_PROXY=.okta.com' })
    expect(resolveProxy(https, { no_proxy: 'acme.okta.com' }, { url: 'http://y:1', source: 'okta.yaml' }).bypassedBy).toBe('no_proxy=acme.okta.com')
  })

  it.each([
    ['*', 'https://acme.okta.com', true],
    ['okta.com', 'https://acme.okta.com', true],
    ['.okta.com', 'https://acme.okta.com', true],
    ['*.okta.com', 'https://acme.okta.com', true],
    ['acme.okta.com:443', 'https://acme.okta.com', true],
    ['acme.okta.com:8443', 'https://acme.okta.com', false],
    ['notokta.com', 'https://acme.okta.com', false],
    ['example.com, 127.0.0.1', 'http://127.0.0.1:9000', true],
    ['localhost', 'http://127.0.0.1:9000', false],
    ['[::1]', 'http://[::1]:9000', true],
    ['', 'https://acme.okta.com', false],
  ])('NO_PROXY=%j for %s: %s', (noProxy, url, expected) => {
    expect(noProxyMatches(noProxy, new URL(url))).toBe(expected)
  })

  it('hides a proxy password', () => {
    expect(displayProxyUrl('http://me:secret@proxy.corp:3128')).toBe('http://me:****@proxy.corp:3128')
    expect(displayProxyUrl('nonsense')).toBe('(not a URL)')
  })
})

describe('requests through a proxy', () => {
  let server: OrgServer | undefined
  let proxy: TestProxy | undefined
  afterEach(async () => {
    await server?.close()
    await proxy?.close()
    server = proxy = undefined
  })

  it('sends the OAuth token request and the API call through HTTP_PROXY (okta-sdk-nodejs#383)', async () => {
    const key = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true })
    proxy = await TestProxy.start()
    const r = await runCli(['factors', 'list', USER_ID], { env: oauthEnv(server, key.file, { HTTP_PROXY: proxy.url }) })
    expect(r.exitCode, r.stderr).toBe(0)
    const authority = server.url.replace('http://', '')
    expect(proxy.connects).toEqual([authority, authority, authority])
    expect(proxy.requests).toEqual(['POST /oauth2/v1/token', 'POST /oauth2/v1/token', `GET /api/v1/users/${USER_ID}/factors`])
    expect(server.tokenRequests).toBe(2)
  })

  it('bypasses it for NO_PROXY, and does not use HTTPS_PROXY for an http org', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    proxy = await TestProxy.start()
    const r1 = await runCli(['factors', 'list', USER_ID, '--no-token-cache'], { env: oauthEnv(server, key.file, { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }) })
    const r2 = await runCli(['factors', 'list', USER_ID, '--no-token-cache'], { env: oauthEnv(server, key.file, { HTTPS_PROXY: proxy.url }) })
    expect([r1.exitCode, r2.exitCode]).toEqual([0, 0])
    expect(proxy.connects).toEqual([])
    expect(server.tokenRequests).toBe(2)
  })

  it("uses okta.yaml's proxy, with its credentials as Proxy-Authorization, for an SSWS org too", async () => {
    server = await OrgServer.start({ ssws: 'ssws-token-0123456789' })
    proxy = await TestProxy.start()
    const dir = mkdtempSync(join(tmpdir(), 'oktactl-proxy-'))
    const port = new URL(proxy.url).port
    writeFileSync(join(dir, 'okta.yaml'), `okta:\n  client:\n    orgUrl: ${server.url}\n    token: ssws-token-0123456789\n    proxy:\n      host: 127.0.0.1\n      port: ${port}\n      username: me\n      password: "s3cret!"\n`)
    const r = await runCli(['factors', 'list', USER_ID], { cwd: dir })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(proxy.requests).toEqual([`GET /api/v1/users/${USER_ID}/factors`])
    expect(proxy.proxyAuth).toEqual([`Basic ${Buffer.from('me:s3cret!').toString('base64')}`])
  })

  it('applies HTTP_PROXY to an explicitly chosen profile too', async () => {
    server = await OrgServer.start({ ssws: 'ssws-token-0123456789' })
    proxy = await TestProxy.start()
    const add = await runCli(['profile', 'add', 'lo', '--org', server.url, '--token-stdin'], { stdin: 'ssws-token-0123456789\n' })
    const r = await runCli(['--profile', 'lo', 'factors', 'list', USER_ID], { home: add.home, env: { HTTP_PROXY: proxy.url } })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(proxy.requests).toHaveLength(1)
  })

  it('fails with exit 1 and a clear message when the proxy refuses the tunnel (https org)', async () => {
    proxy = await TestProxy.start()
    proxy.refuseWith = 403
    const r = await runCli(['factors', 'list', USER_ID, '--max-retries', '0'], {
      env: { OKTA_CLIENT_ORGURL: 'https://acme.okta.com', OKTA_CLIENT_TOKEN: 'ssws-token-0123456789', HTTPS_PROXY: proxy.url },
    })
    expect(r.exitCode).toBe(1)
    expect(proxy.connects).toEqual(['acme.okta.com:443'])
    expect(r.stderr).toContain(`the proxy ${proxy.url.replace('http://', '')} refused the tunnel to acme.okta.com:443: HTTP 403 Refused`)
    expect(r.stderr).not.toContain('ssws-token')
  })

  it('fails with exit 1 when the proxy cannot be reached, for the token request as well', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const r = await runCli(['factors', 'list', USER_ID], { env: oauthEnv(server, key.file, { HTTP_PROXY: 'http://127.0.0.1:9' }) })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`POST ${server.url}/oauth2/v1/token (the OAuth token request) failed: cannot reach the proxy 127.0.0.1:9: ECONNREFUSED`)
    expect(server.requests).toEqual([])
  })

  it('refuses a proxy that is not http(s) before sending anything (exit 2), and reads host:port as http://', async () => {
    const r = await runCli(['factors', 'list', USER_ID], { env: { OKTA_CLIENT_ORGURL: 'https://acme.okta.com', OKTA_CLIENT_TOKEN: 'ssws-token-0123456789', HTTPS_PROXY: 'socks5://proxy.corp:1080' } })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('The proxy socks5://proxy.corp:1080 must be an http:// or https:// URL.')
    expect(resolveProxy('https://acme.okta.com', { HTTPS_PROXY: 'proxy.corp:3128' }).url).toBe('http://proxy.corp:3128')
  })
})
