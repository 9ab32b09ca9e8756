import { main } from './main.js'
import { systemIO } from './output/io.js'

const io = systemIO()
// Sleeps still pending when main returns (a poll interrupted by Ctrl-C) must not hold the exit.
const sleeping = new Set<NodeJS.Timeout>()
// `oktactl … | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
}
const code = await main(process.argv.slice(2), {
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
    process.on('SIGINT', handler)
    return () => process.off('SIGINT', handler)
  },
})
for (const t of sleeping) clearTimeout(t)
process.exitCode = code
