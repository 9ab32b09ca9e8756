import nock from 'nock'
import { afterEach } from 'vitest'
import { ORG, okta } from './okta.js'

/** One request as Okta received it. */
export interface Sent {
  method: string
  /** The path as sent on the wire (still percent-encoded), without the query. */
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  /** The parsed JSON body, or undefined when the request had none. */
  body: unknown
}

export type Reply = [status: number, body?: unknown, headers?: Record<string, string>]

/**
 * Stub one Okta endpoint (SSWS token required, any query) and record what was sent, so a test
 * can assert the exact method, path, query, headers and body. `times` calls are expected; the
 * strict afterEach in test/setup.ts fails the test if fewer arrive.
 */
export function stub(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  reply: Reply | ((sent: Sent, n: number) => Reply),
  times = 1,
): Sent[] {
  const calls: Sent[] = []
  okta()
    .intercept(path, method)
    .query(true)
    .times(times)
    .reply(function (uri, body) {
      const url = new URL(uri, ORG)
      const sent: Sent = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...this.req.headers },
        body: body === '' || body === undefined ? undefined : body,
      }
      calls.push(sent)
      const [status, data, headers] = typeof reply === 'function' ? reply(sent, calls.length) : reply
      return [status, (data ?? '') as nock.ReplyBody, headers ?? {}]
    })
  return calls
}

/** Requests that reached nock with no stub to answer them (nothing should be sent at all). */
export const unmatched: string[] = []
const onNoMatch = (req: { method?: string; path?: string; href?: string }) => {
  unmatched.push(`${req.method ?? '?'} ${req.href ?? req.path ?? '?'}`)
}
nock.emitter.on('no match', onNoMatch)
afterEach(() => {
  unmatched.length = 0
})

/** A 429 as Okta sends it: reset time in epoch seconds, the response Date, a request id. */
export function rateLimited(opts: { date: Date; resetInSeconds: number; requestId: string; code?: string }): Reply {
  return [
    429,
    {
      errorCode: opts.code ?? 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: opts.code ?? 'E0000047',
      errorId: 'oaeRATELIMITED',
      errorCauses: [],
    },
    {
      Date: opts.date.toUTCString(),
      'X-Rate-Limit-Limit': '100',
      'X-Rate-Limit-Remaining': '0',
      'X-Rate-Limit-Reset': String(Math.floor(opts.date.getTime() / 1000) + opts.resetInSeconds),
      'X-Okta-Request-Id': opts.requestId,
    },
  ]
}
