import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { OrgServer, type OrgServerOptions } from '../../auth/helpers/org-server.js'

/**
 * An https:// loopback Okta org for proxy tests, with a throwaway self-signed certificate.
 *
 * Node cannot make X.509 certificates, so the `openssl` CLI does, at test time, into a temp
 * directory that `remove()` deletes: no private key is ever committed. Without openssl on PATH
 * the suites using this skip themselves by name (see `opensslMissing`).
 */

/** Why a suite needing a certificate is skipped, or '' when openssl is available. */
export const opensslMissing = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0 ? '' : ' (SKIPPED: no `openssl` on PATH to make a test certificate)'

export interface TestCert {
  dir: string
  /** PEM certificate, also the "CA" to trust (it is self-signed); for NODE_EXTRA_CA_CERTS. */
  certFile: string
  cert: string
  key: string
  remove(): void
}

/** A self-signed P-256 certificate for 127.0.0.1 and localhost, valid for two days. */
export function makeCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'oktactl-tls-'))
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=oktactl test org', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  return { dir, certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** What the https org saw of one request, at the TLS and HTTP layers. */
export interface TlsSeen {
  method: string
  path: string
  host: string | undefined
  /** The SNI the client sent (false or null when none, as for an IP address). */
  servername: string | false | null
  authorization: string | undefined
}

/**
 * The auth tests' OrgServer (SSWS, OAuth private_key_jwt, DPoP) served over https: its request
 * handler is driven by an https server, and its `url` is the https origin, so token `aud` and
 * DPoP `htu` checks see https URLs. Its own http listener is never started.
 */
export class TlsOrg {
  readonly seen: TlsSeen[] = []
  /** TLS sessions the server accepted. */
  handshakes = 0
  private constructor(
    readonly org: OrgServer,
    private readonly server: Server,
  ) {}

  /**
   * `host`: the org's host in its URL. `localhost` (SNI) listens on 127.0.0.1; `127.0.0.2` is an
   * address the certificate does not name.
   */
  static async start(cert: TestCert, options: OrgServerOptions = {}, host: '127.0.0.1' | '127.0.0.2' | 'localhost' = '127.0.0.1'): Promise<TlsOrg> {
    const org = new OrgServer(options)
    // OrgServer keeps its http.Server private; its 'request' listener is what we reuse.
    const inner = (org as unknown as { server: HttpServer }).server
    const server = createServer({ cert: cert.cert, key: cert.key })
    const t = new TlsOrg(org, server)
    server.on('secureConnection', () => t.handshakes++)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- an https server's requests come on TLS sockets
      const socket = req.socket as TLSSocket
      t.seen.push({ method: req.method ?? '', path: req.url ?? '', host: req.headers.host, servername: socket.servername, authorization: req.headers.authorization })
      inner.emit('request', req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, host === 'localhost' ? '127.0.0.1' : host, resolve))
    org.url = `https://${host}:${(server.address() as AddressInfo).port}`
    return t
  }

  get url(): string {
    return this.org.url
  }

  get port(): number {
    return Number(new URL(this.org.url).port)
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
