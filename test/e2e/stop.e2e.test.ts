import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, built, skipNote, node, useHostileOrg } from './helpers.js'
import { factor, user, withUser } from './hostile.js'

// A bulk reset stopped mid-run, on the built binary: SIGTERM and SIGHUP as Ctrl-C (finish what is
// in flight, write the report, print the resume command, exit 143/129), and a stdout closed by its
// reader (`| head -1`) stops new work and exits 141 with every change audited and reported.

const N = 8
const users = Array.from({ length: N }, (_, i) => ({ id: `00u1stopstopstop${String(i).padStart(4, '0')}`, login: `stop${i}@example.com` }))
const ctx = useHostileOrg('stop', (org) => {
  for (const u of users) {
    withUser(org, user(u.id, u.login), [factor(`mbl1${u.id.slice(-6)}`, 'sms')])
    org.on('POST', `/api/v1/users/${u.id}/lifecycle/reset_factors`, { status: 200, json: {}, delayMs: 250 })
  }
})

const resets = () => ctx.org.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/lifecycle/reset_factors'))
const auditOutcomes = () =>
  existsSync(join(ctx.home.dir, 'state', 'audit.log'))
    ? readFileSync(join(ctx.home.dir, 'state', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { outcome: string }).filter((e) => e.outcome !== 'intent')
    : []
const reportRows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string })

function start(extra: string[], opts: { closeStdoutAfterFirstLine?: boolean } = {}) {
  const rep = join(ctx.home.dir, 'r.jsonl')
  const child = spawn(node, [bin, 'factors', 'reset', '--users-file', '-', '--yes', '--concurrency', '1', '--report', rep, ...extra], {
    env: { ...ctx.home.env, ...ctx.org.env },
    cwd: ctx.home.dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin.end(users.map((u) => u.login).join('\n') + '\n')
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  child.stdout.setEncoding('utf8').on('data', () => {
    if (opts.closeStdoutAfterFirstLine) child.stdout.destroy()
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  void exited.then(() => clearTimeout(timer))
  return { child, rep, exited, stderr: () => stderr }
}

const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25))
}

describe.skipIf(!built)(`a bulk reset stopped mid-run, on the built binary${skipNote}`, () => {
  it.each<[NodeJS.Signals, number]>([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('%s: the reset in flight finishes and is audited and reported; exit %i with the resume command', async (signal, code) => {
    const run = start(['-o', 'tsv'])
    await waitFor(() => resets().length >= 2)
    run.child.kill(signal)
    expect(await run.exited).toBe(code)
    const sent = resets().length
    expect(sent).toBeLessThan(N)
    expect(run.stderr()).toContain(`Stopped by ${signal}:`)
    expect(run.stderr()).toContain('Resume with:')
    expect(run.stderr()).toContain(`--resume ${run.rep}`)
    expect(reportRows(run.rep).filter((r) => r.status === 'ok'), run.stderr()).toHaveLength(sent)
    expect(auditOutcomes().filter((e) => e.outcome === 'ok'), JSON.stringify(auditOutcomes())).toHaveLength(sent)
  })

  it('stdout closed by its reader (| head -1): new work stops, every change is audited and reported, exit 141', async () => {
    const run = start(['-o', 'tsv'], { closeStdoutAfterFirstLine: true })
    expect(await run.exited).toBe(141)
    const sent = resets().length
    expect(sent).toBeLessThan(N)
    expect(run.stderr()).toContain('Stopped: the output was closed')
    expect(reportRows(run.rep).filter((r) => r.status === 'ok')).toHaveLength(sent)
    expect(auditOutcomes().filter((e) => e.outcome === 'ok')).toHaveLength(sent)
  })
})
