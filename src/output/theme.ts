import { Chalk, type ChalkInstance } from 'chalk'

/**
 * The only place chalk is built. chalk ignores NO_COLOR and looks at process.stdout itself, so we
 * decide colour from the IO and the flags, and hand chalk a fixed level.
 */
export function colorEnabled(opts: {
  isTTY: boolean
  env: Readonly<Record<string, string | undefined>>
  noColor: boolean
  json: boolean
}): boolean {
  if (opts.noColor || opts.json || !opts.isTTY) return false
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false
  if (opts.env.TERM === 'dumb') return false
  return true
}

export function makeTheme(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 })
}
