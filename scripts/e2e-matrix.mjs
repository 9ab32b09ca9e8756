// The end-to-end suites once per supported Node line besides the one running the tests (22, 24
// and 26, from the npm registry: scripts/node-bin.mjs), each against the packed tarball as users
// get it: `npm pack`, then `npm install -g --omit=dev --offline` into a temporary prefix. dist/
// bundles every dependency, so that install must bring nothing else; it is checked.
// Part of `npm test` (after the build); `npm run test:e2e-matrix -- 24` runs one line.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeBin } from './node-bin.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['22', '24', '26']
const suites = ['test/e2e', 'test/net/https-proxy.e2e.test.ts']
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('e2e-matrix: no dist/cli.js; run `npm run build` first.')
  process.exit(1)
}
const work = mkdtempSync(join(tmpdir(), 'oktactl-pack-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
const tarball = join(work, execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1))
const prefix = join(work, 'prefix')
execFileSync(npm, ['install', '-g', '--prefix', prefix, '--omit=dev', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { stdio: ['ignore', 'ignore', 'inherit'] })
const installed = join(prefix, 'lib', 'node_modules')
const extra = [...readdirSync(installed).filter((n) => n !== 'oktactl'), ...(existsSync(join(installed, 'oktactl', 'node_modules')) ? ['oktactl/node_modules'] : [])]
if (extra.length) {
  console.error(`e2e-matrix: installing the tarball with --omit=dev brought more than oktactl: ${extra.join(', ')}`)
  process.exit(1)
}
const bin = join(installed, 'oktactl', 'bin', 'oktactl.js')
if (!existsSync(join(installed, 'oktactl', 'dist', 'THIRD-PARTY-LICENSES.txt'))) {
  console.error('e2e-matrix: the packed tarball has no dist/THIRD-PARTY-LICENSES.txt (the bundled packages\' notices)')
  process.exit(1)
}
console.log(`packed ${tarball.split('/').at(-1)}; installed with --omit=dev: oktactl only, the bundled packages' licenses with it`)

// The build must work on every line too (a contributor builds with whatever Node they run): the
// same config, into a temporary folder, with each line's Node.
for (const major of majors) {
  const out = join(work, `build-${major}`)
  const b = spawnSync(nodeBin(major), [join(root, 'node_modules', 'rolldown', 'bin', 'cli.mjs'), '-c', 'rolldown.config.ts', '-d', out], { cwd: root, encoding: 'utf8' })
  if (b.status !== 0 || !existsSync(join(out, 'cli.js'))) {
    console.error(`e2e-matrix: npm run build fails on Node ${major}:\n${b.stdout}${b.stderr}`)
    process.exit(1)
  }
}
console.log(`built with Node ${majors.join(', ')} as well`)

// The lines run side by side (each vitest with one worker): the suites mostly wait on the
// binaries they spawn, so three at once on 2 cores take about half the time of one after another.
// Each line's output is printed whole when it ends.
function runLine(major) {
  const node = nodeBin(major)
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const t0 = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', ...suites, '--reporter=dot', `--maxWorkers=${majors.length > 1 ? 1 : 2}`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OKTACTL_E2E_NODE: node, OKTACTL_E2E_BIN: bin },
    })
    const out = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => out.push(d))
    child.on('close', (code) => {
      const s = ((Date.now() - t0) / 1000).toFixed(0)
      process.stdout.write(`\n── end-to-end on Node ${version}, the installed tarball ──\n${Buffer.concat(out).toString()}── Node ${version}: ${code === 0 ? 'passed' : 'FAILED'} in ${s} s ──\n`)
      resolve(code === 0 ? undefined : version)
    })
  })
}

const failed = (await Promise.all(majors.map(runLine))).filter(Boolean)
if (failed.length) {
  console.error(`end-to-end failed on Node ${failed.join(', ')}`)
  process.exit(1)
}
