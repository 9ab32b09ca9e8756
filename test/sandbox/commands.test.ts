import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CommanderError } from 'commander'
import { afterEach, describe, expect, it } from 'vitest'
import type { Services } from '../../src/context.js'
import type { StopReason } from '../../src/errors.js'
import { exitCodeFor } from '../../src/errors.js'
import { reportError } from '../../src/main.js'
import { buildProgram } from '../../src/program.js'
import { fakeIO } from '../helpers/io.js'

// `oktactl sandbox …` in-process, with the sandbox commands registered on the real program.

const homes: string[] = []
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true })
})

function home(): string {
  const h = mkdtempSync(join(tmpdir(), 'oktactl-sandbox-cli-'))
  homes.push(h)
  return h
}

interface Run {
  done: Promise<number>
  stdout(): string
  stderr(): string
  /** Ctrl-C. */
  interrupt(): void
  /** Whether the command still listens for Ctrl-C. */
  listening(): boolean
}

function cli(argv: string[], h: string, env: Record<string, string> = {}): Run {
  const f = fakeIO()
  let handler: ((reason: StopReason) => void) | undefined
  const services: Services = {
    io: f.io,
    env: { HOME: h, OKTACTL_CONFIG_DIR: join(h, 'config'), OKTACTL_STATE_DIR: join(h, 'state'), ...env },
    cwd: h,
    now: () => new Date(),
    sleep: async () => undefined,
    onInterrupt: (fn) => {
      handler = fn
      return () => (handler = undefined)
    },
  }
  const done = buildProgram(services, argv).then((program) => program.parseAsync(argv, { from: 'user' })).then(
    () => 0,
    (err: unknown) => {
      if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
      reportError(err, services, { json: false, debug: false })
      return exitCodeFor(err)
    },
  )
  return { done, stdout: f.stdout, stderr: f.stderr, interrupt: () => handler?.('SIGINT'), listening: () => handler !== undefined }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}

