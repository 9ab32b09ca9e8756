import type { ChalkInstance } from 'chalk'
import type { IO } from '../output/io.js'
import type { ReportStatus } from './report.js'
import { forTerminal, oneLine } from '../output/visible.js'

export interface Counts {
  ok: number
  failed: number
  skipped: number
  /** A change that may have been made (no usable answer): shown only when there is one. */
  unknown: number
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`
}

/**
 * A one-line progress bar with counts and ETA on stderr, drawn only when stderr is a terminal.
 * Lines logged through it (failed rows) appear above the bar. Off a terminal it draws nothing
 * and logged lines are written plainly.
 */
export class Progress {
  readonly counts: Counts = { ok: 0, failed: 0, skipped: 0, unknown: 0 }
  private readonly started: number
  private timer: ReturnType<typeof setInterval> | undefined
  private lastDraw = 0
  private drawn = false
  private paused = false

  private readonly live: boolean

  constructor(
    private readonly io: IO,
    /** Undefined while a listing from the org is still being read: then `listed` counts. */
    private total: number | undefined,
    private readonly label: string,
    private readonly theme: ChalkInstance,
    private readonly now: () => number,
    /** While the run is held for a rate-limit window: ms until it resumes. */
    private readonly holdMs: () => number | undefined = () => undefined,
    /** The least time the rate limits allow for `left` more users, given `done` so far (ms). */
    private readonly pacedMs: (left: number, done: number) => number | undefined = () => undefined,
  ) {
    this.started = now()
    // Drawn only for a person: stdin and stderr are terminals. Elsewhere stderr carries errors only.
    this.live = io.stderrIsTTY && io.stdinIsTTY
    if (this.live) {
      this.timer = setInterval(() => this.draw(), 250)
      this.timer.unref?.()
      this.draw()
    }
  }

  private listed = 0

  /** The total, once known (a listing read to its end, or less the users a resume skips). */
  setTotal(n: number | undefined): void {
    this.total = n
  }

  /** Rows taken from the source so far (a listing's count, while its total is unknown). */
  seen(n: number): void {
    this.listed = n
  }

  /**
   * The ETA: the pace so far, but never less than what the rate limits allow for the rest (a
   * paced run that has just used a window's budget in 5 s still has to wait for the next ones).
   */
  eta(): string {
    if (this.total === undefined || this.done === 0) return '--'
    const elapsed = this.now() - this.started
    const left = Math.max(0, this.total - this.done)
    const pace = elapsed > 0 ? (elapsed / this.done) * left : 0
    return formatDuration(Math.max(pace, this.pacedMs(left, this.done) ?? 0))
  }

  get done(): number {
    return this.counts.ok + this.counts.failed + this.counts.skipped + this.counts.unknown
  }

  tick(status: ReportStatus): void {
    this.counts[status]++
    if (this.live && performance.now() - this.lastDraw > 100) this.draw()
  }

  /** A line for the person (an error), above the bar. */
  log(line: string): void {
    this.above(this.io.stderr, `${oneLine(line)}\n`)
  }

  /** Write to a stream that may share the terminal with the bar (rows streamed to stdout). */
  above(stream: NodeJS.WritableStream, text: string): void {
    const shared = stream === this.io.stderr || this.io.stdoutIsTTY
    if (shared) this.clear()
    stream.write(forTerminal(text))
    if (shared) this.draw()
  }

  /** Stop drawing while a question is asked. */
  pause(): void {
    this.clear()
    this.paused = true
  }

  resume(): void {
    this.paused = false
    this.draw()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.clear()
    this.paused = true
  }

  private clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[2K')
    this.drawn = false
  }

  private draw(): void {
    if (!this.live || this.paused) return
    this.lastDraw = performance.now()
    const t = this.theme
    const width = 24
    const total = this.total
    const frac = total === undefined ? 0 : total ? this.done / total : 1
    const filled = Math.round(frac * width)
    const bar = total === undefined ? '' : ` ${'█'.repeat(filled)}${t.dim('░'.repeat(width - filled))}`
    const eta = this.eta()
    const { ok, failed, skipped, unknown } = this.counts
    const parts = [
      total === undefined ? `${this.label} ${this.done} done, ${this.listed} listed so far` : `${this.label}${bar} ${this.done}/${total}`,
      t.green(`ok ${ok}`),
      failed ? t.red(`failed ${failed}`) : `failed ${failed}`,
      `skipped ${skipped}`,
      ...(unknown ? [t.yellow(`unknown ${unknown}`)] : []),
      `ETA ${eta}`,
    ]
    const hold = this.holdMs()
    if (hold !== undefined) parts.push(t.yellow(`pacing: rate-limit window resets in ${formatDuration(hold)}`))
    const line = parts.join('  ')
    this.io.stderr.write(`\r\u001b[2K${oneLine(line.slice(0, Math.max(20, this.io.columns * 3)))}`)
    this.drawn = true
  }
}
