// `npm test`: everything CI checks, in the order that fails fastest, overlapping what can overlap
// on a 2-core machine. Fetching the Node lines of the e2e matrix (network only) runs beside the
// CPU-bound steps; typecheck and lint (each single-threaded) run side by side, and so do vitest
// and the e2e matrix, whose suites mostly wait on the binaries they spawn (measured here: 2m03s
// for the whole of .ci/run, against 4m02s one after another). Prints each step's time at the end.
//   npm ci → build → typecheck ‖ lint → vitest (this Node) ‖ e2e on Node 22, 24, 26 → summary
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const MATRIX = ['22', '24', '26']
const times = []

/** Runs a command; its output goes straight through, or (buffered) is printed whole when it ends. */
function run(name, cmd, args, { buffered = false } = {}) {
  const t0 = Date.now()
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'] })
    const chunks = []
    if (buffered) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => chunks.push(d))
    const done = (code) => {
      const seconds = (Date.now() - t0) / 1000
      times.push({ name, seconds, ok: code === 0 })
      if (buffered) {
        const text = Buffer.concat(chunks).toString()
        if (text.trim() || code !== 0) process.stdout.write(`\n── ${name} ──\n${text}`)
      }
      resolve(code === 0)
    }
    child.on('error', (e) => {
      chunks.push(Buffer.from(`${name}: ${e.message}\n`))
      done(1)
    })
    child.on('close', done)
  })
}

function finish(ok) {
  console.log(`\nsteps: ${times.map((t) => `${t.name} ${t.seconds.toFixed(0)} s${t.ok ? '' : ' (FAILED)'}`).join(', ')}`)
  process.exit(ok ? 0 : 1)
}

const must = async (p) => (await p) || finish(false)

await must(run('npm ci', npm, ['ci', '--no-audit', '--no-fund']))
// The matrix's Node binaries download (once; cached in .cache/node) while the CPU builds and checks.
const nodes = run('fetch Node ' + MATRIX.join('/'), process.execPath, ['--input-type=module', '-e', `
  const { nodeBin } = await import(${JSON.stringify(new URL('./node-bin.mjs', import.meta.url).href)})
  for (const m of ${JSON.stringify(MATRIX)}) nodeBin(m)`], { buffered: true })
await must(run('build', npm, ['run', 'build', '--silent']))
const checks = await Promise.all([run('typecheck', npm, ['run', 'typecheck', '--silent'], { buffered: true }), run('lint', npm, ['run', 'lint', '--silent'], { buffered: true })])
if (!checks.every(Boolean)) finish(false)
const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile=.vitest-report.json']
const matrix = nodes.then((fetched) => fetched && run('e2e matrix', process.execPath, ['scripts/e2e-matrix.mjs', ...MATRIX], { buffered: true }))
const tested = await run('vitest', process.execPath, vitest)
await must(run('summary', process.execPath, ['scripts/test-summary.mjs']))
finish(tested && (await matrix))
