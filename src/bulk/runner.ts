import { join } from 'node:path'
import type { OktaClient } from '../api/client.js'
import { outcomeOf } from '../audit/record.js'
import { stateDir } from '../config/paths.js'
import { type Context } from '../context.js'
import { STOP_EXIT, STOP_WORDS, type StopReason } from '../errors.js'
import { AuthError, BulkFailedError, CancelledError, CliError, NetworkError, NotFoundError, OktaApiError, UsageError } from '../errors.js'
import type { Column } from '../output/output.js'
import { tsvCell } from '../output/format.js'
import { keepYoungGenerationSmall } from './heap.js'
import type { InputRow } from './input.js'
import { resumeCommand, type BulkSettings } from './options.js'
import type { RowSource } from './source.js'
import { RatePacer, pacedClient } from './pacer.js'
import { Progress, formatDuration } from './progress.js'
import { ReportWriter, readResume, type ReportRow, type ReportStatus } from './report.js'

/** What a worker says about one user. */
export interface RowOutcome {
  /** `unknown` only for a change that may have been made (see ReportStatus). */
  status: ReportStatus
  userId?: string | null
  login?: string | null
  summary: string
  errorCode?: string | null
  requestId?: string | null
  factors?: Array<{ id: string | null; type: string }>
  /** Extra data for stdout (list: the user's factors). */
  data?: unknown
}

export interface WorkTools {
  /** Run `fn` alone, with the progress bar out of the way (a question for the operator). */
  exclusive<R>(fn: () => Promise<R>): Promise<R>
  /**
   * Claims a resolved user for this row. A users file may name one person twice (by login and by
   * id, or by email): the second row gets the first row's line back and must not act again.
   */
  claim(userId: string, line: number): number | undefined
}

export interface BulkOutput<T> {
  columns: Column<T>[]
  /** stdout rows for one finished user (TSV streams them as they finish). */
  rows(r: ReportRow, o: RowOutcome): T[]
  /** The JSON value for one user (--json prints an array of them, in file order). */
  json(r: ReportRow, o: RowOutcome): unknown
}

export interface BulkJob<T> {
  ctx: Context
  /** list, reset, delete, enroll */
  action: string
  /** Shown in the progress bar and messages. */
  label: string
  rows: RowSource
  settings: BulkSettings
  /** The command line as typed, for the resume hint. */
  args: string[]
  /** Preview rows change nothing (marked dryRun in the report; never counted as done). */
  preview: boolean
  /** Write a report to the state dir when no --report is given (runs that change things). */
  defaultReport: boolean
  work(row: InputRow, api: OktaClient, tools: WorkTools): Promise<RowOutcome>
  /** stdout, one row per user; without it the job prints its own result (and the runner keeps no rows). */
  output?: BulkOutput<T>
  /**
   * Every finished row, in the source's order (a row is held back only until the ones before it
   * are done, so at most about `concurrency` wait): for jobs that stream their own output.
   */
  ordered?(row: InputRow, report: ReportRow, outcome: RowOutcome): void | Promise<void>
  /** Called before the summary (e.g. to close an audit session). */
  finish?(): Promise<void>
}

export interface BulkResult {
  counts: { ok: number; failed: number; skipped: number; unknown: number }
  /** Users --resume left out as ok in its report. */
  alreadyDone: number
  /** Users --resume left out as unknown in its report (not retried; to be checked by hand). */
  unknownBefore: number
  interrupted: boolean
  reportPath: string | undefined
}

/** A worker's failure, with whatever it had learnt of the user (so the row still names them). */
export class RowFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly who: { userId?: string | null; login?: string | null },
  ) {
    super(error instanceof Error ? error.message : String(error))
  }
}

/** A per-row failure as a code and a one-line summary. */
export function describeError(err: unknown): { errorCode: string; summary: string; requestId: string | null } {
  if (err instanceof OktaApiError) {
    return {
      errorCode: err.errorCode ?? `HTTP ${err.status}`,
      summary: [err.errorSummary ?? err.message, ...err.errorCauses].join(' — '),
      requestId: err.requestId ?? null,
    }
  }
  if (err instanceof NotFoundError) return { errorCode: 'NOT_FOUND', summary: err.message, requestId: null }
  if (err instanceof NetworkError) return { errorCode: 'NETWORK', summary: err.message, requestId: null }
  if (err instanceof UsageError) return { errorCode: 'INVALID', summary: err.message, requestId: null }
  if (err instanceof CliError) return { errorCode: `EXIT_${err.exitCode}`, summary: err.message, requestId: null }
  return { errorCode: 'INTERNAL', summary: err instanceof Error ? err.message : String(err), requestId: null }
}

