import type { Readable } from 'node:stream'
import type { OktaUser } from '../api/types.js'
import { UsageError } from '../errors.js'
import { readAll } from '../prompt/stdin.js'
import { loadCsv } from '../util/lazy.js'

/** One user to act on: where it came from, what was given, and any other CSV columns. */
export interface InputRow {
  /** 1-based line number in the file. */
  line: number
  user: string
  /** Other columns of a CSV row, keys lower-cased (e.g. phone, email). */
  fields: Record<string, string>
  /** Set when the same user appeared on an earlier line; the row is skipped. */
  duplicateOf?: number
  /** The user as the org listed them (--group, --search, --filter, --all-users): no lookup needed. */
  resolved?: OktaUser
}

/** Column names that hold the user, in order of preference. */
export const USER_COLUMNS = ['user', 'id', 'login', 'email'] as const

/**
 * `--users-file <file>` or `-` (stdin): either one user a line (blank lines and # comments
 * skipped), or a CSV whose header has a `user`, `id` or `login` column.
 */
export async function readUsersFile(path: string, stdin: Readable): Promise<{ rows: InputRow[]; format: 'lines' | 'csv' }> {
  let text: string
  if (path === '-') {
    text = await readAll(stdin)
  } else {
    const { readFile } = await import('node:fs/promises')
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      throw new UsageError(`Cannot read --users-file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`)
    }
  }
  const source = path === '-' ? 'stdin' : path
  const parsed = isCsv(text) ? { rows: await parseCsv(text, source), format: 'csv' as const } : { rows: parseLines(text), format: 'lines' as const }
  if (parsed.rows.length === 0) throw new UsageError(`No users in ${source}.`)
  markDuplicates(parsed.rows)
  return parsed
}

function significantLines(text: string): Array<{ line: number; text: string }> {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'))
}

/** A CSV announces itself with a header row naming the user column. */
export function isCsv(text: string): boolean {
  const first = significantLines(text)[0]
  if (!first) return false
  // A one-column CSV: a first line that is exactly a user column's name is a header, not a user
  // (an org with a user whose shortname is `login` must not have them reset by a header row).
  if (!first.text.includes(',')) return (USER_COLUMNS as readonly string[]).includes(first.text.replace(/^"|"$/g, '').trim().toLowerCase())
  const cells = first.text.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase())
  if (cells.some((c) => (USER_COLUMNS as readonly string[]).includes(c))) return true
  throw new UsageError(
    `The users file looks like a CSV, but its header (${first.text}) has no user, id, login or email column.`,
    'Give one user a line, or a CSV whose first row names a user, id, login or email column.',
  )
}

export function parseLines(text: string): InputRow[] {
  return significantLines(text).map((l) => ({ line: l.line, user: l.text, fields: {} }))
}

export async function parseCsv(text: string, source: string): Promise<InputRow[]> {
  const { parse } = await loadCsv()
  let records: Array<{ record: Record<string, string>; info: { lines: number; columns?: Array<{ name: string }> } }>
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      comment: '#',
      comment_no_infix: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: Record<string, string>; info: { lines: number; columns?: Array<{ name: string }> } }>
  } catch (err) {
    throw new UsageError(`${source} is not valid CSV: ${(err as Error).message}`)
  }
  const header = (records[0]?.info.columns ?? []).map((c) => c.name)
  const column = USER_COLUMNS.find((c) => header.includes(c)) ?? 'user'
  return records.map(({ record, info }) => {
    const user = (record[column] ?? '').trim()
    if (!user) throw new UsageError(`${source} line ${info.lines}: the ${column} column is empty.`)
    const fields: Record<string, string> = {}
    for (const [k, v] of Object.entries(record)) if (k !== column && v !== undefined && v !== '') fields[k] = v
    return { line: info.lines, user, fields }
  })
}

function markDuplicates(rows: InputRow[]): void {
  const seen = new Map<string, number>()
  for (const r of rows) {
    const key = r.user.toLowerCase()
    const first = seen.get(key)
    if (first === undefined) seen.set(key, r.line)
    else r.duplicateOf = first
  }
}
