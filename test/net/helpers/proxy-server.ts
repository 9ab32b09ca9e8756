import { createServer, type IncomingMessage } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

/**
 * A loopback HTTP proxy that tunnels CONNECT and records what passes: the CONNECT targets, the
 * Proxy-Authorization it was sent, and the request lines inside each (plain http) tunnel.
 */
export class TestProxy {
  url = ''
  readonly connects: string[] = []
  readonly proxyAuth: Array<string | undefined> = []
  /** e.g. "POST /oauth2/v1/token", seen inside the tunnels. */
  readonly requests: string[] = []
  /** Answer CONNECT with this status instead of tunnelling. */
  refuseWith: number | undefined
  private readonly sockets = new Set<Socket>()
  private readonly server = createServer((_req, res) => {
    res.writeHead(405).end('forward proxying not supported here; use CONNECT')
  })

  static async start(): Promise<TestProxy> {
    const p = new TestProxy()
    p.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => p.tunnel(req, client, head))
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve))
    p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`
    return p
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    this.connects.push(req.url ?? '')
    this.proxyAuth.push(req.headers['proxy-authorization'])
    this.sockets.add(client)
    client.on('close', () => this.sockets.delete(client))
    client.on('error', () => undefined)
    if (this.refuseWith) {
      client.end(`HTTP/1.1 ${this.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/)
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      client.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString('latin1').matchAll(/^(GET|POST|PUT|DELETE) (\S+) HTTP\/1\.1$/gm)) this.requests.push(`${m[1]} ${m[2]}`)
      })
      upstream.pipe(client)
      client.pipe(upstream)
    })
    this.sockets.add(upstream)
    upstream.on('close', () => this.sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
