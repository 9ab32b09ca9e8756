import type { FileHandle } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { UnsafeFileError, openAppendOnly } from '../util/fs.js'

/**
 * What happened to one user. `unknown`: a change (never a GET) whose answer never came or could
 * not be read (the connection failed after the request was written, a malformed 2xx; the audit
 * log's `unknown`, from the same outcomeOf), so it may have been made. Such a row is not ok (the
 * run exits 7) and `--resume` never retries it: a person checks the user first.
 */
export type ReportStatus = 'ok' | 'failed' | 'skipped' | 'unknown'

/** One line of a --report file: what happened to one user. */
export interface ReportRow {
  time: string
  /** Line of the users file. */
  line: number
  /** The user as the file gave it. */
  user: string
  userId: string | null
  login: string | null
  action: string
  /** ok, failed, skipped, or unknown (a change that may have been made: see ReportStatus). */
  status: ReportStatus
  errorCode: string | null
  summary: string
  requestId: string | null
  factors?: Array<{ id: string | null; type: string }>
  /** A preview row: nothing was changed. */
  dryRun?: boolean
}

/** Streams rows to a JSON-lines file (mode 0600: it names users) as they finish. */
export class ReportWriter {
  private chain: Promise<void> = Promise.resolve()
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  static async open(path: string, append: boolean): Promise<ReportWriter> {
    // A report is never truncated: a new run creates its file (refusing one that exists), only
    // --resume appends. Never through a symlink, never to a device or FIFO.
    try {
      const { fh } = await openAppendOnly(path, { exclusive: !append })
      return new ReportWriter(path, fh)
    } catch (err) {
      if (err instanceof UnsafeFileError && err.reason === 'exists') {
        throw new UsageError(
          `The report ${path} already exists; oktactl never overwrites a report.`,
          `Pass --resume ${path} to continue that run (it appends), or choose another file with --report.`,
        )
      }
      if (err instanceof UnsafeFileError) throw new UsageError(`Cannot write the report: ${err.message}.`, 'Give --report a path to a regular file (a new one).')
      throw new UsageError(`Cannot write the report ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`)
    }
  }

  write(row: ReportRow): Promise<void> {
    const line = `${JSON.stringify(row)}\n`
    this.chain = this.chain.then(async () => {
      await this.fh.write(line)
    })
    return this.chain
  }

  async close(): Promise<void> {
    try {
      await this.chain
      await this.fh.sync().catch(() => {})
    } finally {
      await this.fh.close()
    }
  }
}

/** What --resume takes from an earlier report: the users it must not act on again. */
export interface ResumeState {
  /** Users the report lists as ok for this action (their input, id and login, lower-cased). */
  done: Set<string>
  /**
   * Users the report lists as unknown for this action: the change may have been made, so they are
   * not retried either (sending it again could enroll twice, text twice); a person checks them.
   */
  unknown: Set<string>
}

/**
 * The users a previous run already handled (ok) or left unknown for this action, from its report:
 * their input, id and login, lower-cased. Failed, skipped and preview rows are retried. A torn last
 * line (the run was killed mid-write) is ignored.
 */
export async function readResume(path: string, action: string): Promise<ResumeState> {
  const { readFile } = await import('node:fs/promises')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UsageError(`Cannot read --resume ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`)
  }
  const state: ResumeState = { done: new Set(), unknown: new Set() }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let row: Partial<ReportRow>
    try {
      row = JSON.parse(line) as Partial<ReportRow>
    } catch {
      continue
    }
    if (typeof row !== 'object' || row === null || row.action !== action || row.dryRun) continue
    const into = row.status === 'ok' ? state.done : row.status === 'unknown' ? state.unknown : undefined
    if (!into) continue
    for (const k of [row.user, row.userId, row.login]) if (typeof k === 'string' && k) into.add(k.toLowerCase())
  }
  return state
}
