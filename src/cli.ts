import { main } from './main.js'
import { systemIO } from './output/io.js'
import type { StopReason } from './errors.js'

const io = systemIO()
// Sleeps still pending when main returns (a poll interrupted by Ctrl-C) must not hold the exit.
const sleeping = new Set<NodeJS.Timeout>()
// Whoever is subscribed to stop requests (a bulk run, a wait): signals and a closed stdout.
const stopHandlers = new Set<(reason: StopReason) => void>()
let stdoutClosed = false
// `oktactl … | head` closes the pipe early. With nothing in flight that is not an error; during a
// bulk run it stops new work, and what is in flight finishes and is recorded (exit 141).
function onStreamError(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err
    if (stream !== process.stdout || stdoutClosed) return
    stdoutClosed = true
    if (stopHandlers.size === 0) process.exit(process.exitCode ?? 0)
    for (const h of [...stopHandlers]) h('EPIPE')
  })
}
onStreamError(process.stdout)
// process.stderr is built on first touch: for a pipe, a socket, with node:net and its streams
// (measured ~1.9 ms of every start on Node 24, about a tenth of `oktactl --help`, which never
// writes to it). So its guard goes on when something first touches it, oktactl or a library.
whenTouched('stderr', onStreamError)

/** Runs `fn` on process[name] when it is first read (at once if Node defines it otherwise). */
function whenTouched(name: 'stderr', fn: (stream: NodeJS.WriteStream) => void): void {
  const own = Object.getOwnPropertyDescriptor(process, name)
  const get = own?.get?.bind(process)
  if (!get || !own?.configurable) return fn(process[name])
  let seen = false
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable,
    get() {
      const stream = get() as NodeJS.WriteStream
      if (!seen) {
        seen = true
        fn(stream)
      }
      return stream
    },
  })
}
void main(process.argv.slice(2), {
  io,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  sleep: (ms) =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        sleeping.delete(t)
        resolve()
      }, ms)
      sleeping.add(t)
    }),
  onInterrupt: (handler) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
    const listeners = signals.map((s) => [s, () => handler(s)] as const)
    for (const [s, l] of listeners) process.on(s, l)
    stopHandlers.add(handler)
    return () => {
      for (const [s, l] of listeners) process.off(s, l)
      stopHandlers.delete(handler)
    }
  },
}).then((code) => {
  for (const t of sleeping) clearTimeout(t)
  process.exitCode = code
})
