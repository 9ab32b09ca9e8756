#!/usr/bin/env node
// MFA report benchmark (issue 10). Run after `npm run build`:
//
//   node bench/report.mjs      # 10,000 users, 4,000 requests/min per endpoint bucket
//
// `oktactl report mfa --all-users` (built binary) against a sandbox org started in this process,
// with a per-bucket rate limit low enough that the limit, not the machine, bounds the run. Prints
// side by side: the floor the rate limits allow for the requests the report must make (and how it
// is computed), the run's wall time and ratio, its 429s, failed users, peak RSS at 10,000 and at
// 1,000 users, and the naive way (a shell loop over `factors list` per user) timed on the first
// users and scaled. Knobs: BENCH_REPORT_USERS, BENCH_REPORT_LIMIT, BENCH_REPORT_SMALL, BENCH_LOOP_USERS.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WINDOW_MS, loadSandbox, windowClock } from './sandbox.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'oktactl.js')
const USERS = Number(process.env.BENCH_REPORT_USERS ?? 10_000)
const SMALL = Number(process.env.BENCH_REPORT_SMALL ?? 1_000)
const LIMIT = Number(process.env.BENCH_REPORT_LIMIT ?? 4_000)
const LOOP_USERS = Number(process.env.BENCH_LOOP_USERS ?? 50)
const PAGE = 200
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench/report.mjs: no dist/cli.js; run `npm run build` first.')
  process.exit(1)
}

const work = mkdtempSync(join(tmpdir(), 'oktactl-bench-report-'))
const { startSandbox, generatedLogin } = await loadSandbox(root, work)
const clock = windowClock()

function envFor(sb, name) {
  const home = join(work, name)
  return { PATH: process.env.PATH, HOME: home, OKTACTL_CONFIG_DIR: join(home, 'config'), OKTACTL_STATE_DIR: join(home, 'state'), OKTA_CLIENT_ORGURL: sb.url, OKTA_CLIENT_TOKEN: sb.token, NO_COLOR: '1' }
}

/** Runs a command (under /usr/bin/time for the peak RSS when there is one); wall time in ms. */
function runChild(cmd, args, env, { measure = false } = {}) {
  const [file, argv] = measure && timeBin ? [timeBin, ['-f', 'PEAK_KB %M', cmd, ...args]] : [cmd, args]
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(file, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c.toString()))
    child.on('exit', (code) => {
      const kb = /PEAK_KB (\d+)/.exec(stderr)?.[1]
      resolve({ code, ms: performance.now() - started, stderr, peakMiB: kb ? Number(kb) / 1024 : undefined })
    })
  })
}

