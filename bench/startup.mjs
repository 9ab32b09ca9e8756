// Start-up benchmark: oktactl is run from shell loops, so process start-up is its cost.
// Runs every command on this machine's Node and on Node 24 (the LTS admins run; installed from
// the npm registry by scripts/node-bin.mjs), round-robin in one session so machine noise hits
// all alike, and prints each median as a ratio to a bare `node -e 0` on the same Node, with the
// peak memory (max RSS, from /usr/bin/time). Beside oktactl it runs commander alone, bundled by
// the same config and started the same way, printing a root help of the same size
// (bench/floor/commander-help.mjs): the floor under `oktactl --help` with the chosen parser.
//   targets on Node 24: --help <= 1.3x, factors list --json <= 2.0x, peak <= 55 MiB
//   on Node 20: --help <= 1.3x, factors list --json <= 1.7x (no worse than before)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { nodeBin } from '../scripts/node-bin.mjs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30)
const bin = fileURLToPath(new URL('../bin/oktactl.js', import.meta.url))
const USER = '00u1benchbenchbench1'
const TOKEN = 'bench-token-0123456789'

const factors = JSON.stringify([
  { id: 'mbl1benchbenchbench1', factorType: 'sms', provider: 'OKTA', status: 'ACTIVE', created: '2026-01-01T00:00:00.000Z', profile: { phoneNumber: '+15551230001' } },
  { id: 'opf1benchbenchbench1', factorType: 'push', provider: 'OKTA', status: 'ACTIVE', created: '2026-01-01T00:00:00.000Z', profile: { name: 'iPhone' } },
])
const server = createServer((req, res) => {
  if (req.url === `/api/v1/users/${USER}/factors` && req.headers.authorization === `SSWS ${TOKEN}`) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(factors)
  } else res.writeHead(404).end()
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const org = `http://127.0.0.1:${server.address().port}`
const home = mkdtempSync(join(tmpdir(), 'oktactl-bench-'))
const env = { ...process.env, HOME: home, OKTACTL_CONFIG_DIR: join(home, 'c'), OKTACTL_STATE_DIR: join(home, 's'), OKTA_CLIENT_ORGURL: org, OKTA_CLIENT_TOKEN: TOKEN }

// The floor: commander alone, bundled by oktactl's own build config and started the way oktactl
// is (its bin, with the compile cache), printing a root help of the same size.
const root = fileURLToPath(new URL('..', import.meta.url))
const floorDir = mkdtempSync(join(tmpdir(), 'oktactl-floor-'))
const built = spawnSync(process.execPath, [join(root, 'node_modules/rolldown/bin/cli.mjs'), '-c', 'rolldown.config.ts', '--input', 'bench/floor/commander-help.mjs', '-d', floorDir], { cwd: root, encoding: 'utf8' })
if (built.status !== 0) throw new Error(`building the commander floor failed:\n${built.stdout}${built.stderr}`)
writeFileSync(join(floorDir, 'bin.mjs'), readFileSync(bin, 'utf8').replace('../dist/cli.js', './commander-help.js'))

const nodes = [...new Set([process.execPath, nodeBin(process.env.BENCH_NODE ?? 24)])].map((path) => ({
  path,
  version: spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim(),
}))
const commands = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'commander alone: the same root --help', args: [join(floorDir, 'bin.mjs')] },
  { name: 'oktactl --help', args: [bin, '--help'], target: { 20: 1.3, 24: 1.3 } },
  { name: 'oktactl factors list <id> --json (loopback)', args: [bin, 'factors', 'list', USER, '--json'], target: { 20: 1.7, 24: 2.0 } },
]
const cases = nodes.flatMap((node) => commands.map((c) => ({ ...c, node })))

function run(node, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(node, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      code === 0 ? resolve(ms) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))
    })
  })
}

const times = cases.map(() => [])
for (let i = 0; i < 3; i++) for (const c of cases) await run(c.node.path, c.args) // warm-up (and the compile cache)
for (let i = 0; i < ROUNDS; i++) for (const [k, c] of cases.entries()) times[k].push(await run(c.node.path, c.args))

// Peak memory: a few more runs under /usr/bin/time (not timed; time's own cost would skew them).
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
// Spawned asynchronously: `factors list` needs the loopback server in this process to answer (a
// synchronous spawn would block it, and the run would measure a timeout instead of the command).
const peakKiB = (c) =>
  new Promise((resolve, reject) => {
    const child = spawn(timeBin, ['-f', '%M', c.node.path, ...c.args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => (code === 0 ? resolve(Number(err.trim().split('\n').at(-1))) : reject(new Error(`${c.name} exited ${code} under time: ${err}`))))
  })
const peakMiB = async (c) => {
  if (!timeBin) return undefined
  const kb = []
  for (let i = 0; i < 5; i++) kb.push(await peakKiB(c))
  return median(kb) / 1024
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
// One row per command, one column per Node, side by side: the ratio to `node -e 0` on that
// Node, the median, the peak memory, and the target with its verdict where there is one.
const cells = new Map()
for (const node of nodes) {
  const base = median(times[cases.findIndex((c) => c.node === node)])
  const major = Number(node.version.slice(1).split('.')[0])
  for (const [k, c] of cases.entries()) {
    if (c.node !== node) continue
    const m = median(times[k])
    const ratio = m / base
    const target = c.target?.[major]
    const peak = await peakMiB(c)
    const verdict = target ? ` (<= ${target}x ${ratio <= target ? 'ok' : 'NOT MET'})` : ''
    cells.set(`${c.name}\0${node.version}`, `${ratio.toFixed(2)}x ${m.toFixed(1)} ms${peak ? ` ${peak.toFixed(1)} MiB` : ''}${verdict}`)
  }
}
const W = 44
console.log(`start-up, median of ${ROUNDS} interleaved runs: ratio to node -e 0 on the same Node, median wall time, peak memory`)
console.log(['command'.padEnd(46), ...nodes.map((n) => n.version.padEnd(W))].join('').trimEnd())
for (const c of commands) console.log([c.name.padEnd(46), ...nodes.map((n) => (cells.get(`${c.name}\0${n.version}`) ?? '').padEnd(W))].join('').trimEnd())
const peakTarget = 55
const listPeak = cells.get(`${commands[3].name}\0${nodes.at(-1).version}`)?.match(/([\d.]+) MiB/)?.[1]
if (listPeak) console.log(`peak memory of factors list on ${nodes.at(-1).version}: ${listPeak} MiB (target <= ${peakTarget} MiB ${Number(listPeak) <= peakTarget ? 'ok' : 'NOT MET'})`)
// (Only now: the peak-memory runs above still talk to the server and use the HOME.)
server.close()
for (const dir of [home, floorDir]) rmSync(dir, { recursive: true, force: true })
