import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ENV } from '../helpers/okta.js'
import { runCli } from '../helpers/run.js'
import { makeKey } from './helpers/keys.js'
import { CLIENT_ID, OrgServer, USER_ID } from './helpers/org-server.js'

const ENROLL = ['factors', 'enroll', USER_ID, '--type', 'email', '--email', 'alice@example.com']

let server: OrgServer | undefined
const unmatched: string[] = []
const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`)
beforeEach(() => {
  unmatched.length = 0
  nock.emitter.on('no match', onNoMatch)
})
afterEach(async () => {
  nock.emitter.removeListener('no match', onNoMatch)
  await server?.close()
  server = undefined
})

describe('read-only', () => {
  it('--read-only refuses a change before anything is sent (no stubs, nothing attempted), exit 4', async () => {
    const r = await runCli(['--read-only', ...ENROLL], { env: ENV })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toBe(
      `Error: Refusing POST /api/v1/users/${USER_ID}/factors: this profile is read-only.\nUse a profile without readOnly, or drop --read-only, to make changes.\n`,
    )
    expect(r.stdout).toBe('')
    expect(unmatched).toEqual([])
  })

  it('a profile added with --read-only refuses too, and says so in --json errors', async () => {
    const home = (await runCli(['profile', 'add', 'ro', '--org', 'https://acme.okta.com', '--token-stdin', '--read-only'], { stdin: `${ENV.OKTA_CLIENT_TOKEN}\n` })).home
    const r = await runCli([...ENROLL, '--json'], { home })
    expect(r.exitCode).toBe(4)
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: `Refusing POST /api/v1/users/${USER_ID}/factors: this profile is read-only.`,
        exitCode: 4,
        hint: 'Use a profile without readOnly, or drop --read-only, to make changes.',
      },
    })
    expect(unmatched).toEqual([])
  })

  it('a read-only OAuth profile sends no token request and no change; reads still work', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read', 'okta.users.manage', 'okta.roles.read'] })
    const add = await runCli(['profile', 'add', 'svc', '--org', server.url, '--client-id', CLIENT_ID, '--private-key', key.file, '--scopes', 'okta.users.read okta.users.manage okta.roles.read', '--read-only'])
    expect(add.exitCode, add.stderr).toBe(0)
    const enroll = await runCli(ENROLL, { home: add.home })
    expect(enroll.exitCode).toBe(4)
    expect(server.requests).toEqual([])

    const del = await runCli(['factors', 'delete', USER_ID, 'mbl1factor0000000001', '--yes'], { home: add.home })
    expect(del.exitCode).toBe(4)
    expect(del.stderr).toContain(`Refusing DELETE /api/v1/users/${USER_ID}/factors/mbl1factor0000000001: this profile is read-only.`)
    expect(server.requests.every((r) => r.method === 'GET' || r.path === '/oauth2/v1/token')).toBe(true)
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false)

    const list = await runCli(['factors', 'list', USER_ID], { home: add.home })
    expect(list.exitCode).toBe(0)
  })
})
