import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { built, killStragglers, oktactl, root, skipNote, tempHome, type Home } from './helpers.js'
import { HOSTILE_TOKEN, factor, startHostileOrg, user, withUser, type HostileOrg } from './hostile.js'

// What the built binary loads, per command: the start-up cuts (README, Start-up) hold only as long
// as nothing pulls these modules back into a start. Node's own list of the builtins it loaded is
// written at exit by a preload; the dist/ files come from NODE_DEBUG=esm. Counts, not times: the
// times are in `npm run bench`.

const ID = '00u1startstartstart1'
const LOGIN = 'start@example.com'

let home: Home
let org: HostileOrg

beforeEach(async () => {
  home = tempHome('startup')
  org = await startHostileOrg()
  withUser(org, user(ID, LOGIN), [factor('mbl1start', 'sms', { phoneNumber: '+15551230001' })])
  writeFileSync(join(home.dir, 'dump.cjs'), "process.on('exit', () => require('fs').writeFileSync(process.env.DUMP, process.moduleLoadList.join('\\n')))\n")
})
afterEach(async () => {
  await org.close()
  home.remove()
})
afterAll(killStragglers)

async function loads(args: string[], env: Record<string, string> = {}) {
  const dump = join(home.dir, 'loaded.txt')
  const r = await oktactl(home, args, {
    env: { ...env, NODE_OPTIONS: `--require ${join(home.dir, 'dump.cjs')}`, DUMP: dump, NODE_DEBUG: 'esm' },
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
  it.skipIf(!built)('--help: the entry file and rolldown\'s helpers, no builtin it does not use', async () => {
    const { r, builtins, files } = await loads(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: oktactl')
    expect(NEVER_AT_START.filter((b) => builtins.has(b))).toEqual([])
    expect(files.size).toBeLessThanOrEqual(2)
  })

  it.skipIf(!built)('factors list --json: http, and no more files than the noun, common and the entry', async () => {
    const { r, builtins, files } = await loads(['factors', 'list', ID, '--json'], { OKTA_CLIENT_ORGURL: org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN })
    expect(r.code, r.stderr.split('\n').filter((l) => !l.startsWith('ESM ')).join('\n')).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: 'mbl1start', factorType: 'sms' }])
    expect(builtins.has('http')).toBe(true)
    expect(NEVER_AT_START.filter((b) => builtins.has(b))).toEqual([])
    expect(files.size).toBeLessThanOrEqual(4)
  })

  it.skipIf(!built)('factors reset (refused off a terminal): the guarded flow adds one file', async () => {
    const { r, files } = await loads(['factors', 'reset', ID], { OKTA_CLIENT_ORGURL: org.url, OKTA_CLIENT_TOKEN: HOSTILE_TOKEN })
    expect(r.code).toBe(2)
    expect(files.size).toBeLessThanOrEqual(5)
  })
})
