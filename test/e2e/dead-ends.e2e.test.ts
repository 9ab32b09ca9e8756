import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { built, killStragglers, oktactl, skipNote, tempHome, type Home } from './helpers.js'

// Issue 12 §4 ("Fewer dead ends") on the built binary: messages that say what to do next.

let home: Home
beforeEach(() => {
  home = tempHome('dead-ends')
})
afterEach(() => {
  killStragglers()
  home.remove()
})

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as { port: number }
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD'

describe.skipIf(!built)(`dead ends (built binary)${skipNote}`, () => {
  it('a loopback org that refuses the connection: the sandbox is probably not running, and how to start it on that port', async () => {
    const port = await closedPort()
    const org = `http://127.0.0.1:${port}`
    const r = await oktactl(home, ['factors', 'list', 'alice'], { env: { OKTA_CLIENT_ORGURL: org, OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(new RegExp(`^Error: GET ${org}/api/v1/users/alice failed: .*ECONNREFUSED`))
    expect(r.stderr).toContain(
      `Nothing is listening at ${org}: the sandbox org is probably not running. Start it with \`oktactl sandbox start --port ${port}\` (in another terminal: it runs in the foreground).\n`,
    )
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('the saved sandbox profile, sandbox stopped: the same hint', async () => {
    const port = await closedPort()
    const add = await oktactl(home, ['profile', 'add', 'sandbox', '--org', `127.0.0.1:${port}`, '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(add.code, add.stderr).toBe(0)
    expect(add.stderr).toContain(`Assuming http://127.0.0.1:${port} (the org URL had no scheme).\n`)
    const r = await oktactl(home, ['-p', 'sandbox', 'factors', 'list', 'alice', '--json'])
    expect(r.code).toBe(1)
    expect((JSON.parse(r.stderr) as { error: { hint?: string } }).error.hint).toContain(`oktactl sandbox start --port ${port}`)
  })

  it('profile add --org acme.okta.com: https:// assumed and said on stderr; http:// for it stays refused', async () => {
    const r = await oktactl(home, ['profile', 'add', 'prod', '--org', 'acme.okta.com', '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^Assuming https:\/\/acme\.okta\.com \(the org URL had no scheme\)\.\n/)
    const stored = JSON.parse(readFileSync(join(home.dir, 'config', 'config.json'), 'utf8')) as { profiles: Record<string, { orgUrl: string }> }
    expect(stored.profiles.prod?.orgUrl).toBe('https://acme.okta.com')
    const http = await oktactl(home, ['profile', 'add', 'plain', '--org', 'http://acme.okta.com', '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(http.code).toBe(2)
    expect(http.stderr).toContain('uses http://, which would send your credentials in clear text.')
  })

  it('factors enroll --type totp off a terminal without --secret-file/--qr-file: exit 2 before any request', async () => {
    const port = await closedPort()
    // Nothing listens: had anything been sent, this would be a network error (exit 1), not exit 2.
    const r = await oktactl(home, ['factors', 'enroll', 'dave', '--type', 'totp'], { env: { OKTA_CLIENT_ORGURL: `http://127.0.0.1:${port}`, OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('The TOTP secret would be lost')
  })
})