/**
 * A failed row, or `unknown` when the change may have been made: the error came from a request
 * that changes something (never a GET) after it was written, or as an answer that could not be
 * read. The audit log's outcome comes from the same outcomeOf, so the two always agree.
 */
export function failedOutcome(err: unknown, who: { userId?: string | null; login?: string | null }): RowOutcome {
  const d = describeError(err)
  if (outcomeOf(err) !== 'unknown') return { status: 'failed', ...who, ...d }
  const said = /may have been made/i.test(d.summary)
  return { status: 'unknown', ...who, ...d, summary: said ? d.summary : `${d.summary} (the change may have been made: check this user before running again)` }
}

const users = (n: number) => `${n} user${n === 1 ? '' : 's'}`

/** Errors after which no other row can succeed: stop instead of failing 2,000 rows one by one. */
function isFatal(err: unknown): boolean {
  return (err instanceof OktaApiError && err.status === 401) || err instanceof AuthError
}

export function defaultReportPath(ctx: Context, action: string): string {
  const stamp = ctx.now().toISOString().replace(/[:.]/g, '-')
  return join(stateDir(ctx.env), 'reports', `${action}-${stamp}.jsonl`)
}

/**
 * Run `work` for every row: a fixed number at a time, paced by the rate-limit headers, with a
 * progress bar (terminal only), a streamed report, resume, and a clean stop on Ctrl-C (finish the
 * rows in flight, write the report, print how to resume, exit 130). Exit 7 if any row failed or
 * is unknown (a change that may have been made).
 */
export async function runBulk<T>(job: BulkJob<T>): Promise<BulkResult> {
  try {
    return await run(job)
  } finally {
    await job.finish?.()
  }
}

