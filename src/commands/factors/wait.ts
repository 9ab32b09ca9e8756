import type { Context } from '../../context.js'
import { startSpinner } from '../../output/spinner.js'

export const POLL_INTERVAL_MS = 2000
export const DEFAULT_WAIT_SECONDS = 120

/**
 * Ask `fetch` every two seconds until `done` says so or the wait runs out. Counts polls rather
 * than reading the clock, so a test's instant sleep cannot loop forever.
 */
export async function pollUntil<T>(
  ctx: Context,
  opts: { label: string; waitSeconds: number; fetch: () => Promise<T>; done: (r: T) => boolean },
): Promise<{ result: T; timedOut: boolean }> {
  const spinner = startSpinner(ctx.io, opts.label)
  const maxPolls = Math.max(1, Math.ceil((opts.waitSeconds * 1000) / POLL_INTERVAL_MS))
  try {
    let result = await opts.fetch()
    for (let n = 1; !opts.done(result); n++) {
      if (n >= maxPolls) return { result, timedOut: true }
      await ctx.sleep(POLL_INTERVAL_MS)
      result = await opts.fetch()
    }
    return { result, timedOut: false }
  } finally {
    spinner.stop()
  }
}
