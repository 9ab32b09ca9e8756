import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliSandbox, type Home, killStragglers, nowSeconds, oktactl, parseOtpauth, runnable, skipNote, startCliSandbox, tempHome, totpCode } from './helpers.js'

// `oktactl sandbox start` as its own process, stopped with Ctrl-C (SIGINT) and started again on
// the same state file: the factor enrolled before the restart, its TOTP secret and replay
// protection, and the API token all survive.

let home: Home
let stateFile: string
const sandboxes: CliSandbox[] = []
const run = (...args: string[]) => oktactl(home, ['--profile', 'sandbox', ...args])
async function start(): Promise<CliSandbox> {
  const sb = await startCliSandbox(home, ['--state', stateFile, '--push-delay', '0'])
  sandboxes.push(sb)
  return sb
}

describe.skipIf(!runnable)(`e2e: sandbox state survives a restart (oktactl sandbox start, Ctrl-C, start)${skipNote}`, () => {
  beforeAll(() => {
    home = tempHome('e2e-restart')
    stateFile = join(home.dir, 'org-state.json')
  })
  afterAll(async () => {
    for (const s of sandboxes) await s.stop()
    killStragglers()
    home?.remove()
  })

  it('keeps an enrolled factor, its secret, its last used TOTP step, and the token', async () => {
    const first = await start()
    expect(first).toMatchObject({ orgUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), profile: 'sandbox', stateFile })
    expect(first.token).toMatch(/^00[\w-]{40}$/)
    expect((statSync(stateFile).mode & 0o777).toString(8)).toBe('600')

    const uriFile = join(home.dir, 'dave.uri')
    const enroll = await run('factors', 'enroll', 'dave', '--type', 'totp', '--secret-file', uriFile, '--json')
    expect(enroll.code, enroll.stderr).toBe(0)
    const factorId = (JSON.parse(enroll.stdout) as { id: string }).id
    const otp = parseOtpauth(readFileSync(uriFile, 'utf8'))
    const t = nowSeconds()
    const activate = await run('factors', 'activate', 'dave', 'totp', '--code', totpCode(otp, t))
    expect(activate.code, activate.stderr).toBe(0)

    const stopped = await first.stop()
    expect(stopped).toEqual({ code: 0, signal: null })
    expect(first.stderr()).toContain('Sandbox stopped; its state is saved.')
    expect(first.stderr()).not.toContain(first.token)
    const down = await oktactl(home, ['sandbox', 'outbox'])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain(`No sandbox answers at ${first.orgUrl}`)

    const second = await start()
    expect(second.token).toBe(first.token)
    expect(second.stateFile).toBe(stateFile)
    // The token from before the restart works on its own, not only through the re-saved profile.
    const list = await oktactl(home, ['factors', 'list', 'dave', '--json'], { env: { OKTA_CLIENT_ORGURL: second.orgUrl, OKTA_CLIENT_TOKEN: first.token } })
    expect(list.code, list.stderr).toBe(0)
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ id: factorId, factorType: 'token:software:totp', status: 'ACTIVE' }))

    // The secret survived (the next step's code verifies), and so did the last step used: the
    // same code again is a replay.
    const next = totpCode(otp, t + otp.period)
    const verify = await run('factors', 'verify', 'dave', 'totp', '--code', next)
    expect(verify.code, verify.stderr).toBe(0)
    const replay = await run('factors', 'verify', 'dave', 'totp', '--code', next)
    expect(replay.code).toBe(3)
    expect(replay.stderr).toContain('E0000082')

    expect(await second.stop()).toEqual({ code: 0, signal: null })
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { token: string; factors: Array<{ id: string; status: string }> }
    expect(saved.token).toBe(first.token)
    expect(saved.factors.find((f) => f.id === factorId)?.status).toBe('ACTIVE')
  })
})
