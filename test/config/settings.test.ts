import { describe, expect, it } from 'vitest'
import { envLayer, mergeLayers, profileLayer, yamlLayer } from '../../src/config/settings.js'

const PK = { OKTA_CLIENT_ORGURL: 'https://acme.okta.com', OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey', OKTA_CLIENT_CLIENTID: '0oa1', OKTA_CLIENT_PRIVATEKEY: '/keys/app.pem' }

describe('environment as the Okta SDKs read it', () => {
  it('reads PrivateKey credentials with OKTA_CLIENT_KEYID and OKTA_CLIENT_SCOPES', () => {
    const l = envLayer({ ...PK, OKTA_CLIENT_KEYID: 'k1', OKTA_CLIENT_SCOPES: 'okta.users.read okta.users.manage' })
    expect(l.credentials).toEqual({ mode: 'PrivateKey', clientId: '0oa1', privateKey: '/keys/app.pem', keyId: 'k1', scopes: ['okta.users.read', 'okta.users.manage'] })
    expect(l.credentialsSource).toBe('environment (OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey)')
    expect(l.scopesDefaulted).toBe(false)
    expect(mergeLayers([l]).sources).toMatchObject({
      credentials: 'environment (OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey)',
      clientId: 'environment (OKTA_CLIENT_CLIENTID)',
      privateKey: 'environment (OKTA_CLIENT_PRIVATEKEY)',
      keyId: 'environment (OKTA_CLIENT_KEYID)',
      scopes: 'environment (OKTA_CLIENT_SCOPES)',
    })
  })

  it('accepts the Go spelling OKTA_CLIENT_PRIVATEKEYID, comma-separated scopes, and defaults the scopes', () => {
    expect(envLayer({ ...PK, OKTA_CLIENT_PRIVATEKEYID: 'k2', OKTA_CLIENT_SCOPES: 'okta.users.read,okta.users.manage' }).credentials).toMatchObject({ keyId: 'k2', scopes: ['okta.users.read', 'okta.users.manage'] })
    const d = envLayer(PK)
    expect(d.credentials).toMatchObject({ scopes: ['okta.users.read', 'okta.users.manage'] })
    expect(d.scopesDefaulted).toBe(true)
  })

  it('is case-insensitive about the mode and ignores OKTA_CLIENT_TOKEN under PrivateKey', () => {
    expect(envLayer({ ...PK, OKTA_CLIENT_AUTHORIZATIONMODE: 'privatekey', OKTA_CLIENT_TOKEN: 't' }).credentials?.mode).toBe('PrivateKey')
  })

  it('turns a PEM with escaped newlines back into a PEM', () => {
    const l = envLayer({ ...PK, OKTA_CLIENT_PRIVATEKEY: '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----' })
    expect(l.credentials).toMatchObject({ privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })
  })

  it('reports incomplete or unknown modes as problems', () => {
    expect(envLayer({ OKTA_CLIENT_ORGURL: 'https://acme.okta.com', OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey', OKTA_CLIENT_CLIENTID: '0oa1' }).problems).toEqual([
      'OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey is set but OKTA_CLIENT_PRIVATEKEY is not',
    ])
    expect(envLayer({ OKTA_CLIENT_AUTHORIZATIONMODE: 'JWT' }).problems).toEqual(['OKTA_CLIENT_AUTHORIZATIONMODE=JWT is not supported (use SSWS or PrivateKey)'])
    expect(() => mergeLayers([envLayer({ OKTA_CLIENT_ORGURL: 'https://acme.okta.com', OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey' })])).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('OKTA_CLIENT_CLIENTID and OKTA_CLIENT_PRIVATEKEY are not') }),
    )
  })

  it('names the token variable and reads the Go timeout and retry variables', () => {
    const l = envLayer({ OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: 't', OKTA_CLIENT_REQUEST_TIMEOUT: '15', OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES: '0' })
    expect(l).toMatchObject({ credentialsSource: 'environment (OKTA_API_TOKEN)', timeoutSeconds: 15, maxRetries: 0 })
    expect(envLayer({ OKTA_CLIENT_REQUEST_TIMEOUT: 'soon', OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES: '-1' })).toMatchObject({ timeoutSeconds: undefined, maxRetries: undefined })
  })

  it('leaves proxies to src/net (no proxy in the environment layer)', () => {
    expect(envLayer({ HTTPS_PROXY: 'http://p:1' }).proxy).toBeUndefined()
  })
})

describe('mergeLayers', () => {
  it('records where the scopes came from: the credentials layer, or the default', () => {
    const prof = profileLayer('svc', { orgUrl: 'https://acme.okta.com', authMode: 'PrivateKey', clientId: '0oa1', privateKeyPath: '/k.pem', scopes: ['okta.users.read'] })
    expect(mergeLayers([prof]).sources).toMatchObject({ credentials: 'profile "svc"', scopes: 'profile "svc"' })
    const def = profileLayer('svc', { orgUrl: 'https://acme.okta.com', authMode: 'PrivateKey', clientId: '0oa1', privateKeyPath: '/k.pem' })
    expect(mergeLayers([def]).sources.scopes).toBe('default')
  })

  it('never pairs PrivateKey credentials of one org with another org', () => {
    const y = yamlLayer({ file: '/h/.okta/okta.yaml', orgUrl: 'https://other.okta.com', authorizationMode: 'PrivateKey', clientId: '0oa9', privateKey: '/k.pem' })
    expect(() => mergeLayers([{ source: 'flag --org', orgUrl: 'https://acme.okta.com' }, y])).toThrow('No API token or OAuth client is configured for https://acme.okta.com.')
  })
})
