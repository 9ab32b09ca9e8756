import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { readOktaYaml } from '../../src/config/oktayaml.js'
import { yamlLayer } from '../../src/config/settings.js'
import { ALICE_ID, ORG, TOKEN, oktaError } from '../helpers/okta.js'
import { runCli } from '../helpers/run.js'

function yamlFile(text: string, dir = mkdtempSync(join(tmpdir(), 'oktactl-yaml-'))): string {
  const f = join(dir, 'okta.yaml')
  writeFileSync(f, text)
  return f
}

describe('okta.yaml as the Okta SDKs write it', () => {
  it('reads the Node SDK spelling: keyId, scopes as a list, an inline PEM block', async () => {
    const f = yamlFile(`okta:
  client:
    orgUrl: "https://acme.okta.com"
    authorizationMode: "PrivateKey"
    clientId: "0oa1"
    scopes: ["okta.users.read", "okta.users.manage"]
    keyId: "kid-node"
    privateKey: |
      -----BEGIN PRIVATE KEY-----
      MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA
      -----END PRIVATE KEY-----
`)
    const y = await readOktaYaml(f)
    expect(y).toMatchObject({ orgUrl: 'https://acme.okta.com', authorizationMode: 'PrivateKey', clientId: '0oa1', keyId: 'kid-node', scopes: ['okta.users.read', 'okta.users.manage'] })
    expect(y?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\nMIIB/)
    expect(yamlLayer(y!).credentials).toMatchObject({ mode: 'PrivateKey', keyId: 'kid-node', privateKey: y?.privateKey })
  })

  it('reads the Go SDK spelling: privateKeyId, scopes as a string, a key path relative to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oktactl-yaml-'))
    const f = yamlFile(`okta:
  client:
    orgUrl: https://acme.okta.com
    authorizationMode: PrivateKey
    clientId: 0oa2
    scopes: okta.users.read okta.users.manage
    privateKeyId: kid-go
    privateKey: keys/app.pem
    requestTimeout: 12
    rateLimit:
      maxRetries: 5
      maxBackoff: 30
    proxy:
      host: proxy.corp
      port: 3128
      username: me
      password: "p@ss"
`, dir)
    const y = await readOktaYaml(f)
    expect(y).toMatchObject({ keyId: 'kid-go', scopes: ['okta.users.read', 'okta.users.manage'], requestTimeout: 12, maxRetries: 5, proxy: 'http://me:p%40ss@proxy.corp:3128' })
    const layer = yamlLayer(y!)
    expect(layer.credentials).toMatchObject({ mode: 'PrivateKey', clientId: '0oa2', keyId: 'kid-go', privateKey: join(dir, 'keys', 'app.pem') })
    expect(layer).toMatchObject({ timeoutSeconds: 12, maxRetries: 5, proxy: 'http://me:p%40ss@proxy.corp:3128' })
  })

  it('accepts a JWK object as privateKey and a proxy URL string', async () => {
    const y = await readOktaYaml(yamlFile(`okta:
  client:
    orgUrl: https://acme.okta.com
    authorizationMode: PrivateKey
    clientId: 0oa3
    privateKey: { kty: EC, crv: P-256, x: "x", y: "y", d: "d" }
    proxy: http://proxy.corp:8080
`))
    expect(JSON.parse(y!.privateKey!)).toEqual({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' })
    expect(y!.proxy).toBe('http://proxy.corp:8080')
    expect(yamlLayer(y!).credentials).toMatchObject({ scopes: ['okta.users.read', 'okta.users.manage'] })
    expect(yamlLayer(y!).scopesDefaulted).toBe(true)
  })

  it('says what is missing when PrivateKey is incomplete, instead of silently ignoring it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'oktactl-yaml-home-'))
    mkdirSync(join(home, '.okta'))
    writeFileSync(join(home, '.okta', 'okta.yaml'), 'okta:\n  client:\n    orgUrl: https://acme.okta.com\n    authorizationMode: PrivateKey\n    clientId: 0oa4\n')
    const r = await runCli(['factors', 'list', ALICE_ID], { home })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('sets authorizationMode: PrivateKey without privateKey')
  })

  it('honours rateLimit.maxRetries: 0 (no retry after a 429)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'oktactl-yaml-home-'))
    yamlFile(`okta:\n  client:\n    orgUrl: ${ORG}\n    token: ${TOKEN}\n    rateLimit:\n      maxRetries: 0\n`, home)
    nock(ORG).get(`/api/v1/users/${ALICE_ID}/factors`).reply(429, oktaError('E0000047', 'API call exceeded rate limit due to too many requests.'), {
      'X-Rate-Limit-Reset': String(Math.floor(Date.now() / 1000) + 5),
    })
    const r = await runCli(['factors', 'list', ALICE_ID], { home, cwd: home })
    expect(r.exitCode).toBe(6)
    expect(r.sleeps).toEqual([])
  })

  it('honours requestTimeout (seconds) for the API', async () => {
    const slow = createServer((_req, res) => setTimeout(() => res.end('[]'), 2000))
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`
      const home = mkdtempSync(join(tmpdir(), 'oktactl-yaml-home-'))
      yamlFile(`okta:\n  client:\n    orgUrl: ${url}\n    token: ${TOKEN}\n    requestTimeout: 0.2\n    rateLimit: { maxRetries: 0 }\n`, home)
      const r = await runCli(['factors', 'list', ALICE_ID], { home, cwd: home })
      expect(r.exitCode).toBe(1)
      expect(r.stderr).toMatch(/failed: timed out/)
    } finally {
      slow.closeAllConnections()
      slow.close()
    }
  })
})
