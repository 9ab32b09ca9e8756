import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stateDir } from '../../src/config/paths.js'
import { bin, built, node, oktactl, root, skipNote, useHostileOrg } from './helpers.js'
import { HOSTILE_TOKEN, factor, user, withUser } from './hostile.js'

// What the built binary loads, per command: the start-up cuts (README, Start-up) hold only as long
// as nothing pulls these modules back into a start. Node's own list of the builtins it loaded is
// written at exit by a preload; the dist/ files come from NODE_DEBUG=esm. Counts, not times: the
// times are in `npm run bench`.

const ID = '00u1startstartstart1'
const LOGIN = 'start@example.com'

const ctx = useHostileOrg('startup', (org, home) => {
  withUser(org, user(ID, LOGIN), [factor('mbl1start', 'sms', { phoneNumber: '+15551230001' })])
  writeFileSync(join(home.dir, 'dump.cjs'), "process.on('exit', () => require('fs').writeFileSync(process.env.DUMP, process.moduleLoadList.join('\\n')))\n")
})

async function loads(args: string[], env: Record<string, string> = {}) {
  const dump = join(ctx.home.dir, 'loaded.txt')
  const r = await oktactl(ctx.home, args, {
    env: { ...env, NODE_OPTIONS: `--require ${join(ctx.home.dir, 'dump.cjs')}`, DUMP: dump, NODE_DEBUG: 'esm' },
  })
  const builtins = new Set(readFileSync(dump, 'utf8').split('\n').filter((l) => l.startsWith('NativeModule ')).map((l) => l.slice('NativeModule '.length)))
  const dist = join(root, 'dist')
  // The entry is read and compiled by bin/oktactl.js itself (a script, build/script-entry.ts); it
  // counts as a file loaded, beside the ES modules of dist/ that Node's loader reports.
  const modules = [...r.stderr.matchAll(/file:\/\/([^\s'",]+\.js)/g)].map((m) => m[1]!).filter((f) => f.startsWith(dist) || f.includes('/dist/'))
  expect(modules.filter((f) => f.endsWith('/dist/cli.js'))).toEqual([])
  const files = new Set([join(dist, 'cli.js'), ...modules])
  return { r, builtins, files }
}

// Builtins no start needs unless its command uses them: commander's child_process (executable
// subcommands), fs/promises (nothing read), tty (chalk asks stdout and stderr instead), the TLS,
// crypto, readline and prompt stacks, and undici (an ES import of node:http loads it). (net is
// there: the test reads stdout and stderr through pipes, which are sockets.)
const NEVER_AT_START = ['child_process', 'fs/promises', 'tty', 'readline', 'https', 'tls', 'crypto', 'internal/deps/undici/undici']

describe(`start-up: what the built binary loads${skipNote}`, () => {
  it.skipIf(!built)('--help: the entry file alone, no builtin it does not use', async () => {
    const { r, builtins, files } = await loads(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: oktactl')
    expect(NEVER_AT_START.filter((b) => builtins.has(b))).toEqual([])
    expect(files.size).toBe(1)
  })

  it.skipIf(!built)('factors list --json: http, and no more files than the noun, common and the entry', async () => {
    const { r, builtins, files } = await loads(['factors', 'list', ID, '--json'], { OKTA_CLIENT_ORGURL: ctx.org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN })
    expect(r.code, r.stderr.split('\n').filter((l) => !l.startsWith('ESM ')).join('\n')).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: 'mbl1start', factorType: 'sms' }])
    expect(builtins.has('http')).toBe(true)
    expect(NEVER_AT_START.filter((b) => builtins.has(b))).toEqual([])
    expect(files.size).toBeLessThanOrEqual(3)
  })

  it.skipIf(!built)('factors reset (refused off a terminal): the guarded flow adds one file', async () => {
    const { r, files } = await loads(['factors', 'reset', ID], { OKTA_CLIENT_ORGURL: ctx.org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN })
    expect(r.code).toBe(2)
    expect(files.size).toBeLessThanOrEqual(4)
  })
})

// process.stderr is a socket when it is a pipe (node:net and its streams, ~1.9 ms on Node 24), so
// it is built only when something writes to it (src/cli.ts), and its EPIPE guard goes on then.
function spawnWith(args: string[], stdout: number | 'ignore', env: Record<string, string> = {}, closeStderr = false) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(node, [bin, ...args], { env: { ...ctx.home.env, ...env }, cwd: ctx.home.dir, stdio: ['ignore', stdout, 'pipe'] })
    let stderr = ''
    if (closeStderr) child.stderr!.destroy()
    else child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    })
  })
}

