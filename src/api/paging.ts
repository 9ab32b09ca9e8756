import { UnexpectedAnswerError } from '../errors.js'
import type { OktaClient, RequestOptions } from './client.js'
import type { ResponseHeaders } from './transport.js'

/**
 * The `rel="next"` target of a Link header (RFC 8288), or undefined when there is none. Relation
 * types compare case-insensitively. A header it cannot read (a part that is not `<url>; params`,
 * two different next links) throws: read as "no next page", it would end a list early, and a
 * list cut short reads as complete (an admin's roles as none, which the helpdesk guard relies on).
 */
export function nextLink(headers: ResponseHeaders): string | undefined {
  const raw = headers.get('link')
  if (raw === null || !raw.trim()) return undefined
  let next: string | undefined
  for (const part of raw.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*((?:;[^;]*)*)$/.exec(part)
    if (!m) throw new Error('a part is not <url>; rel=…')
    const rels = [...(m[2] ?? '').matchAll(/;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/gi)].flatMap((r) => (r[1] ?? r[2] ?? '').toLowerCase().split(/\s+/))
    // A rel in single quotes (or with a stray quote) is neither a token nor a quoted string.
    if (rels.some((r) => /["']/.test(r))) throw new Error('a rel is neither a token nor a "quoted" string')
    if (!rels.includes('next')) continue
    if (next !== undefined && next !== m[1]) throw new Error('it names two next pages')
    next = m[1]
  }
  return next
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
    let href: string | undefined
    try {
      href = nextLink(res.headers)
    } catch (err) {
      throw new UnexpectedAnswerError('GET', c.orgUrl + next, res.status, `its Link header cannot be read: ${(err as Error).message}`)
    }
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
