import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

/**
 * Reach a target through an HTTP proxy's CONNECT tunnel, as https-proxy-agent does, without
 * the dependency: OktaClient speaks node:http (src/api/transport.ts), which a fetch dispatcher
 * such as undici's ProxyAgent cannot serve.
 *
 * The tunnel is opened *before* the request, in `agentFor` (which OktaClient awaits), and the
 * agent hands that one socket to node:http synchronously. One tunnel per request, no pooling:
 * a CLI run makes a handful of requests, and a synchronous createConnection is what every
 * caller (node:http, and nock's interceptor in tests) supports. The CONNECT is written over a
 * raw socket rather than http.request, so it is the same bytes with or without interceptors.
 *
 * http and https targets are both tunnelled (http targets are loopback test orgs; a forward
 * proxy would need absolute request URIs, which the transport does not write). The proxy may be
 * http:// or https://; `user:pass@` in its URL becomes Proxy-Authorization.
 */
export async function tunnelAgent(proxyUrl: string, target: URL, timeoutMs: number): Promise<HttpAgent> {
  const raw = await openTunnel(new URL(proxyUrl), target, timeoutMs)
  if (target.protocol === 'https:') {
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
    const servername = isIp(host) ? undefined : host
    // `host` is what the certificate is checked against when there is no SNI (an IP address);
    // without it Node checks against "localhost", whatever the target.
    const secure = tlsConnect({ socket: raw, host, servername, ALPNProtocols: ['http/1.1'] })
    class OneTunnelHttps extends HttpsAgent {
      override createConnection(): Socket {
        return secure
      }
    }
    return new OneTunnelHttps({ keepAlive: false, maxSockets: 1 })
  }
  class OneTunnelHttp extends HttpAgent {
    override createConnection(): Socket {
      return raw
    }
  }
  return new OneTunnelHttp({ keepAlive: false, maxSockets: 1 })
}

/** Connect to the proxy, send CONNECT host:port, and resolve with the socket once it answers 200. */
export function openTunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Socket> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`
  const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1')
  const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80)
  const auth = proxy.username
    ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
    : ''
  return new Promise<Socket>((resolve, reject) => {
    const socket: Socket =
      proxy.protocol === 'https:'
        ? tlsConnect({ host: proxyHost, port: proxyPort, servername: isIp(proxyHost) ? undefined : proxyHost })
        : netConnect({ host: proxyHost, port: proxyPort })
    let buffered = Buffer.alloc(0)
    let settled = false
    // Capped as the transport caps its own: past 2^31-1 ms Node's timer fires at once instead.
    const timer = setTimeout(() => fail(new ProxyError(`the proxy ${proxy.host} did not open a tunnel within ${Math.round(timeoutMs / 1000)} s`, 'ETIMEDOUT')), Math.min(timeoutMs, 2_147_483_647))
    timer.unref?.()
    const done = () => {
      settled = true
      clearTimeout(timer)
      socket.removeListener('data', onData)
    }
    function fail(err: Error) {
      if (settled) return
      done()
      socket.destroy()
      reject(err)
    }
    function onData(chunk: Buffer) {
      buffered = Buffer.concat([buffered, chunk])
      const end = buffered.indexOf('\r\n\r\n')
      if (end < 0) {
        if (buffered.length > 16_384) fail(new ProxyError(`the proxy ${proxy.host} sent an oversized answer to CONNECT`))
        return
      }
      const status = /^HTTP\/1\.[01] (\d{3})([^\r\n]*)/.exec(buffered.subarray(0, end).toString('latin1'))
      if (status?.[1] !== '200') {
        fail(new ProxyError(`the proxy ${proxy.host} refused the tunnel to ${authority}: ${status ? `HTTP ${status[1] ?? ''}${status[2] ?? ''}` : 'not an HTTP answer'}`.trim()))
        return
      }
      done()
      const rest = buffered.subarray(end + 4)
      if (rest.length) socket.unshift(rest)
      resolve(socket)
    }
    socket.on('data', onData)
    // Errors after the hand-over reach node:http's own listener; this one covers the handshake.
    socket.on('error', (err: NodeJS.ErrnoException) => fail(new ProxyError(`cannot reach the proxy ${proxy.host}: ${err.code ?? err.message}`, err.code)))
    socket.once('close', () => fail(new ProxyError(`the proxy ${proxy.host} closed the connection before opening a tunnel`)))
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`)
  })
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':')
}

export class ProxyError extends Error {
  readonly code: string | undefined
  constructor(message: string, code?: string) {
    super(message)
    this.name = 'ProxyError'
    this.code = code
  }
}