describe(`start-up: stderr, built only when written to${skipNote}`, () => {
  it.skipIf(!built)('--help into a file, stderr a pipe: no socket is built (node:net stays unloaded)', async () => {
    const dump = join(ctx.home.dir, 'loaded.txt')
    const out = join(ctx.home.dir, 'help.txt')
    const fd = openSync(out, 'w')
    const r = await spawnWith(['--help'], fd, { NODE_OPTIONS: `--require ${join(ctx.home.dir, 'dump.cjs')}`, DUMP: dump }).finally(() => closeSync(fd))
    expect(r).toEqual({ code: 0, stderr: '' })
    expect(readFileSync(out, 'utf8')).toContain('Usage: oktactl')
    const builtins = readFileSync(dump, 'utf8').split('\n')
    expect(builtins).toContain('NativeModule fs')
    expect(builtins).not.toContain('NativeModule net')
  })

  it.skipIf(!built)('an error written to a stderr whose reader has gone: the exit code stays the usage error, not a crash on EPIPE', async () => {
    // Without the guard on the late-built stream, the EPIPE is an unhandled 'error' event: exit 1.
    const r = await spawnWith(['factors', 'list'], 'ignore', {}, true)
    expect(r.code).toBe(2)
  })
})

// bin/oktactl.js keeps its caches (Node's compile cache on Node >= 22.1, the entry's code cache on
// every Node) in the state directory it works out itself, without node:path: it must be the one
// the rest of oktactl uses.
const [major = 0, minor = 0] = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1).split('.').map(Number)
const hasCompileCache = major > 22 || (major === 22 && minor >= 1)

describe(`start-up: the compile cache${skipNote}`, () => {
  it.skipIf(!built).each<[string, Record<string, string | undefined>, (h: string) => string]>([
    ['under HOME', { OKTACTL_STATE_DIR: undefined }, (h) => join(h, '.local', 'state', 'oktactl')],
    ['under XDG_STATE_HOME', { OKTACTL_STATE_DIR: undefined, XDG_STATE_HOME: 'XDG' }, (h) => join(h, 'xdg', 'oktactl')],
    ['in OKTACTL_STATE_DIR', { OKTACTL_STATE_DIR: 'STATE' }, (h) => join(h, 'st')],
  ])('%s: the state directory src/config/paths.ts names, 0700', async (_n, vars, where) => {
    const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v === 'XDG' ? join(ctx.home.dir, 'xdg') : v === 'STATE' ? join(ctx.home.dir, 'st') : v]))
    const r = await oktactl(ctx.home, ['--version'], { env })
    expect(r.code).toBe(0)
    const dir = where(ctx.home.dir)
    expect(stateDir({ HOME: ctx.home.dir, ...env })).toBe(dir)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'compile-cache')).mode & 0o777).toBe(0o700)
    const names = readdirSync(join(dir, 'compile-cache'))
    expect(names.filter((n) => n.startsWith('oktactl-entry-'))).toHaveLength(1)
    // Node's own cache is a directory per Node version beside it, where Node has one.
    expect(names.some((n) => /^v\d+\./.test(n))).toBe(hasCompileCache)
  })
})

