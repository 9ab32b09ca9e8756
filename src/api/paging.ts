import { UnexpectedAnswerError } from '../errors.js'
import type { OktaClient, RequestOptions } from './client.js'
import type { ResponseHeaders } from './transport.js'

/** The `rel="next"` target of a Link header (RFC 8288), or undefined. */
export function nextLink(headers: ResponseHeaders): string | undefined {
  const raw = headers.get('link')
  if (!raw) return undefined
  for (const part of raw.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*((?:;[^;]*)*)$/.exec(part)
    if (!m) continue
    const rels = [...(m[2] ?? '').matchAll(/;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/gi)].flatMap((r) => (r[1] ?? r[2] ?? '').split(/\s+/))
    if (rels.includes('next')) return m[1]
  }
  return undefined
}

/**
 * Every page of a list operation, following `Link: rel="next"` to the end. Each page must be a
 * JSON array of objects (with the `require`d string fields); a next link to another host, or one
 * that repeats, is an error rather than a silent stop.
 */
export async function* pages<T>(
  c: OktaClient,
  path: string,
  query?: RequestOptions['query'],
  require?: readonly string[],
): AsyncGenerator<T[]> {
  let next: string | undefined = path
  let q = query
  const seen = new Set<string>()
  while (next !== undefined) {
    const res = await c.request<T[]>(next, { method: 'GET', query: q, expect: 'array', require })
    if (res.status !== 200) throw new UnexpectedAnswerError('GET', c.orgUrl + next, res.status, 'a list answers 200')
    yield res.data
    const href = nextLink(res.headers)
    if (href === undefined) return
    next = c.link(href)
    q = undefined
    if (seen.has(next)) throw new UnexpectedAnswerError('GET', c.orgUrl + next, res.status, 'the next-page link repeats a page already read')
    seen.add(next)
  }
}

export async function listAll<T>(c: OktaClient, path: string, query?: RequestOptions['query'], require?: readonly string[]): Promise<T[]> {
  const all: T[] = []
  for await (const page of pages<T>(c, path, query, require)) all.push(...page)
  return all
}
