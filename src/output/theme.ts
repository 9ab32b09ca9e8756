import { Chalk, type ChalkInstance } from 'chalk'
import { forTerminal, OWN_ESC } from './visible.js'

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

/**
 * Our colours, marked as ours: the escape codes chalk writes are held as OWN_ESC until the output
 * module writes them, so they survive its escaping while any ESC that came from the org does not.
 * Text handed to a style is escaped first, so styling org text cannot smuggle its codes through.
 */
export function makeTheme(enabled: boolean): ChalkInstance {
  return own(new Chalk({ level: enabled ? 1 : 0 }))
}

function own<T extends object>(real: T): T {
  // The proxy's target is a blank function: chalk pins its builders as non-configurable
  // properties, which a proxy on chalk itself could not return wrapped.
  const blank = (() => {}) as unknown as T
  return new Proxy(blank, {
    get(_t, prop) {
      const v: unknown = Reflect.get(real, prop)
      return typeof v === 'function' ? own(v as T) : v
    },
    apply(_t, self, args: unknown[]) {
      const out: unknown = Reflect.apply(real as (...a: unknown[]) => unknown, self, args.map((a) => (typeof a === 'string' ? forTerminal(a) : a)))
      if (typeof out === 'string') return out.replaceAll('\u001b', OWN_ESC)
      return typeof out === 'function' ? own(out as T) : out
    },
  })
}
