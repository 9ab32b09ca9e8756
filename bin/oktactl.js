#!/usr/bin/env node
// Start-up, in the order it costs (README, Speed; measured on Node 24):
// - dist/cli.js, the entry, is a classic script (build/script-entry.ts) compiled here with
//   node:vm, with V8's code cache taken at the end of a run: it holds every function that run
//   compiled (commander's parsing and help above all), where Node's compile cache holds only
//   top-level code, compiled before anything runs. Kept in the state directory, beside Node's.
// - Node >= 22.1 keeps the other chunks compiled on disk (module.enableCompileCache).
// Both live in oktactl's state directory (created 0700, as the rest of it) and are only a cache:
// a missing, unreadable or stale one costs a slower start, never a failure.
// NODE_DISABLE_COMPILE_CACHE=1 turns both off. process.getBuiltinModule (Node >= 20.16, 22.3)
// gets a builtin without an ES import (that builds the module's namespace) or createRequire's
// path work; older Node lines take the require.
const builtin = process.getBuiltinModule ?? (await import('node:module')).createRequire(import.meta.url)
const fs = builtin('node:fs')
const env = process.env
const entryUrl = new URL('../dist/cli.js', import.meta.url)
const entryPath = builtin('node:url').fileURLToPath(entryUrl)
const source = fs.readFileSync(entryPath)

let cacheDir
if (!env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    // As src/config/paths.ts has it; plain strings: node:path's first calls cost ~1 ms here.
    // (homedir() only when needed: with no HOME and no passwd entry it throws.)
    const state = env.OKTACTL_STATE_DIR || `${env.XDG_STATE_HOME || `${env.HOME || builtin('node:os').homedir()}/.local/state`}/oktactl`
    fs.mkdirSync(`${state}/compile-cache`, { recursive: true, mode: 0o700 })
    cacheDir = `${state}/compile-cache`
    const module = builtin('node:module')
    if (typeof module.enableCompileCache === 'function') module.enableCompileCache(cacheDir)
  } catch {
    // A read-only or missing home: run without the caches.
  }
}

// The entry's cache file: a header (magic, which kinds of run it has seen, the source's length),
// a copy of the source it was made from (compared byte for byte: V8 itself checks only the
// length), then V8's data. V8 rejects data from another V8 or other flags; the name keeps one
// file per Node version and per installed copy (a hash of the entry's path), so that switching
// between Node lines or between two installs does not thrash it.
const MAGIC = 0x314b434f // "OCK1"
const HEADER = 12
const args = process.argv.slice(2)
// A run adds to the cache what it compiled; three kinds of run compile different parts of the
// entry, so the file is written again (once) when a kind it has not seen succeeds. A failed run
// (a usage error, no credentials) compiled less than the next good one will: it writes a cache
// only where there is none, and does not count its kind as seen.
const kind = args.length === 0 || args.includes('-h') || args.includes('--help') || args[0] === 'help' ? 1 : args.includes('-V') || args.includes('--version') ? 2 : 4
let pathHash = 0x811c9dc5 // FNV-1a
for (let i = 0; i < entryPath.length; i++) pathHash = Math.imul(pathHash ^ entryPath.charCodeAt(i), 0x01000193)
const cacheFile = cacheDir && `${cacheDir}/oktactl-entry-${process.version}-${process.arch}-${(pathHash >>> 0).toString(16)}`
let cachedData
let seen = 0
if (cacheFile) {
  try {
    const buf = fs.readFileSync(cacheFile)
    const length = buf.length >= HEADER && buf.readUInt32LE(0) === MAGIC ? buf.readUInt32LE(8) : -1
    if (length === source.length && buf.length > HEADER + length && buf.subarray(HEADER, HEADER + length).equals(source)) {
      cachedData = buf.subarray(HEADER + length)
      seen = buf.readUInt32LE(4)
    }
  } catch {
    // No cache yet.
  }
}

const vm = builtin('node:vm')
const script = new vm.Script(source.toString('latin1'), { filename: entryPath, cachedData })
const accepted = cachedData !== undefined && !script.cachedDataRejected
if (cacheFile && (!accepted || (seen & kind) === 0)) {
  process.once('exit', (code) => {
    const ok = code === 0
    if (accepted && !ok) return
    const tmp = `${cacheFile}.${process.pid}.tmp`
    try {
      const header = Buffer.alloc(HEADER)
      header.writeUInt32LE(MAGIC, 0)
      header.writeUInt32LE((accepted ? seen : 0) | (ok ? kind : 0), 4)
      header.writeUInt32LE(source.length, 8)
      fs.writeFileSync(tmp, Buffer.concat([header, source, script.createCachedData()]), { mode: 0o600 })
      fs.renameSync(tmp, cacheFile)
    } catch {
      try {
        fs.unlinkSync(tmp)
      } catch {
        // Nothing was written.
      }
    }
  })
}

// The entry's exports, for the chunks it loads (build/script-entry.ts).
globalThis[Symbol.for('oktactl.entry')] = script.runInThisContext()(entryUrl.href, (specifier) => import(new URL(specifier, entryUrl).href), builtin)
