#!/usr/bin/env node
// Node >= 22.1 can keep the compiled bundle on disk between runs (module.enableCompileCache):
// measured on Node 24, it takes about a fifth off every start (README, Speed). It lives in
// oktactl's state directory (created 0700, as the rest of it), and must be on before the bundle
// loads, hence here and not in dist/. Node 20 has no compile cache; NODE_DISABLE_COMPILE_CACHE=1
// turns it off. Every Node with the cache has process.getBuiltinModule, which gets a builtin
// without an ES import (that builds the module's namespace) or createRequire's path work.
const builtin = process.getBuiltinModule
const module = builtin?.('node:module')

if (typeof module?.enableCompileCache === 'function') {
  try {
    const env = process.env
    // As src/config/paths.ts has it; plain strings: node:path's first calls cost ~1 ms here.
    // (homedir() only when needed: with no HOME and no passwd entry it throws.)
    const state = env.OKTACTL_STATE_DIR || `${env.XDG_STATE_HOME || `${env.HOME || builtin('node:os').homedir()}/.local/state`}/oktactl`
    builtin('node:fs').mkdirSync(state, { recursive: true, mode: 0o700 })
    module.enableCompileCache(`${state}/compile-cache`)
  } catch {
    // A read-only or missing home: run without the cache.
  }
}
await import('../dist/cli.js')