async function run<T>(job: BulkJob<T>): Promise<BulkResult> {
  const { ctx, settings } = job
  keepYoungGenerationSmall()
  const out = ctx.out

  // Resume: skip users the earlier report lists as done, or as unknown (the change may have been
  // made: never sent again), by what the file gave, id or login.
  const resume = settings.resume ? await readResume(settings.resume, job.action) : undefined
  const inResume = (r: InputRow): 'done' | 'unknown' | undefined => {
    if (!resume) return undefined
    const keys = [r.user, r.resolved?.id, r.resolved?.profile?.login].filter((k): k is string => typeof k === 'string').map((k) => k.toLowerCase())
    // Unknown first: a user the report has both ways is still one a person must check.
    if (keys.some((k) => resume.unknown.has(k))) return 'unknown'
    if (keys.some((k) => resume.done.has(k))) return 'done'
    return undefined
  }
  /** Rows --resume left out (done or unknown). */
  let alreadyDone = 0
  /** Of those, the unknown ones, and the first few of their names (for the notice). */
  let unknownBefore = 0
  const unknownNames: string[] = []
  const reportPath = settings.report ?? settings.resume ?? (job.defaultReport && !job.preview ? defaultReportPath(ctx, job.action) : undefined)
  const report = reportPath ? await ReportWriter.open(reportPath, reportPath === settings.resume) : undefined

  const api = await ctx.api()
  const pacer = new RatePacer({
    headroomPercent: settings.headroomPercent,
    now: () => ctx.now().getTime(),
    sleep: ctx.sleep,
    debug: ctx.debug,
    // Called only once requests flow, after the progress bar below exists.
    notice: (line) => progress.log(line),
  })
  const unsubscribe = ctx.onApiResponse((info) => pacer.observe(info))

  const progress = new Progress(ctx.io, job.rows.total, job.label, out.errTheme, () => ctx.now().getTime(), () => pacer.resumesIn(), (left, done) => pacer.timeNeeded(left, done))
  const finished: Array<{ report: ReportRow; outcome: RowOutcome }> = []
  // The rows' tally is the progress bar's (it counts every row, drawn or not).
  const counts = progress.counts
  let handled = 0
  let stopping = false
  let interrupted = false
  let fatal: unknown
  let inFlight = 0
  // Rows are pulled one at a time from the source: a listing fetches its next page only when
  // the rows before it have been taken, so the first user is acted on before the last page.
  const source = job.rows.rows(pacedClient(api, pacer))[Symbol.asyncIterator]()
  let pulling: Promise<unknown> = Promise.resolve()
  let exhausted = false
  /** The source has no more rows (every page read). */
  let complete = false
  let seen = 0
  let pulled = 0
  const pull = (): Promise<{ row: InputRow; seq: number } | undefined> => {
    const p = pulling.then(async () => {
      while (!exhausted && !stopping) {
        let r: IteratorResult<InputRow>
        try {
          r = await source.next()
        } catch (err) {
          exhausted = true
          // Stopped while the next page waited for its rate-limit window: nothing lost.
          if (err instanceof CancelledError) return undefined
          // A malformed page, or a next link elsewhere: stop as for a fatal error, not silently.
          fatal ??= err
          stopping = true
          return undefined
        }
        if (r.done) {
          exhausted = true
          complete = true
          progress.setTotal(seen - alreadyDone)
          return undefined
        }
        seen++
        const before = inResume(r.value)
        if (before) {
          alreadyDone++
          if (before === 'unknown') {
            unknownBefore++
            const login = r.value.resolved?.profile?.login
            if (unknownNames.length < 5) unknownNames.push(typeof login === 'string' ? login : r.value.user)
          }
          progress.setTotal(job.rows.total === undefined ? undefined : job.rows.total - alreadyDone)
          continue
        }
        progress.seen(seen - alreadyDone)
        return { row: r.value, seq: pulled++ }
      }
      return undefined
    })
    pulling = p.catch(() => {})
    return p
  }
  let lock: Promise<unknown> = Promise.resolve()
  const claimed = new Map<string, number>()
  const tools: WorkTools = {
    claim(userId, line) {
      const first = claimed.get(userId)
      if (first !== undefined && first !== line) return first
      claimed.set(userId, line)
      return undefined
    },
    exclusive<R>(fn: () => Promise<R>): Promise<R> {
      const run = lock.then(async () => {
        progress.pause()
        try {
          return await fn()
        } finally {
          progress.resume()
        }
      })
      lock = run.catch(() => {})
      return run
    },
  }
  const interrupt = () => {
    interrupted = true
    stopping = true
    pacer.stop()
  }
  let stopReason = 'SIGINT' as StopReason
  const offInterrupt = ctx.onInterrupt((reason) => {
    if (!interrupted) {
      stopReason = reason
      progress.log(`${STOP_WORDS[reason]}: finishing the user(s) already being changed (${Math.max(0, inFlight)} in progress); users not yet started are left for --resume…`)
    }
    interrupt()
  })

  // Finished rows, handed to job.ordered in the order they were pulled.
  const held = new Map<number, { row: InputRow; report: ReportRow; outcome: RowOutcome } | null>()
  let emitNext = 0
  let emitting: Promise<void> = Promise.resolve()
  const settle = (seq: number, entry: { row: InputRow; report: ReportRow; outcome: RowOutcome } | null): Promise<void> => {
    if (!job.ordered) return Promise.resolve()
    held.set(seq, entry)
    const emit = async () => {
      while (held.has(emitNext)) {
        const e = held.get(emitNext)
        held.delete(emitNext)
        emitNext++
        if (e) await job.ordered?.(e.row, e.report, e.outcome)
      }
    }
    emitting = emitting.then(emit)
    return emitting
  }
  const handle = async (row: InputRow, seq: number): Promise<void> => {
    let outcome: RowOutcome
    if (row.duplicateOf !== undefined) {
      outcome = { status: 'skipped', summary: `duplicate of line ${row.duplicateOf}` }
    } else {
      try {
        outcome = await job.work(row, pacedClient(api, pacer), tools)
      } catch (thrown) {
        const err = thrown instanceof RowFailed ? thrown.error : thrown
        const who = thrown instanceof RowFailed ? thrown.who : {}
        // Ctrl-C at a prompt, or a user abandoned before anything was changed: not started.
        if (err instanceof CancelledError) {
          interrupt()
          await settle(seq, null)
          return
        }
        if (isFatal(err)) {
          fatal ??= err
          stopping = true
        }
        outcome = failedOutcome(err, who)
      }
    }
    const r: ReportRow = {
      time: ctx.now().toISOString(),
      line: row.line,
      user: row.user,
      userId: outcome.userId ?? null,
      login: outcome.login ?? null,
      action: job.action,
      status: outcome.status,
      errorCode: outcome.errorCode ?? null,
      summary: outcome.summary,
      requestId: outcome.requestId ?? null,
      ...(outcome.factors ? { factors: outcome.factors } : {}),
      ...(job.preview ? { dryRun: true } : {}),
    }
    await report?.write(r)
    await settle(seq, { row, report: r, outcome })
    handled++
    if (job.output) finished.push({ report: r, outcome })
    progress.tick(r.status)
    if (r.status === 'failed' || r.status === 'unknown') {
      const who = r.login ?? r.user
      const mark = r.status === 'failed' ? out.errTheme.red('✗') : out.errTheme.yellow('?')
      progress.log(`${mark} line ${r.line} ${who}: ${r.errorCode ? `${r.errorCode} ` : ''}${r.summary}${r.requestId ? ` (X-Okta-Request-Id ${r.requestId})` : ''}`)
    }
    const streamed = job.output
    if (out.format === 'tsv' && streamed) {
      const lines = streamed.rows(r, outcome).map((x) => streamed.columns.map((c) => tsvCell(c.value(x))).join('\t'))
      if (lines.length) progress.above(ctx.io.stdout, `${lines.join('\n')}\n`)
    }
  }
  const worker = async (): Promise<void> => {
    while (!stopping) {
      const next = await pull()
      if (!next) break
      inFlight++
      try {
        await handle(next.row, next.seq)
      } finally {
        inFlight--
      }
    }
  }
  const started = ctx.now().getTime()
  try {
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, Math.max(1, job.rows.total ?? settings.concurrency)) }, worker))
  } finally {
    await source.return?.()
    offInterrupt?.()
    unsubscribe()
    progress.stop()
    await report?.close()
  }

  // stdout: tables and JSON in file order, once everything is in.
  finished.sort((a, b) => a.report.line - b.report.line)
  const output = job.output
  if (output && out.json) {
    out.printJson(finished.map((f) => output.json(f.report, f.outcome)))
  } else if (output && out.format === 'table') {
    await out.printList(finished.flatMap((f) => output.rows(f.report, f.outcome)), output.columns)
  }

  const s = pacer.stats
  ctx.debug(`pacing: ${s.requests} requests, held ${s.waits} times for ${formatDuration(s.waitedMs)}, ${s.rateLimited} rate-limit (429) responses`)
  if (unknownBefore && settings.resume) {
    const names = `${unknownNames.join(', ')}${unknownBefore > unknownNames.length ? ', …' : ''}`
    out.warn(
      `--resume left out ${users(unknownBefore)} that ${settings.resume} lists as unknown (the change may have been made): ${names}. ` +
        `Check ${unknownBefore === 1 ? 'this user' : 'them'} by hand; --resume never retries an unknown row.`,
    )
  }
  const doneBefore = alreadyDone - unknownBefore
  const tally =
    `${counts.ok} ok, ${counts.failed} failed, ${counts.skipped} skipped${counts.unknown ? `, ${counts.unknown} unknown` : ''}` +
    `${doneBefore ? `, ${doneBefore} already done` : ''}${unknownBefore ? `, ${unknownBefore} unknown before (not retried)` : ''}`
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a row threw, as it was thrown
  if (fatal) throw fatal
  if (interrupted) {
    const notStarted = complete ? `${seen - alreadyDone - handled}` : job.rows.total !== undefined ? `${job.rows.total - alreadyDone - handled}` : 'the rest'
    throw new CliError(
      `${STOP_WORDS[stopReason]}: ${tally}; ${notStarted} not started.${counts.unknown ? ` ${counts.unknown} unknown: the change may have been made; check before running again (--resume will not retry ${counts.unknown === 1 ? 'it' : 'them'}).` : ''}${reportPath ? ` Report: ${reportPath}` : ''}`,
      STOP_EXIT[stopReason],
      reportPath ? `Resume with:\n  ${resumeCommand(job.args, reportPath)}` : undefined,
    )
  }
  const where = reportPath ? ` Report: ${reportPath}` : ''
  if (counts.unknown > 0) {
    const u = counts.unknown
    throw new BulkFailedError(
      `${job.label}: ${u} of ${seen - alreadyDone} users unknown${counts.failed ? `, ${counts.failed} failed` : ''} (${tally}). ` +
        `${u} unknown: the change may have been made; check ${u === 1 ? 'this user' : 'these users'} before running again (--resume will not retry ${u === 1 ? 'it' : 'them'}).${where}`,
    )
  }
  if (counts.failed > 0) {
    throw new BulkFailedError(`${job.label}: ${counts.failed} of ${seen - alreadyDone} users failed (${tally}).${where}`)
  }
  out.success(`${job.label}: ${tally} in ${formatDuration(ctx.now().getTime() - started)}${s.waits ? `; paced ${s.waits}×` : ''}${s.rateLimited ? `; ${s.rateLimited}× HTTP 429` : ''}.${reportPath ? ` Report: ${reportPath}` : ''}`)
  return { counts, alreadyDone: doneBefore, unknownBefore, interrupted, reportPath }
}
