import type { FileHandle } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { UnsafeFileError, openAppendOnly } from '../util/fs.js'

export type RowStatus = 'ok' | 'failed' | 'skipped'

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
  status: RowStatus
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

/**
 * The users a previous run already handled (status ok) for this action, from its report: their
 * input, id and login, lower-cased. A torn last line (the run was killed mid-write) is ignored.
 */
export async function readDone(path: string, action: string): Promise<Set<string>> {
  const { readFile } = await import('node:fs/promises')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UsageError(`Cannot read --resume ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`)
  }
  const done = new Set<string>()
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let row: Partial<ReportRow>
    try {
      row = JSON.parse(line) as Partial<ReportRow>
    } catch {
      continue
    }
    if (row.status !== 'ok' || row.action !== action || row.dryRun) continue
    for (const k of [row.user, row.userId, row.login]) if (typeof k === 'string' && k) done.add(k.toLowerCase())
  }
  return done
}
