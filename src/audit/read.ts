import { UsageError } from '../errors.js'
import type { AuditEntry } from './log.js'

export interface AuditFilter {
  /** User id, login, or login shortname (the part before @). */
  user?: string
  /** Entries at or after this instant. */
  since?: Date
}

/** The longest span back from now, 100 years: a longer one would reach before the dates JS can hold. */
const MAX_SPAN_MS = 36_500 * 86_400_000

/** `30m`, `12h`, `7d` → milliseconds, up to 100 years; undefined for anything else. */
export function parseSpanMs(value: string): number | undefined {
  const span = /^(\d+)\s*([mhd])$/i.exec(value.trim())
  if (!span) return undefined
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- group 2 always takes part in a match
  const ms = Number(span[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2]!.toLowerCase() as 'm' | 'h' | 'd']
  return ms <= MAX_SPAN_MS ? ms : undefined
}

/** A --since (or --until) value, read without the clock: a span back from now, or an instant. */
export type When = { spanMs: number } | { at: Date }

/**
 * Pure: a `--since` value → an ISO date or date-time (2026-01-01, 2026-01-01T09:00Z), or a span
 * back from now (90m, 36h, 7d); a UsageError for anything else.
 */
export function parseWhen(value: string, flag = '--since'): When {
  const v = value.trim()
  const span = parseSpanMs(v)
  if (span !== undefined) return { spanMs: span }
  if (/^\d+\s*[mhd]$/i.test(v)) throw new UsageError(`${flag} "${value}" reaches back more than 100 years.`)
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(v)) {
    const t = Date.parse(v.replace(' ', 'T'))
    if (!Number.isNaN(t)) return { at: new Date(t) }
  }
  throw new UsageError(`${flag} "${value}" is not a date.`, 'Use a date such as 2026-01-01, a date-time such as 2026-01-01T09:00Z, or a span such as 7d or 12h.')
}

/** The instant a When names, a span being counted back from `now`. */
export function resolveWhen(when: When, now: Date): Date {
  return 'spanMs' in when ? new Date(now.getTime() - when.spanMs) : when.at
}

export function matchesUser(e: AuditEntry, user: string): boolean {
  const u = user.trim().toLowerCase()
  if (!u) return true
  if (e.userId && e.userId.toLowerCase() === u) return true
  const login = e.login?.toLowerCase()
  if (!login) return false
  return login === u || (!u.includes('@') && login.split('@')[0] === u)
}

export function matches(e: AuditEntry, f: AuditFilter): boolean {
  if (f.user !== undefined && !matchesUser(e, f.user)) return false
  if (f.since && !(Date.parse(e.time) >= f.since.getTime())) return false
  return true
}

/**
 * Read the log line by line. A line that is not a JSON object (a torn write, a hand edit) is
 * counted and skipped rather than failing the whole read.
 */
export async function readAudit(path: string, filter: AuditFilter): Promise<{ entries: AuditEntry[]; unreadable: number; missing: boolean }> {
  const { createReadStream } = await import('node:fs')
  const { createInterface } = await import('node:readline')
  const entries: AuditEntry[] = []
  let unreadable = 0
  const stream = createReadStream(path, { encoding: 'utf8' })
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve())
      stream.once('error', reject)
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries, unreadable, missing: true }
    throw err
  }
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (!line.trim()) continue
    let e: unknown
    try {
      e = JSON.parse(line)
    } catch {
      unreadable++
      continue
    }
    if (!e || typeof e !== 'object' || typeof (e as AuditEntry).time !== 'string') {
      unreadable++
      continue
    }
    if (matches(e as AuditEntry, filter)) entries.push(e as AuditEntry)
  }
  return { entries: foldIntents(entries), unreadable, missing: false }
}

/**
 * Each change is logged twice: its `intent` before the request, its outcome after. Show the
 * outcome alone; an intent with no outcome after it (the process died mid-request) stays, since
 * that change may have happened.
 */
export function foldIntents(entries: AuditEntry[]): AuditEntry[] {
  const key = (e: AuditEntry) => JSON.stringify([e.operator, e.command, e.org, e.userId ?? e.login])
  const pending = new Map<string, number[]>()
  const drop = new Set<number>()
  entries.forEach((e, i) => {
    const k = key(e)
    if (e.outcome === 'intent') {
      pending.set(k, [...(pending.get(k) ?? []), i])
      return
    }
    const open = pending.get(k)
    const first = open?.shift()
    if (first !== undefined) drop.add(first)
  })
  return entries.filter((_, i) => !drop.has(i))
}
