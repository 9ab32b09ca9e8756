// What the bulk and report benchmarks share: the sandbox built from its source with the project's
// bundler, and a sandbox clock shifted so a run starts just after a rate-limit window opens (the
// figures then do not depend on the second of the minute the bench happens to start).
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const WINDOW_MS = 60_000 // the sandbox's rate-limit window: a minute, aligned to the minute

/** src/sandbox/index.ts as one ES module in `work`, imported. */
export async function loadSandbox(root, work) {
  const { build } = await import('rolldown')
  await build({
    input: join(root, 'src', 'sandbox', 'index.ts'),
    platform: 'node',
    logLevel: 'silent',
    output: {
      file: join(work, 'sandbox.mjs'),
      format: 'esm',
      codeSplitting: false,
      banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  })
  return import(pathToFileURL(join(work, 'sandbox.mjs')).href)
}

/** `now` for the sandbox, and `startOnWindow()`: from then on the sandbox's minute began 200 ms ago. */
export function windowClock() {
  let shift = 0
  return {
    now: () => Date.now() + shift,
    startOnWindow() {
      const now = Date.now()
      const target = Math.ceil((now + 1000) / WINDOW_MS) * WINDOW_MS + 200
      shift = target - now
      return { t0: now, windowOffsetMs: 200 }
    },
  }
}
