#!/usr/bin/env node
// Bulk reset benchmark (issue 5). Run after `npm run build`:
//
//   node bench/bulk.mjs            # 2,000 users, 1,500 requests/min per endpoint
//
// Resets the factors of generated users with the built oktactl binary against a sandbox org
// started in this process, with the sandbox's rate limit low enough that the limit, not the
// machine, bounds the run. Reports side by side: the minimum time the limit allows, the bulk run's
// wall time, its 429s, its failed rows, and a shell loop calling oktactl once per user for the
// first users, scaled to all of them. Knobs: BENCH_USERS, BENCH_RATE_LIMIT, BENCH_LOOP_USERS,
// BENCH_CONCURRENCY.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WINDOW_MS, loadSandbox, windowClock } from './sandbox.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'oktactl.js')
const USERS = Number(process.env.BENCH_USERS ?? 2000)
const LIMIT = Number(process.env.BENCH_RATE_LIMIT ?? 1500)
const LOOP_USERS = Math.min(USERS, Number(process.env.BENCH_LOOP_USERS ?? 100))
const CONCURRENCY = process.env.BENCH_CONCURRENCY

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench/bulk.mjs: no dist/cli.js; run `npm run build` first.')
  process.exit(1)
}

const work = mkdtempSync(join(tmpdir(), 'oktactl-bench-bulk-'))
const { startSandbox, generatedLogin } = await loadSandbox(root, work)
const clock = windowClock()
const sandboxNow = clock.now
const startOnWindow = clock.startOnWindow

let requests = 0
let tooMany = 0
const sb = await startSandbox({
  users: USERS,
  rateLimit: LIMIT,
  pushDelay: 0,
  now: sandboxNow,
  onRequest: (i) => {
    if (i.path.startsWith('/_sandbox/')) return
    requests++
    if (i.status === 429) tooMany++
  },
})

const home = join(work, 'home')
const env = {
  PATH: process.env.PATH,
  HOME: home,
  OKTACTL_CONFIG_DIR: join(home, 'config'),
  OKTACTL_STATE_DIR: join(home, 'state'),
  OKTA_CLIENT_ORGURL: sb.url,
  OKTA_CLIENT_TOKEN: sb.token,
  NO_COLOR: '1',
}
const logins = Array.from({ length: USERS }, (_, i) => generatedLogin(i + 1))
writeFileSync(join(work, 'users.txt'), `${logins.join('\n')}\n`)
// The loop resets users that have factors and no admin role (generated user i with i % 20 in
// 1..8, src/sandbox/README.md): a refused admin would stop the loop, and nobody runs it on them.
const loopLogins = logins.filter((_, i) => (i + 1) % 20 >= 1 && (i + 1) % 20 <= 8).slice(0, LOOP_USERS)
writeFileSync(join(work, 'loop.txt'), `${loopLogins.join('\n')}\n`)

function runChild(cmd, args) {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c.toString()))
    child.on('exit', (code) => resolve({ code, ms: performance.now() - started, stderr }))
  })
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`
const line = (label, value, note = '') => console.log(`  ${label.padEnd(44)}${value.padStart(12)}  ${note}`)

try {
  // 1. The bulk run.
  const report = join(work, 'report.jsonl')
  const { windowOffsetMs } = startOnWindow()
  const bulkArgs = [bin, 'factors', 'reset', '--users-file', join(work, 'users.txt'), '--yes', '--report', report]
  if (CONCURRENCY) bulkArgs.push('--concurrency', CONCURRENCY)
  const startedAt = Date.now()
  const bulk = await runChild(process.execPath, bulkArgs)
  const bulkRequests = requests
  const bulk429 = tooMany
  const rows = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  const failed = rows.filter((r) => r.status === 'failed').length
  const ok = rows.filter((r) => r.status === 'ok').length
  // The sandbox's mix has users with no factors and admins: those are skipped, not failed.
  const skipped = rows.filter((r) => r.status === 'skipped').length
  if (bulk.code !== 0 && bulk.code !== 7) console.error(bulk.stderr)

  // What the machine alone manages: the users done before the first hold for the window.
  const times = rows.map((r) => Date.parse(r.time)).sort((a, b) => a - b)
  const gap = times.findIndex((t, i) => i > 0 && t - (times[i - 1] ?? t) > 5000)
  const burst = gap > 0 ? { users: gap, ms: (times[gap - 1] ?? startedAt) - startedAt } : undefined

  // Every user costs one request in each of four endpoint buckets (user, roles, factors, reset),
  // each allowed LIMIT a window. The last of USERS requests in a bucket can go at the earliest
  // when window ceil(USERS / LIMIT) opens; the run started windowOffsetMs into the first.
  const windows = Math.ceil(USERS / LIMIT)
  const minimum = (windows - 1) * WINDOW_MS - (windows > 1 ? windowOffsetMs : 0)

  // 2. A shell loop, one oktactl per user, on a fresh copy of the org.
  await sb.reset()
  const loop = await runChild('sh', ['-c', `while IFS= read -r u; do node "${bin}" factors reset "$u" --yes >/dev/null || exit 1; done < "${join(work, 'loop.txt')}"`])
  const loopScaled = (loop.ms * USERS) / LOOP_USERS

  const ratio = bulk.ms / minimum
  const share429 = bulkRequests ? (100 * bulk429) / bulkRequests : 0
  console.log(`\nbulk reset: ${USERS.toLocaleString('en')} users, sandbox rate limit ${LIMIT.toLocaleString('en')} requests/min per endpoint, default 10% headroom${CONCURRENCY ? `, concurrency ${CONCURRENCY}` : ', concurrency 4'}`)
  line('minimum the limit allows', fmt(minimum), `(${windows} windows of ${LIMIT}/min; 4 requests a user, one per endpoint)`)
  line('oktactl factors reset --users-file', fmt(bulk.ms), `${ratio.toFixed(3)}x the minimum (target ≤ 1.15x) ${ratio <= 1.15 ? 'ok' : 'MISSED'}`)
  line('  429 responses', `${bulk429} / ${bulkRequests}`, `${share429.toFixed(2)}% of requests (target < 1%) ${share429 < 1 ? 'ok' : 'MISSED'}`)
  line('  rows ok / skipped / failed', `${ok} / ${skipped} / ${failed}`, `(target 0 failed; skipped: no factors, or an admin) ${failed === 0 && ok + skipped === USERS ? 'ok' : 'MISSED'}`)
  if (burst) line('  machine alone (before the first hold)', fmt(burst.ms), `${burst.users} users, ${Math.round((1000 * burst.users) / burst.ms)} users/s: the limit, not the machine, bounds the run`)
  line(`shell loop, oktactl once per user (${LOOP_USERS})`, fmt(loop.ms), loop.code === 0 ? '' : `exit ${loop.code}: ${loop.stderr.trim().split('\n').at(-1)}`)
  line(`  scaled to ${USERS.toLocaleString('en')} users`, fmt(loopScaled), `${(loopScaled / bulk.ms).toFixed(1)}x the bulk run`)
  console.log('')
} finally {
  await sb.close()
  rmSync(work, { recursive: true, force: true })
}
