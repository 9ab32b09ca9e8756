import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
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
  const files = new Set([...r.stderr.matchAll(/file:\/\/([^\s'",]+\.js)/g)].map((m) => m[1]!).filter((f) => f.startsWith(dist) || f.includes('/dist/')))
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
    if (closeStderr) child.stderr.destroy()
    else child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
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

// bin/oktactl.js turns on Node's compile cache (Node >= 22.1) before the bundle loads, in the state
// directory it works out itself, without node:path: it must be the one the rest of oktactl uses.
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
    if (!hasCompileCache) return expect(existsSync(dir)).toBe(false)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(readdirSync(join(dir, 'compile-cache')).length).toBeGreaterThan(0)
  })
})