async function report(users, { onWindow = false } = {}) {
  let requests = 0
  let tooMany = 0
  const sb = await startSandbox({
    users,
    rateLimit: LIMIT,
    now: clock.now,
    onRequest: (i) => {
      if (i.path.startsWith('/_sandbox/')) return
      requests++
      if (i.status === 429) tooMany++
    },
  })
  try {
    const env = envFor(sb, `home-${users}`)
    const out = join(work, `mfa-${users}`)
    const { windowOffsetMs } = onWindow ? clock.startOnWindow() : { windowOffsetMs: 0 }
    const r = await runChild(process.execPath, [bin, 'report', 'mfa', '--all-users', '--json', '--csv', `${out}.csv`, '--html', `${out}.html`], env, { measure: true })
    return { ...r, requests, tooMany, windowOffsetMs, sb, env, listed: users + 4 }
  } catch (err) {
    await sb.close()
    throw err
  }
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`
const line = (label, value, note = '') => console.log(`  ${label.padEnd(46)}${value.padStart(14)}  ${note}`)

try {
  // 1. The small org, for the memory comparison (one window: not paced).
  const small = await report(SMALL)
  await small.sb.close()

  // 2. The large org, started on a window boundary.
  const big = await report(USERS, { onWindow: true })
  const failedLine = /report mfa: (\d+) of/.exec(big.stderr)
  const failed = big.code === 0 ? 0 : Number(failedLine?.[1] ?? NaN)
  if (big.code !== 0) console.error(big.stderr)

  // The requests a report must make: ceil(listed / 200) pages of GET /api/v1/users (their own
  // bucket) and one GET /api/v1/users/{id}/factors per user. Each bucket allows LIMIT a window; the
  // last request of a bucket can go at the earliest when window ceil(n / LIMIT) opens, and the
  // run started windowOffsetMs into the first window. The slowest bucket is the floor.
  const buckets = [
    { name: 'GET /api/v1/users (pages)', n: Math.ceil(big.listed / PAGE) },
    { name: 'GET /api/v1/users/{id}/factors', n: big.listed },
  ]
  const floorOf = (n) => (Math.ceil(n / LIMIT) - 1) * WINDOW_MS - (n > LIMIT ? big.windowOffsetMs : 0)
  const floor = Math.max(...buckets.map((b) => floorOf(b.n)))
  const ratio = big.ms / floor

  // 3. The naive way: a shell loop, `oktactl factors list` once per user, on the first users.
  await big.sb.reset()
  writeFileSync(join(work, 'loop.txt'), `${Array.from({ length: LOOP_USERS }, (_, i) => generatedLogin(i + 1)).join('\n')}\n`)
  const loop = await runChild('sh', ['-c', `while IFS= read -r u; do node "${bin}" factors list "$u" >/dev/null || exit 1; done < "${join(work, 'loop.txt')}"`], big.env)
  const loopScaled = (loop.ms * big.listed) / LOOP_USERS
  await big.sb.close()

  const share429 = big.requests ? (100 * big.tooMany) / big.requests : 0
  const mem = big.peakMiB && small.peakMiB ? big.peakMiB / small.peakMiB : undefined
  console.log(`\nreport mfa --all-users: ${big.listed.toLocaleString('en')} users listed, sandbox limit ${LIMIT.toLocaleString('en')} requests/min per bucket, default 10% headroom, concurrency 4`)
  for (const b of buckets) line(`  ${b.name}`, `${b.n.toLocaleString('en')} req`, `${Math.ceil(b.n / LIMIT)} window(s): earliest last request at ${fmt(Math.max(0, floorOf(b.n)))}`)
  line('floor the rate limits allow', fmt(floor), `(the slowest bucket; the run started ${big.windowOffsetMs} ms into a window)`)
  line('oktactl report mfa --all-users', fmt(big.ms), `${ratio.toFixed(3)}x the floor (target ≤ 1.10x) ${ratio <= 1.1 ? 'ok' : 'MISSED'}`)
  line('  429 responses', `${big.tooMany} / ${big.requests}`, `${share429.toFixed(2)}% of requests (target < 1%) ${share429 < 1 ? 'ok' : 'MISSED'}`)
  line('  failed users', String(failed), `(target 0) ${failed === 0 ? 'ok' : 'MISSED'}`)
  if (mem !== undefined) {
    line(`  peak RSS at ${big.listed.toLocaleString('en')} users`, `${big.peakMiB.toFixed(1)} MiB`, '')
    line(`  peak RSS at ${small.listed.toLocaleString('en')} users`, `${small.peakMiB.toFixed(1)} MiB`, `${mem.toFixed(2)}x (target ≤ 1.30x) ${mem <= 1.3 ? 'ok' : 'MISSED'}`)
  }
  line(`shell loop, factors list once per user (${LOOP_USERS})`, fmt(loop.ms), loop.code === 0 ? '' : `exit ${loop.code}: ${loop.stderr.trim().split('\n').at(-1)}`)
  line(`  scaled to ${big.listed.toLocaleString('en')} users`, fmt(loopScaled), `${(loopScaled / big.ms).toFixed(1)}x the report`)
  console.log('')
} finally {
  rmSync(work, { recursive: true, force: true })
}
