import { createRequire } from 'node:module'

let req: NodeJS.Require | undefined

/**
 * A builtin through require, not an ES import: an ES import builds the module's namespace, which
 * reads every lazy export (node:http's loads undici: ~50 ms per process on Node 24).
 * process.getBuiltinModule (Node >= 20.16 and 22.3) does it without createRequire's path work;
 * older Node 20 falls back to createRequire.
 */
export function requireBuiltin(id: string): unknown {
  // (@types/node declares it always present; Node 20.12 to 20.15 do not have it.)
  return typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : (req ??= createRequire(import.meta.url))(id)
}
