import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { bin, node } from './helpers.js'

// The built CLI (bin/oktactl.js → dist/cli.js) as a user runs it: `sandbox start` in one process,
// oktactl commands in others, Ctrl-C (SIGINT) to stop.

const root = fileURLToPath(new URL('../../', import.meta.url))
const built = existsSync(join(root, 'dist', 'cli.js'))
const registered = built && execFileSync(node, [bin, '--help'], { encoding: 'utf8' }).includes('sandbox')
const why = !built ? ' (SKIPPED: no dist/cli.js; run `npm run build`)' : !registered ? ' (SKIPPED: `sandbox` is not registered in src/program.ts)' : ''

const home = mkdtempSync(join(tmpdir(), 'oktactl-e2e-'))
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, OKTACTL_CONFIG_DIR: join(home, 'config'), OKTACTL_STATE_DIR: join(home, 'state'), NO_COLOR: '1' }
delete env.OKTACTL_PROFILE
delete env.OKTA_CLIENT_ORGURL
delete env.OKTA_CLIENT_TOKEN
delete env.OKTA_ORG_URL
delete env.OKTA_API_TOKEN
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  rmSync(home, { recursive: true, force: true })
})

function oktactl(...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(node, [bin, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return { code: 0, stdout, stderr: '' }
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string }
    return { code: err.status, stdout: err.stdout, stderr: err.stderr }
  }
}

describe.skipIf(!registered)(`e2e: oktactl sandbox start, used by oktactl, stopped by Ctrl-C${why}`, () => {
  // covers: ./commands/sandbox/index.js, ../../sandbox/index.js
  it('serves the seeded org to the CLI and saves its state on SIGINT', async () => {
    const server = spawn(node, [bin, 'sandbox', 'start', '--json', '--push-delay', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(server)
    let stdout = ''
    let stderr = ''
    server.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    server.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    for (let i = 0; i < 100 && !stdout.includes('}'); i++) await new Promise((r) => setTimeout(r, 50))
    const started = JSON.parse(stdout) as { orgUrl: string; token: string; stateFile: string }
    expect(started.orgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const list = oktactl('--profile', 'sandbox', 'factors', 'list', 'alice', '-o', 'tsv')
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout.trim().split('\n')).toHaveLength(4)
    const enroll = oktactl('--profile', 'sandbox', 'factors', 'enroll', 'dave', '--type', 'email', '--email', 'dave@example.com')
    expect(enroll.code, enroll.stderr).toBe(0)
    const code = oktactl('sandbox', 'outbox', 'dave', '--code')
    expect(code.stdout).toMatch(/^\d{6}\n$/)
    const activate = oktactl('--profile', 'sandbox', 'factors', 'activate', 'dave', 'email', '--code', code.stdout.trim())
    expect(activate.code, activate.stderr).toBe(0)
    const push = oktactl('--profile', 'sandbox', 'factors', 'verify', 'alice', 'push', '--wait')
    expect(push.code, push.stderr).toBe(0)

    const exited = new Promise<number | null>((resolve) => server.on('exit', (c) => resolve(c)))
    server.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stderr).toContain('Sandbox stopped')
    expect(stderr).not.toContain(started.token)
    // The state was saved on the way out: dave's new email factor is there, ACTIVE.
    const state = JSON.parse(readFileSync(started.stateFile, 'utf8')) as {
      token: string
      users: { id: string; profile: { login: string } }[]
      factors: { factorType: string; status: string; userId: string }[]
    }
    expect(state.token).toBe(started.token)
    const dave = state.users.find((u) => u.profile.login === 'dave@example.com')!
    expect(state.factors.filter((f) => f.userId === dave.id).map((f) => `${f.factorType}:${f.status}`)).toEqual(['email:ACTIVE'])
  })
})
