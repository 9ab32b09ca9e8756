#!/usr/bin/env node
// Start-up, in the order it costs (README, Speed; measured on Node 24):
// - dist/cli.js, the entry, is a classic script (build/script-entry.ts) compiled here with
//   node:vm, with V8's code cache taken at the end of a run: it holds every function that run
//   compiled (commander's parsing and help above all), where Node's compile cache holds only
//   top-level code, compiled before anything runs. Kept in the state directory, beside Node's.
// - Node >= 22.1 keeps the other chunks compiled on disk (module.enableCompileCache).
// Both live in oktactl's state directory (created 0700, as the rest of it), in a compile-cache
// directory used only when it is a real directory of this user's that no one else can write
// (what is in it runs as this user). Both are only a cache: a missing, unreadable, stale,
// damaged or hostile one (a link, a FIFO, a device, another user's file) costs a slower start,
// never a failure.
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
    const dir = `${state}/compile-cache`
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    // What is in it runs as this user: only a real directory of ours that no one else can write.
    const st = fs.lstatSync(dir)
    if (st.isDirectory() && (process.platform === 'win32' || ((st.mode & 0o022) === 0 && st.uid === process.getuid()))) {
      cacheDir = dir
      const module = builtin('node:module')
      if (typeof module.enableCompileCache === 'function') module.enableCompileCache(cacheDir)
    }
  } catch {
    // A read-only or missing home: run without the caches.
  }
}

// The entry's cache file: a header (magic, which kinds of run it has seen, the source's length,
// the length of V8's data), a copy of the source it was made from (compared byte for byte: V8
// itself checks only the length), then V8's data twice. V8 checks no checksum of a code cache in
// release builds, and damaged data crashes it (a fatal error or a segfault) on every start, so
// the two copies are compared, natively, before V8 sees one: ~0.03 ms for any damage anywhere,
// where hashing in JS measured 0.4-1.1 ms cold and node:zlib's crc32 or node:crypto cost more
// to load than the cache saves. V8 rejects data from another V8 or other flags; the name keeps
// one file per Node version and per installed copy (a hash of the entry's path), so that
// switching between Node lines or between two installs does not thrash it.
const MAGIC = 0x324b434f // "OCK2"
const HEADER = 16
const dataStart = HEADER + source.length
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
let found = false
if (cacheFile) {
  let fd
  try {
    // Never through a link, never a FIFO or device (O_NONBLOCK: a FIFO does not hang the open),
    // ours, and not absurdly large.
    const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants
    fd = fs.openSync(cacheFile, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
    found = true
    const st = fs.fstatSync(fd)
    if (st.isFile() && (process.platform === 'win32' || st.uid === process.getuid()) && st.size > dataStart && st.size <= dataStart + source.length * 32) {
      const buf = Buffer.allocUnsafe(st.size)
      const whole = fs.readSync(fd, buf, 0, st.size, 0) === st.size && buf.readUInt32LE(0) === MAGIC
      const dataLength = whole ? buf.readUInt32LE(12) : 0
      if (whole && buf.readUInt32LE(8) === source.length && st.size === dataStart + 2 * dataLength && buf.subarray(HEADER, dataStart).equals(source)) {
        const data = buf.subarray(dataStart, dataStart + dataLength)
        if (data.equals(buf.subarray(dataStart + dataLength))) {
          cachedData = data
          seen = buf.readUInt32LE(4)
        }
      }
    }
  } catch {
    // No cache yet.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

const vm = builtin('node:vm')
const script = new vm.Script(source.toString('latin1'), { filename: entryPath, cachedData })
const accepted = cachedData !== undefined && !script.cachedDataRejected
if (cacheFile && (!accepted || (seen & kind) === 0)) {
  process.once('exit', (code) => {
    const ok = code === 0
    if (accepted && !ok) return
    // A name no one can guess, created here (O_EXCL: never through a link planted in advance), and
    // opened before the cache is serialised, so a directory that cannot be written costs nothing.
    const tmp = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`
    let fd
    try {
      fd = fs.openSync(tmp, 'wx', 0o600)
      const data = script.createCachedData()
      const header = Buffer.alloc(HEADER)
      header.writeUInt32LE(MAGIC, 0)
      header.writeUInt32LE((accepted ? seen : 0) | (ok ? kind : 0), 4)
      header.writeUInt32LE(source.length, 8)
      header.writeUInt32LE(data.length, 12)
      fs.writeFileSync(fd, Buffer.concat([header, source, data, data]))
      // On disk before the rename, so that a crash leaves the old file or the whole new one.
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      fd = undefined
      // A failed run where there was no file links its cache in only if none has appeared since:
      // a good run's, written meanwhile, holds more.
      if (!ok && !found) fs.linkSync(tmp, cacheFile)
      else fs.renameSync(tmp, cacheFile)
      if (!ok && !found) fs.unlinkSync(tmp)
    } catch {
      if (fd !== undefined) fs.closeSync(fd)
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
