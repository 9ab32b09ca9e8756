import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ReportRow } from '../../src/bulk/report.js'
import { generatedLogin } from '../../src/sandbox/index.js'
import { jsonl, org, tempHome, usersFile } from './helpers.js'

// Ctrl-C on the built binary (run `npm run build` first): a real SIGINT to a real process.

const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = join(root, 'bin', 'oktactl.js')
const built = existsSync(join(root, 'dist', 'cli.js'))
const current = built && spawnSync(process.execPath, [bin, 'factors', 'reset', '--help'], { encoding: 'utf8' }).stdout.includes('--users-file')
const why = !built ? ' (SKIPPED: no dist/cli.js; run `npm run build`)' : !current ? ' (SKIPPED: dist/ predates --users-file; run `npm run build`)' : ''

const rows = (file: string): ReportRow[] => (existsSync(file) ? jsonl<ReportRow>(readFileSync(file, 'utf8')) : [])
const until = async (ok: () => boolean, ms = 10_000) => {
  for (const t0 = Date.now(); !ok(); ) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

function oktactl(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exit, out: () => stdout, err: () => stderr }
}

describe.skipIf(!current)(`Ctrl-C on a bulk run of the built binary${why}`, () => {
  it('SIGINT: finishes the user in flight, writes the report, prints the resume command, exits 130; the command resumes', async () => {
    const clock = { t: 1_800_000_030_000 }
    // Four requests a minute per endpoint and a clock that stands still: after three users the run
    // waits for a window that does not come until the test moves the clock.
    const o = await org({ users: 6, rateLimit: 4, now: () => clock.t })
    const home = tempHome()
    const file = usersFile(home, Array.from({ length: 6 }, (_, i) => generatedLogin(i + 1)).join('\n'))
    const report = join(home, 'reset.jsonl')
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      OKTACTL_CONFIG_DIR: join(home, 'config'),
      OKTACTL_STATE_DIR: join(home, 'state'),
      NO_COLOR: '1',
      ...o.env,
    }
    const run = oktactl(['factors', 'reset', '--users-file', file, '--yes', '--report', report, '--concurrency', '1'], env)
    await until(() => rows(report).length === 3)
    await new Promise((r) => setTimeout(r, 300)) // the fourth user is now held by the pacer
    run.child.kill('SIGINT')
    const code = await Promise.race([run.exit, new Promise<string>((r) => setTimeout(() => r('still running'), 8000))])
    if (code === 'still running') run.child.kill('SIGKILL')
    expect(code).toBe(130)
    expect(rows(report).map((x) => `${x.line} ${x.status}`)).toEqual(['1 ok', '2 ok', '3 ok'])
    const err = run.err()
    expect(err).toContain(`Error: Interrupted: 3 ok, 0 failed, 0 skipped; 3 not started. Report: ${report}\n`)
    const resume = /Resume with:\n {2}(oktactl .*)\n/.exec(err)?.[1]
    expect(resume).toBe(`oktactl factors reset --users-file ${file} --yes --concurrency 1 --resume ${report}`)
    expect(o.changes()).toHaveLength(3)

    clock.t += 60_000
    const again = oktactl(resume!.split(' ').slice(1), env)
    expect(await again.exit).toBe(0)
    expect(rows(report).map((x) => `${x.line} ${x.status}`)).toEqual(['1 ok', '2 ok', '3 ok', '4 ok', '5 ok', '6 ok'])
    expect(o.changes()).toHaveLength(6)
  })
})
