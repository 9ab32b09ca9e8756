// Okta's `search` and `filter` expressions on GET /api/v1/users (SCIM-style, RFC 7644 §3.4.2.2):
// `profile.department eq "Sales" and (status eq "ACTIVE" or created lt "2024-01-01T00:00:00.000Z")`.
// Parsed to a predicate over a user's body. `filter` allows only what Okta's spec lists for it.

export type Predicate = (subject: Record<string, unknown>) => boolean

export class QueryError extends Error {}

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'paren'; text: '(' | ')' }

const OPERATORS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr'])
const FILTER_ATTRIBUTES = new Set(['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'])
const CO_ATTRIBUTES = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'])

function tokenize(text: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charAt(i)
    if (/\s/.test(c)) {
      i++
    } else if (c === '(' || c === ')') {
      out.push({ kind: 'paren', text: c })
      i++
    } else if (c === '"') {
      let s = ''
      i++
      for (;;) {
        if (i >= text.length) throw new QueryError('unterminated string')
        const d = text.charAt(i)
        if (d === '\\' && i + 1 < text.length) {
          s += text.charAt(i + 1)
          i += 2
        } else if (d === '"') {
          i++
          break
        } else {
          s += d
          i++
        }
      }
      out.push({ kind: 'string', text: s })
    } else {
      const m = /^[^\s()"]+/.exec(text.slice(i))
      const w = m?.[0] ?? c
      out.push({ kind: 'word', text: w })
      i += w.length
    }
  }
  return out
}

/** Parse `expression` as Okta's `search` (mode 'search') or the narrower `filter`. */
export function parseQuery(expression: string, mode: 'search' | 'filter'): Predicate {
  const tokens = tokenize(expression)
  let pos = 0
  const peek = () => tokens[pos]
  const word = (t: Token | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : undefined)

  const orExpr = (): Predicate => {
    let left = andExpr()
    while (word(peek()) === 'or') {
      pos++
      const a = left
      const b = andExpr()
      left = (s) => a(s) || b(s)
    }
    return left
  }
  const andExpr = (): Predicate => {
    let left = unary()
    while (word(peek()) === 'and') {
      pos++
      const a = left
      const b = unary()
      left = (s) => a(s) && b(s)
    }
    return left
  }
  const unary = (): Predicate => {
    const t = peek()
    if (word(t) === 'not') {
      if (mode === 'filter') throw new QueryError('filter does not support not')
      pos++
      const inner = unary()
      return (s) => !inner(s)
    }
    if (t?.kind === 'paren' && t.text === '(') {
      pos++
      const inner = orExpr()
      const close = tokens[pos++]
      if (close?.kind !== 'paren' || close.text !== ')') throw new QueryError('missing )')
      return inner
    }
    return comparison()
  }
  const comparison = (): Predicate => {
    const attr = tokens[pos++]
    if (attr?.kind !== 'word' || OPERATORS.has(attr.text.toLowerCase())) throw new QueryError('expected an attribute')
    const op = word(tokens[pos++])
    if (!op || !OPERATORS.has(op)) throw new QueryError(`expected an operator after ${attr.text}`)
    const path = attr.text
    if (mode === 'filter') {
      if (!FILTER_ATTRIBUTES.has(path)) throw new QueryError(`filter does not support ${path}`)
      if (op !== 'eq' && !(path === 'lastUpdated' && ['gt', 'ge', 'lt', 'le'].includes(op))) throw new QueryError(`filter does not support ${op} on ${path}`)
    } else if (op === 'ne') {
      throw new QueryError('search does not support ne')
    } else if (op === 'co' && !CO_ATTRIBUTES.has(path)) {
      throw new QueryError(`co is only for ${[...CO_ATTRIBUTES].join(', ')}`)
    }
    if (op === 'pr') return (s) => present(lookup(s, path))
    const v = tokens[pos++]
    if (!v || v.kind === 'paren') throw new QueryError(`expected a value after ${path} ${op}`)
    const value = v.kind === 'string' ? v.text : literal(v.text)
    // search: string values compare case-insensitively; filter: exactly (the spec's words)
    const fold = (x: string) => (mode === 'search' ? x.toLowerCase() : x)
    return (s) => {
      const got = lookup(s, path)
      const values = Array.isArray(got) ? (got as unknown[]) : [got]
      return values.some((g) => compare(g, op, value, fold))
    }
  }

  if (tokens.length === 0) throw new QueryError('empty expression')
  const p = orExpr()
  if (pos < tokens.length) throw new QueryError(`unexpected ${tokens[pos]?.text ?? ''}`)
  return p
}

function literal(text: string): string | number | boolean | null {
  if (text === 'true') return true
  if (text === 'false') return false
  if (text === 'null') return null
  const n = Number(text)
  if (text !== '' && Number.isFinite(n)) return n
  throw new QueryError(`values are quoted: "${text}"`)
}

/** The values at `path`; through arrays (SCIM: `target.id` matches any target's id). */
function lookup(s: Record<string, unknown>, path: string): unknown {
  let vs: unknown[] = [s]
  for (const k of path.split('.')) {
    vs = vs.flatMap((v) => {
      if (v === null || typeof v !== 'object') return []
      const x = (v as Record<string, unknown>)[k]
      return Array.isArray(x) ? (x as unknown[]) : [x]
    })
  }
  return vs.length === 0 ? undefined : vs.length === 1 ? vs[0] : vs
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)

function compare(got: unknown, op: string, want: string | number | boolean | null, fold: (x: string) => string): boolean {
  if (want === null) return op === 'eq' ? got === null || got === undefined : op === 'ne' ? present(got) : false
  if (got === undefined || got === null) return op === 'ne'
  if (typeof want === 'string') {
    if (typeof got !== 'string') return false
    const a = fold(got)
    const b = fold(want)
    switch (op) {
      case 'eq': return a === b
      case 'ne': return a !== b
      case 'sw': return a.startsWith(b)
      case 'ew': return a.endsWith(b)
      case 'co': return a.includes(b)
      case 'gt': return a > b
      case 'ge': return a >= b
      case 'lt': return a < b
      case 'le': return a <= b
    }
    return false
  }
  if (typeof got !== typeof want) return false
  const a = got as number | boolean
  switch (op) {
    case 'eq': return a === want
    case 'ne': return a !== want
    case 'gt': return a > want
    case 'ge': return a >= want
    case 'lt': return a < want
    case 'le': return a <= want
  }
  return false
}
