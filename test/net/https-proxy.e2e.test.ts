import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { built, killStragglers, oktactl, tempHome, type Home } from '../e2e/helpers.js'
import { makeKey } from '../auth/helpers/keys.js'
import { USER_ID, oauthEnv } from '../auth/helpers/org-server.js'
import { runCli } from '../helpers/run.js'
import { TestProxy } from './helpers/proxy-server.js'
import { TlsOrg, makeCert, opensslMissing, type TestCert } from './helpers/tls-org.js'

// The corporate-proxy case: an https:// org reached through an HTTP proxy's CONNECT tunnel,
// TLS end to end, certificate verified. The org's certificate is self-signed and made by openssl
// at test time; the built binary trusts it through NODE_EXTRA_CA_CERTS, Node's standard way to
// add a CA (oktactl has no CA option of its own, and never turns verification off). Node reads
// that variable only at start-up, so the trusting runs are child processes; in-process, the
// same certificate must be refused.

const SSWS = '00tlsTLStlsTLStlsTLStlsTLStlsTLStlsTLS00'
const FACTORS = `/api/v1/users/${USER_ID}/factors`
const builtNote = built ? '' : ' (SKIPPED: no dist/cli.js; run `npm run build` first)'

describe.skipIf(Boolean(opensslMissing))(`an https org through an HTTP CONNECT proxy${opensslMissing}`, () => {
  let cert: TestCert
  let org: TlsOrg | undefined
  let proxy: TestProxy | undefined
  let home: Home | undefined
  beforeAll(() => {
    cert = makeCert()
  })
  afterAll(() => {
    killStragglers()
    cert?.remove()
  })
  afterEach(async () => {
    await org?.close()
    await proxy?.close()
    home?.remove()
    org = proxy = home = undefined
  })

  /** The built binary with a fresh HOME, CI=true, trusting the test certificate. */
  function run(args: string[], env: Record<string, string>) {
    home = tempHome('https-proxy')
    return oktactl(home, args, { env: { NODE_EXTRA_CA_CERTS: cert.certFile, ...env } })
  }

  const sswsEnv = (o: TlsOrg, extra: Record<string, string>) => ({ OKTA_CLIENT_ORGURL: o.url, OKTA_CLIENT_TOKEN: SSWS, ...extra })

  describe.skipIf(!built)(`the built binary${builtNote}`, () => {
    // covers: ./tunnel.js
    it('lists factors through one CONNECT tunnel, with TLS end to end (SSWS)', async () => {
      org = await TlsOrg.start(cert, { ssws: SSWS })
      proxy = await TestProxy.start()
      const r = await run(['factors', 'list', USER_ID, '--json'], sswsEnv(org, { HTTPS_PROXY: proxy.url }))
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject([{ id: 'mbl1factor0000000001', factorType: 'sms', status: 'ACTIVE' }])
      expect(proxy.connects).toEqual([`127.0.0.1:${org.port}`])
      // The proxy only relays ciphertext: no request line visible inside the tunnel.
      expect(proxy.requests).toEqual([])
      expect(org.seen).toEqual([{ method: 'GET', path: FACTORS, host: `127.0.0.1:${org.port}`, servername: false, authorization: `SSWS ${SSWS}` }])
      expect(org.handshakes).toBe(1)
      expect(r.stderr).toBe('')
      // The one-tunnel agent leaves nothing open: the process exits by itself, promptly.
      expect(r.signal).toBeNull()
      expect(r.ms).toBeLessThan(5000)
    })

    it('sends proxy credentials as Proxy-Authorization, and --debug prints neither them nor the token', async () => {
      org = await TlsOrg.start(cert, { ssws: SSWS })
      proxy = await TestProxy.start()
      const withAuth = proxy.url.replace('http://', 'http://me:pr0xy-s3cret@')
      const r = await run(['--debug', 'factors', 'list', USER_ID, '--json'], sswsEnv(org, { HTTPS_PROXY: withAuth }))
      expect(r.code, r.stderr).toBe(0)
      expect(proxy.proxyAuth).toEqual([`Basic ${Buffer.from('me:pr0xy-s3cret').toString('base64')}`])
      expect(r.stderr).toContain('proxy from environment (HTTPS_PROXY)')
      expect(r.stderr).toContain('Authorization: SSWS [REDACTED]')
      expect(r.stderr).not.toContain(SSWS)
      expect(r.stderr).not.toContain('pr0xy-s3cret')
    })

    it('sends SNI and the Host header for a host name', async () => {
      org = await TlsOrg.start(cert, { ssws: SSWS }, 'localhost')
      proxy = await TestProxy.start()
      const r = await run(['factors', 'list', USER_ID, '--json'], sswsEnv(org, { HTTPS_PROXY: proxy.url }))
      expect(r.code, r.stderr).toBe(0)
      expect(proxy.connects).toEqual([`localhost:${org.port}`])
      expect(org.seen).toEqual([{ method: 'GET', path: FACTORS, host: `localhost:${org.port}`, servername: 'localhost', authorization: `SSWS ${SSWS}` }])
    })

    it('refuses a trusted certificate that does not name the org (org 127.0.0.2, proxy 127.0.0.1), before sending the token', async () => {
      // The tunnelled socket has no SNI for an IP address; unless told the target host, Node checks
      // the certificate against "localhost", which this one names too.
      org = await TlsOrg.start(cert, { ssws: SSWS }, '127.0.0.2')
      proxy = await TestProxy.start()
      const r = await run(['factors', 'list', USER_ID, '--json', '--max-retries', '0'], sswsEnv(org, { HTTPS_PROXY: proxy.url }))
      expect(r.code).toBe(1)
      expect(proxy.connects).toEqual([`127.0.0.2:${org.port}`])
      expect(org.seen).toEqual([])
      expect(r.stderr).toContain(`GET ${org.url}${FACTORS} failed: ERR_TLS_CERT_ALTNAME_INVALID`)
      expect(r.stderr).not.toContain(SSWS)
    })

    it('sends the OAuth token requests and the API call through the tunnel (DPoP)', async () => {
      const key = makeKey('P-256')
      org = await TlsOrg.start(cert, { publicKey: key.publicKey, dpop: true, clock: () => Date.now() })
      proxy = await TestProxy.start()
      const r = await run(['factors', 'list', USER_ID, '--json'], oauthEnv(org, key.file, { HTTPS_PROXY: proxy.url }))
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toHaveLength(1)
      const authority = `127.0.0.1:${org.port}`
      expect(proxy.connects).toEqual([authority, authority, authority])
      expect(org.seen.map((s) => `${s.method} ${s.path} ${(s.authorization ?? 'none').split(' ')[0]}`)).toEqual([
        'POST /oauth2/v1/token none',
        'POST /oauth2/v1/token none',
        `GET ${FACTORS} DPoP`,
      ])
      expect(org.org.tokensIssued).toBe(1)
      for (const secret of org.org.secrets) expect(r.stderr).not.toContain(secret)
    })

    it('bypasses the proxy for NO_PROXY=127.0.0.1', async () => {
      org = await TlsOrg.start(cert, { ssws: SSWS })
      proxy = await TestProxy.start()
      const r = await run(['factors', 'list', USER_ID, '--json'], sswsEnv(org, { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }))
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toHaveLength(1)
      expect(proxy.connects).toEqual([])
      expect(org.seen.map((s) => s.authorization)).toEqual([`SSWS ${SSWS}`])
    })

    it.each([407, 403])('fails with exit 1 and one clear line when the proxy answers CONNECT with %i', async (status) => {
      org = await TlsOrg.start(cert, { ssws: SSWS })
      proxy = await TestProxy.start()
      proxy.refuseWith = status
      // Default retries: a refused tunnel is not retried (one CONNECT), and the hint says what to check.
      const r = await run(['factors', 'list', USER_ID, '--json'], sswsEnv(org, { HTTPS_PROXY: proxy.url }))
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(proxy.connects).toEqual([`127.0.0.1:${org.port}`])
      expect(JSON.parse(r.stderr).error.hint).toBe(
        status === 407
          ? 'The proxy wants credentials: put them in the proxy URL (http://user:password@proxy:port).'
          : 'Check HTTPS_PROXY / NO_PROXY (and okta.yaml proxy): `oktactl profile show --sources`.',
      )
      expect(org.seen).toEqual([])
      expect(r.stderr).toContain(`the proxy ${proxy.url.replace('http://', '')} refused the tunnel to 127.0.0.1:${org.port}: HTTP ${status} Refused`)
      expect(r.stderr).not.toContain(SSWS)
      expect(r.stderr).not.toMatch(/\n\s+at |ProxyError/)
    })
  })

  describe('in-process (no way to add a CA there but NODE_EXTRA_CA_CERTS, read at start-up)', () => {
    it('refuses the self-signed certificate through the tunnel: verification stays on', async () => {
      org = await TlsOrg.start(cert, { ssws: SSWS })
      proxy = await TestProxy.start()
      const r = await runCli(['factors', 'list', USER_ID], { env: sswsEnv(org, { HTTPS_PROXY: proxy.url }) })
      expect(r.exitCode).toBe(1)
      // An untrusted certificate is not retried: one CONNECT, and a hint.
      expect(proxy.connects).toEqual([`127.0.0.1:${org.port}`])
      expect(r.sleeps).toEqual([])
      expect(org.seen).toEqual([])
      expect(r.stderr).toContain(`GET ${org.url}${FACTORS} failed: DEPTH_ZERO_SELF_SIGNED_CERT`)
      expect(r.stderr).toContain("The org's TLS certificate is not trusted. Behind a TLS-inspecting proxy, give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.")
      expect(r.stderr).not.toContain(SSWS)
    })
  })
})