// The entry's code cache (bin/oktactl.js): a 16-byte header (magic, kinds seen, the source's
// length, the length of V8's data), the source it was made from, V8's data twice.
const MAGIC = 0x324b434f
const HEADER = 16
describe(`start-up: the entry's code cache${skipNote}`, () => {
  const cacheDir = () => join(ctx.home.dir, 'state', 'compile-cache')
  const cacheFile = () => {
    const names = readdirSync(cacheDir()).filter((n) => n.startsWith('oktactl-entry-'))
    expect(names).toHaveLength(1)
    return join(cacheDir(), names[0]!)
  }
  const source = () => readFileSync(join(root, 'dist', 'cli.js'))
  const dataStart = () => HEADER + source().length
  /** A good cache, made by a --help run, read back. */
  const madeByHelp = async () => {
    await help()
    return { file: cacheFile(), good: readFileSync(cacheFile()) }
  }
  const expectRemade = () => {
    const again = readFileSync(cacheFile())
    expect(again.readUInt32LE(0)).toBe(MAGIC)
    expect(again.subarray(HEADER, HEADER + source().length).equals(source())).toBe(true)
    const n = again.readUInt32LE(12)
    expect(n).toBeGreaterThan(0)
    expect(again.length).toBe(dataStart() + 2 * n)
    expect(again.subarray(dataStart(), dataStart() + n).equals(again.subarray(dataStart() + n))).toBe(true)
    return again
  }
  const kinds = (f: string) => readFileSync(f).readUInt32LE(4)
  const help = async () => {
    const r = await oktactl(ctx.home, ['--help'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Usage: oktactl')
    expect(r.stderr).toBe('')
  }

  it.skipIf(!built)('written once per kind of run, 0600, atomically, from the source it was made from', async () => {
    await help()
    const file = cacheFile()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const first = readFileSync(file)
    expect(first.readUInt32LE(0)).toBe(MAGIC)
    expect(first.readUInt32LE(8)).toBe(source().length)
    const dataLength = first.readUInt32LE(12)
    expect(first.length).toBe(dataStart() + 2 * dataLength)
    expect(first.subarray(dataStart(), dataStart() + dataLength).equals(first.subarray(dataStart() + dataLength))).toBe(true)
    expect(first.subarray(HEADER, HEADER + source().length).equals(source())).toBe(true)
    expect(kinds(file)).toBe(1)
    // The same kind again: the cache is used and left as it is (not even rewritten with the same bytes).
    const { ino, mtimeMs } = statSync(file)
    await help()
    expect(readFileSync(file).equals(first)).toBe(true)
    expect(statSync(file)).toMatchObject({ ino, mtimeMs })
    // A new kind adds what it compiled, once.
    expect((await oktactl(ctx.home, ['--version'])).code).toBe(0)
    expect(kinds(file)).toBe(1 | 2)
    const both = readFileSync(file)
    expect((await oktactl(ctx.home, ['-V'])).code).toBe(0)
    expect(readFileSync(file).equals(both)).toBe(true)
    expect(readdirSync(cacheDir()).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it.skipIf(!built)('a failed run writes a cache only where there is none, and its kind is not counted as seen', async () => {
    // A usage error first: there is no cache, so it writes one, seen by no kind.
    expect((await oktactl(ctx.home, ['factors', 'list'])).code).toBe(2)
    const file = cacheFile()
    expect(kinds(file)).toBe(0)
    const failed = readFileSync(file)
    // Failing again leaves it as it is; the first good run of the kind writes it again.
    expect((await oktactl(ctx.home, ['factors', 'list'])).code).toBe(2)
    expect(readFileSync(file).equals(failed)).toBe(true)
    expect((await oktactl(ctx.home, ['factors', 'list', ID, '--json'], { env: { OKTA_CLIENT_ORGURL: ctx.org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN } })).code).toBe(0)
    expect(kinds(file)).toBe(4)
    const good = readFileSync(file)
    expect((await oktactl(ctx.home, ['factors', 'list', ID, '--json'], { env: { OKTA_CLIENT_ORGURL: ctx.org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN } })).code).toBe(0)
    expect(readFileSync(file).equals(good)).toBe(true)
  })

  it.skipIf(!built).each<[string, (b: Buffer) => Buffer]>([
    ['made from other source of the same length', (b) => Buffer.concat([b.subarray(0, HEADER), Buffer.from(b.subarray(HEADER, HEADER + source().length).toString('latin1').replace('Usage', 'Xsage'), 'latin1'), b.subarray(HEADER + source().length)])],
    ['whose V8 data is garbage', (b) => Buffer.concat([b.subarray(0, dataStart()), Buffer.alloc(4096, 0x5a)])],
    // V8's own header intact, the payload damaged in three places (in the copy V8 would get, or
    // in both alike): V8 in a release build does not check its checksum and crashes on such data
    // (exit 133 or 139), so bin must not hand it over.
    ['whose V8 data is damaged inside', (b) => {
      const d = Buffer.from(b)
      for (const at of [64, 1000, 40_000]) for (let i = 0; i < 16 && dataStart() + at + i < d.length; i++) d[dataStart() + at + i]! ^= 0xff
      return d
    }],
    ['whose second copy of V8 data is damaged', (b) => {
      const d = Buffer.from(b)
      d[d.length - 100]! ^= 0x01
      return d
    }],
    ['whose data copies are both cut by the same length', (b) => {
      const n = b.readUInt32LE(12)
      const d = Buffer.from(b.subarray(0, dataStart() + n - 8))
      d.writeUInt32LE(n - 8, 12)
      return Buffer.concat([d, d.subarray(dataStart())])
    }],
    ['cut short', (b) => b.subarray(0, 20)],
    ['not a cache file at all', () => Buffer.from('hello')],
    ['of the old layout (OCK1)', (b) => { const d = Buffer.from(b); d.writeUInt32LE(0x314b434f, 0); return d }],
  ])('a cache %s is not used, and is made again', async (_n, spoil) => {
    const { file, good } = await madeByHelp()
    writeFileSync(file, spoil(good))
    await help()
    expectRemade()
  })

  it.skipIf(!built)('the next run hands the cache to V8 and V8 takes it; a damaged one never reaches V8', async () => {
    const probe = join(ctx.home.dir, 'vm-probe.cjs')
    const out = join(ctx.home.dir, 'vm-probe.json')
    // Records what bin gives node:vm: whether cached data came with the source, and V8's verdict.
    writeFileSync(probe, "const vm = require('vm'); const S = vm.Script; const seen = []; vm.Script = class extends S { constructor(src, o) { super(src, o); seen.push({ given: Boolean(o && o.cachedData), rejected: this.cachedDataRejected }) } }; process.on('exit', () => require('fs').writeFileSync(process.env.PROBE, JSON.stringify(seen)))\n")
    const probed = async () => {
      const r = await oktactl(ctx.home, ['--help'], { env: { NODE_OPTIONS: `--require ${probe}`, PROBE: out } })
      expect(r.code, r.stderr).toBe(0)
      return JSON.parse(readFileSync(out, 'utf8')) as unknown
    }
    const { file, good } = await madeByHelp()
    expect(await probed()).toEqual([{ given: true, rejected: false }])
    const d = Buffer.from(good)
    d[dataStart() + 2000]! ^= 0xff
    d[dataStart() + 2001]! ^= 0xff
    d[dataStart() + 2002]! ^= 0xff
    d[dataStart() + 2003]! ^= 0xff
    writeFileSync(file, d)
    expect(await probed()).toEqual([{ given: false }])
    expectRemade()
  })

  it.skipIf(!built)('a cache path that is a FIFO, a link or a device is never read through, and a run does not hang on it', async () => {
    const { file } = await madeByHelp()
    rmSync(file)
    execFileSync('mkfifo', [file])
    await help() // a blocking open of a FIFO would wait here for a writer, until the test times out
    expect(statSync(file).isFIFO()).toBe(false)
    expectRemade()
    // A link: not followed when read, and replaced itself (its target untouched) when written.
    const target = join(ctx.home.dir, 'precious.txt')
    writeFileSync(target, 'keep me')
    rmSync(file)
    symlinkSync(target, file)
    await help()
    expect(readFileSync(target, 'utf8')).toBe('keep me')
    expect(lstatSync(file).isSymbolicLink()).toBe(false)
    rmSync(file)
    symlinkSync('/dev/zero', file)
    await help()
    expectRemade()
  })

  it.skipIf(!built || process.platform === 'win32')('a compile-cache directory others can write is not used: what is in it would run as this user', async () => {
    const { file, good } = await madeByHelp()
    chmodSync(cacheDir(), 0o777)
    try {
      rmSync(file)
      await help()
      expect(existsSync(file)).toBe(false)
      // Nor is a cache planted there read (it would be, were the directory trusted).
      writeFileSync(file, good)
      const probe = join(ctx.home.dir, 'vm-probe.cjs')
      const out = join(ctx.home.dir, 'vm-probe.json')
      writeFileSync(probe, "const vm = require('vm'); const S = vm.Script; const seen = []; vm.Script = class extends S { constructor(src, o) { super(src, o); seen.push(Boolean(o && o.cachedData)) } }; process.on('exit', () => require('fs').writeFileSync(process.env.PROBE, JSON.stringify(seen)))\n")
      const r = await oktactl(ctx.home, ['--help'], { env: { NODE_OPTIONS: `--require ${probe}`, PROBE: out } })
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([false])
    } finally {
      chmodSync(cacheDir(), 0o700)
    }
  })

  it.skipIf(!built)('on a Node without process.getBuiltinModule (20.12 to 20.15) builtins come through createRequire', async () => {
    const probe = join(ctx.home.dir, 'no-getbuiltin.cjs')
    writeFileSync(probe, 'delete process.getBuiltinModule\n')
    const env = { NODE_OPTIONS: `--require ${probe}` }
    const h = await oktactl(ctx.home, ['--help'], { env })
    expect(h.code, h.stderr).toBe(0)
    expect(h.stdout).toContain('Usage: oktactl')
    expectRemade()
    const r = await oktactl(ctx.home, ['factors', 'list', ID, '--json'], { env: { ...env, OKTA_CLIENT_ORGURL: ctx.org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN } })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject([{ factorType: 'sms' }])
  })

  it.skipIf(!built)('no cache where the state directory cannot hold one, and none with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    mkdirSync(join(ctx.home.dir, 'state'), { recursive: true })
    writeFileSync(cacheDir(), 'a file where the directory would be')
    await help()
    expect(readFileSync(cacheDir(), 'utf8')).toBe('a file where the directory would be')
    rmSync(cacheDir())
    const r = await oktactl(ctx.home, ['--help'], { env: { NODE_DISABLE_COMPILE_CACHE: '1' } })
    expect(r.code).toBe(0)
    expect(existsSync(cacheDir())).toBe(false)
  })

  it.skipIf(!built)('a command that loads chunks reads the entry\'s exports from the cache-run entry (errors keep their class)', async () => {
    await help()
    // A usage error raised in the factors chunk with the entry's UsageError class: exit 2, as
    // the entry's instanceof check maps it (a second copy of the entry would make it exit 1).
    const r = await oktactl(ctx.home, ['factors', 'list'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Give <user>')
  })
})