describe('oktactl sandbox start', () => {
  it('prints the org URL and token, saves the "sandbox" profile, serves oktactl, and stops on Ctrl-C', async () => {
    const h = home()
    const server = cli(['sandbox', 'start', '--push', 'manual', '--push-delay', '0', '--json'], h)
    await until(() => server.stdout().includes('}'), 'the start JSON')
    const started = JSON.parse(server.stdout())
    expect(started).toEqual({ orgUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: expect.stringMatching(/^00/), profile: 'sandbox', stateFile: join(h, 'state', 'sandbox.json') })
    const config = JSON.parse(readFileSync(join(h, 'config', 'config.json'), 'utf8'))
    expect(config.profiles.sandbox).toEqual({ orgUrl: started.orgUrl, authMode: 'SSWS', token: started.token })
    expect(statSync(join(h, 'state', 'sandbox.json')).mode & 0o777).toBe(0o600)

    const list = cli(['--profile', 'sandbox', 'factors', 'list', 'alice', '-o', 'tsv'], h)
    expect(await list.done).toBe(0)
    expect(list.stdout().split('\n').filter(Boolean).map((l) => l.split('\t')[1])).toEqual(['sms', 'token:software:totp', 'push', 'question'])

    // The other sandbox commands find the sandbox profile without --profile. Nothing was waiting:
    // the result is still on stdout, and the exit code says "not found".
    const nothing = cli(['sandbox', 'push', 'alice', 'approve'], h)
    expect(await nothing.done).toBe(5)
    expect(nothing.stdout()).toMatch(/^00u\w+\tapprove\t0\t0\n$/)
    expect(nothing.stderr()).toContain('No push was waiting for alice.')

    const reset = cli(['sandbox', 'reset', '--json'], h)
    expect(await reset.done).toBe(0)
    expect(JSON.parse(reset.stdout())).toEqual({ users: 5 })

    const empty = cli(['sandbox', 'outbox', 'dave'], h)
    expect(await empty.done).toBe(0)
    expect(empty.stdout()).toBe('')
    expect(empty.stderr()).toContain('Nothing was sent to dave.')

    server.interrupt()
    // Still listening: conf's when-exit raises SIGINT a second time, which must not kill us mid-save.
    expect(server.listening()).toBe(true)
    expect(await server.done).toBe(0)
    expect(server.listening()).toBe(false)
    expect(server.stderr()).toContain('Sandbox stopped')
    expect(server.stderr()).not.toContain(started.token)
  })

  it('shows outbox codes and answers pushes for a running sandbox', async () => {
    const h = home()
    const server = cli(['sandbox', 'start', '--push', 'manual', '--log'], h)
    await until(() => server.stdout().includes('API token:'), 'the start output')
    const url = /Org URL:\s+(\S+)/.exec(server.stdout())![1]!
    const token = /API token:\s+(\S+)/.exec(server.stdout())![1]!
    const call = async (method: string, path: string, body?: unknown) =>
      (await fetch(url + path, { method, headers: { Authorization: `SSWS ${token}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) })).json() as Promise<any>
    const dave = await call('GET', '/api/v1/users/dave')
    await call('POST', `/api/v1/users/${dave.id}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551234567' } })
    const alice = await call('GET', '/api/v1/users/alice')
    const push = (await call('GET', `/api/v1/users/${alice.id}/factors`)).find((f: any) => f.factorType === 'push')
    const challenge = await call('POST', `/api/v1/users/${alice.id}/factors/${push.id}/verify`)

    const outbox = cli(['sandbox', 'outbox', 'dave', '-o', 'tsv'], h)
    expect(await outbox.done).toBe(0)
    const [row] = outbox.stdout().trim().split('\n').map((l) => l.split('\t'))
    expect(row!.slice(1, 6)).toEqual(['dave@example.com', 'sms', '+15551234567', expect.stringMatching(/^\d{6}$/), 'enroll'])
    const code = cli(['sandbox', 'outbox', 'dave', '--code'], h)
    expect(await code.done).toBe(0)
    expect(code.stdout()).toBe(`${row![4]}\n`)

    // A CI job with OKTA_* pointing at the sandbox, and no saved profile, reads the same outbox.
    const fromEnv = cli(['sandbox', 'outbox', 'dave', '--code'], home(), { OKTA_CLIENT_ORGURL: url, OKTA_CLIENT_TOKEN: token })
    expect(await fromEnv.done).toBe(0)
    expect(fromEnv.stdout()).toBe(`${row![4]}\n`)

    const approve = cli(['sandbox', 'push', 'alice', 'approve', '--json'], h)
    expect(await approve.done).toBe(0)
    expect(JSON.parse(approve.stdout())).toMatchObject({ answer: 'approve', transactions: 1, activations: 0 })
    expect((await call('GET', new URL(challenge._links.poll.href).pathname)).factorResult).toBe('SUCCESS')

    server.interrupt()
    expect(await server.done).toBe(0)
    expect(server.stderr()).toMatch(/GET \/api\/v1\/users\/dave → 200 \(\d+ ms\)/)
    expect(server.stderr()).not.toContain(token)
  })

  it('does not overwrite a "sandbox" profile that points at a real org', async () => {
    const h = home()
    mkdirSync(join(h, 'config'), { recursive: true, mode: 0o700 })
    const real = { orgUrl: 'https://acme.oktapreview.com', authMode: 'SSWS', token: '00real' }
    writeFileSync(join(h, 'config', 'config.json'), JSON.stringify({ profiles: { sandbox: real } }), { mode: 0o600 })
    const server = cli(['sandbox', 'start'], h)
    await until(() => server.stderr().includes('Ctrl-C'), 'the start notes')
    expect(server.stderr()).toContain('Profile "sandbox" is for https://acme.oktapreview.com; not overwriting it.')
    expect(JSON.parse(readFileSync(join(h, 'config', 'config.json'), 'utf8')).profiles.sandbox).toEqual(real)
    // …and the sandbox commands refuse to send /_sandbox/ requests to it.
    const reset = cli(['sandbox', 'reset'], h)
    expect(await reset.done).toBe(2)
    expect(reset.stderr()).toContain('https://acme.oktapreview.com is not a sandbox org')
    server.interrupt()
    expect(await server.done).toBe(0)
  })

  it.each([
    [['--host', '0.0.0.0'], 'only listens on this machine'],
    [['--push', 'maybe'], '--push must be one of approve, reject, timeout, manual'],
    [['--push-delay', '-1'], '--push-delay must be a number of seconds'],
    [['--port', '70000'], '--port must be 0–65535'],
    [['--rate-limit', '0'], '--rate-limit must be at least 1'],
  ])('refuses %j with a usage error', async (args, message) => {
    const r = cli(['sandbox', 'start', ...args], home())
    expect(await r.done).toBe(2)
    expect(r.stderr()).toContain(message)
  })

  it('says so when no sandbox is running', async () => {
    const h = home()
    mkdirSync(join(h, 'config'), { recursive: true, mode: 0o700 })
    writeFileSync(join(h, 'config', 'config.json'), JSON.stringify({ profiles: { sandbox: { orgUrl: 'http://127.0.0.1:9', authMode: 'SSWS', token: '00x' } } }), { mode: 0o600 })
    const r = cli(['sandbox', 'outbox'], h)
    expect(await r.done).toBe(1)
    expect(r.stderr()).toContain('No sandbox answers at http://127.0.0.1:9.')
    expect(r.stderr()).toContain('Start it with `oktactl sandbox start --port 9`')
    expect(r.stderr()).toContain('oktactl sandbox start')
  })
})
