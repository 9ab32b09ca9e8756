// Start-up benchmark: oktactl is run from shell loops, so process start-up is its cost.
// Runs every command round-robin in one session (so machine noise hits all alike) and prints
// each median as a ratio to a bare `node -e 0`.
//   targets: --help <= 1.3x, factors list --json against loopback <= 1.6x
import { spawn } from 'node:child_process'
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

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'oktactl --help', args: [bin, '--help'] },
  { name: 'oktactl factors list <id> --json (loopback)', args: [bin, 'factors', 'list', USER, '--json'] },
]

function run(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      code === 0 ? resolve(ms) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))
    })
  })
}

const times = cases.map(() => [])
for (let i = 0; i < 3; i++) for (const c of cases) await run(c.args) // warm-up
for (let i = 0; i < ROUNDS; i++) for (const [k, c] of cases.entries()) times[k].push(await run(c.args))
server.close()

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const base = median(times[0])
const targets = [undefined, 1.3, 1.6]
console.log(`start-up, median of ${ROUNDS} interleaved runs (node ${process.version})`)
console.log(['command'.padEnd(46), 'median ms'.padStart(10), 'ratio'.padStart(7), 'target'.padStart(7)].join(''))
for (const [k, c] of cases.entries()) {
  const m = median(times[k])
  console.log([c.name.padEnd(46), m.toFixed(1).padStart(10), `${(m / base).toFixed(2)}x`.padStart(7), (targets[k] ? `${targets[k]}x` : '').padStart(7)].join(''))
}
