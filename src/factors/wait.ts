import type { OktaClient } from '../api/client.js'
import type { Context } from '../context.js'
import { CancelledError } from '../errors.js'
import { startSpinner } from '../output/spinner.js'

export const POLL_INTERVAL_MS = 2000
export const DEFAULT_WAIT_SECONDS = 120

/** How a wait ended: a result `done` accepted, or the time ran out (with the last result seen, if any poll answered). */
export type WaitOutcome<T> = { result: T; timedOut: false } | { result: T | undefined; timedOut: true }

export interface WaitOptions<T> {
  label: string
  waitSeconds: number
  /** The run's client: the polls are made with a copy of it (same auth and settings) that the wait bounds. */
  api: OktaClient
  /**
   * One poll, made with `api`: a client whose requests time out, and whose retries (after a 429
   * or a 5xx) stop, when the wait's time is up, rather than outlive it.
   */
  fetch: (api: OktaClient) => Promise<T>
  done: (r: T) => boolean
}

/** Thrown inside a poll once the wait's time is up; pollUntil turns it into `timedOut`. */
class TimeUp extends Error {}

/**
 * Poll every two seconds until `done` says so or the wait runs out. The deadline is real: a wait
 * of N seconds makes its polls at 0, 2, 4 … s up to N (the one at N itself may take one more poll
 * interval to answer), and ends at N whatever the polls do: a poll still running then (slow, or
 * its client waiting out a 429 whose reset is later, or backing off after a 5xx) is abandoned,
 * and its client stops at the deadline too (its request timeout is cut to the time left, and a
 * retry that would come after it is not made), so nothing of the wait outlives it.
 *
 * Time is the clock's (ctx.now) or, when that is a fixed test clock, the sleeps the wait has
 * made: `--wait-timeout 6` polls 4 times (sleeps 2000, 2000, 2000) with either.
 *
 * An error from a poll before the deadline ends the wait with that error (its own exit code); one
 * at or after it is the time running out. Ctrl-C stops the wait with a CancelledError (exit
 * 130), so callers still clean up and audit the attempt.
 */
export async function pollUntil<T>(ctx: Context, opts: WaitOptions<T>): Promise<WaitOutcome<T>> {
  const waitMs = Math.max(0, Math.round(opts.waitSeconds * 1000))
  // The run's connection, for a client per poll that shares the run's auth (no second token).
  const conn = await ctx.connect()
  const startedAt = ctx.now().getTime()
  let slept = 0
  const elapsed = () => Math.max(ctx.now().getTime() - startedAt, slept)
  const sleep = async (ms: number) => {
    if (ms <= 0) return
    await ctx.sleep(ms)
    slept += ms
  }

  const spinner = startSpinner(ctx.io, opts.label)
  let cancelled = false
  let wake = () => {}
  const interrupted = new Promise<void>((resolve) => (wake = resolve))
  const off = ctx.onInterrupt(() => {
    cancelled = true
    wake()
  })
  /** `work`, unless Ctrl-C comes first, or (with `cutAt`) the time runs out first: TimeUp. */
  const step = async <R>(work: Promise<R>, cutAt?: number): Promise<R> => {
    work.catch(() => {}) // abandoned on Ctrl-C or at the deadline: a late failure is not an unhandled rejection
    let timer: NodeJS.Timeout | undefined
    const deadline =
      cutAt === undefined
        ? undefined
        : new Promise<void>((resolve) => {
            timer = setTimeout(resolve, Math.max(0, cutAt - elapsed()))
          })
    let timeUp = false
    try {
      await Promise.race([work, interrupted, ...(deadline ? [deadline.then(() => void (timeUp = true))] : [])])
    } finally {
      clearTimeout(timer)
    }
    if (cancelled) throw new CancelledError('Cancelled while waiting.')
    if (timeUp) throw new TimeUp()
    return work
  }

  /** One poll, which may run until `cutAt` (ms into the wait); undefined when the time ran out first. */
  const poll = async (cutAt: number): Promise<{ value: T } | undefined> => {
    let over = false
    const isOver = () => over || elapsed() >= cutAt
    const left = cutAt - elapsed()
    const bounded = conn.clientWith(opts.api.auth, {
      // A little past the deadline, so the wait's own timer ends the poll and this only tears down what is left.
      timeoutMs: Math.max(1, Math.min(conn.timeoutMs, left + 250)),
      // The client's waits (429 reset, 5xx backoff) end at the deadline: no retry is made after it.
      sleep: async (ms) => {
        if (isOver()) throw new TimeUp()
        const rest = cutAt - elapsed()
        if (ms < rest) return sleep(ms)
        await sleep(rest)
        throw new TimeUp()
      },
    })
    try {
      return { value: await step(opts.fetch(bounded), cutAt) }
    } catch (err) {
      over = true // whatever of this poll is still running stops at its client's next wait
      if (err instanceof CancelledError) throw err
      // A failure at the deadline is the time running out (the request's timeout was cut to it).
      if (err instanceof TimeUp || elapsed() >= cutAt) return undefined
      throw err
    }
  }

  try {
    let last: T | undefined
    // When this poll is due, in ms into the wait: 0, 2000, 4000 …
    for (let due = 0; ; ) {
      // Every poll may run until the deadline; the one made at the deadline gets one poll interval.
      const answer = await poll(due < waitMs ? waitMs : due + POLL_INTERVAL_MS)
      if (!answer) return { result: last, timedOut: true }
      last = answer.value
      if (opts.done(last)) return { result: last, timedOut: false }
      // Every two seconds from the start, however long each poll took; a late one goes at once.
      due = Math.max(due + POLL_INTERVAL_MS, elapsed())
      if (due > waitMs) return { result: last, timedOut: true }
      await step(sleep(due - elapsed()))
    }
  } finally {
    off?.()
    spinner.stop()
  }
}
