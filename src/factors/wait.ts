import type { Context } from '../context.js'
import { CancelledError } from '../errors.js'
import { startSpinner } from '../output/spinner.js'

export const POLL_INTERVAL_MS = 2000
export const DEFAULT_WAIT_SECONDS = 120

/**
 * Ask `fetch` every two seconds until `done` says so or the wait runs out. Counts polls rather
 * than reading the clock, so a test's instant sleep cannot loop forever. Ctrl-C stops the wait
 * with a CancelledError (exit 130), so callers still clean up and audit the attempt.
 */
export async function pollUntil<T>(
  ctx: Context,
  opts: { label: string; waitSeconds: number; fetch: () => Promise<T>; done: (r: T) => boolean },
): Promise<{ result: T; timedOut: boolean }> {
  const spinner = startSpinner(ctx.io, opts.label)
  const maxPolls = Math.max(1, Math.ceil((opts.waitSeconds * 1000) / POLL_INTERVAL_MS))
  let cancelled = false
  let wake = () => {}
  const interrupted = new Promise<void>((resolve) => (wake = resolve))
  const off = ctx.onInterrupt(() => {
    cancelled = true
    wake()
  })
  const step = async <R>(work: Promise<R>): Promise<R> => {
    work.catch(() => {}) // abandoned on Ctrl-C: a late failure is not an unhandled rejection
    await Promise.race([work, interrupted])
    if (cancelled) throw new CancelledError('Cancelled while waiting.')
    return work
  }
  try {
    let result = await step(opts.fetch())
    for (let n = 1; !opts.done(result); n++) {
      if (n >= maxPolls) return { result, timedOut: true }
      await step(ctx.sleep(POLL_INTERVAL_MS))
      result = await step(opts.fetch())
    }
    return { result, timedOut: false }
  } finally {
    off?.()
    spinner.stop()
  }
}
