import type { IO } from './io.js'
import { oneLine } from './visible.js'

/** A one-line spinner on stderr, drawn only for a person: when stdin and stderr are terminals. */
export function startSpinner(io: IO, text: string): { update(text: string): void; stop(final?: string): void } {
  if (!io.stderrIsTTY || !io.stdinIsTTY) return { update() {}, stop() {} }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let i = 0
  let current = oneLine(text)
  const draw = () => io.stderr.write(`\r\u001b[2K${frames[i++ % frames.length] ?? ''} ${current}`)
  draw()
  const timer = setInterval(draw, 100)
  timer.unref?.()
  return {
    update(t) {
      current = oneLine(t)
    },
    stop(final) {
      clearInterval(timer)
      io.stderr.write(`\r\u001b[2K${final ? `${oneLine(final)}\n` : ''}`)
    },
  }
}
