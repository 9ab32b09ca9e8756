import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli, type RunResult } from '../helpers/run.js'
import { makeKey } from './helpers/keys.js'
import { CLIENT_ID, OrgServer, USER_ID, oauthEnv } from './helpers/org-server.js'

let server: OrgServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Every access token, assertion and DPoP proof the server saw, plus slices of the private key. */
function expectNoSecrets(runs: RunResult[], secrets: string[]): void {
  expect(secrets.length).toBeGreaterThan(0)
  for (const r of runs) {
    const all = r.stdout + r.stderr
    for (const s of secrets) {
      if (!s) continue
      expect(all).not.toContain(s)
      // A JWT's signature or payload alone is a leak too.
      for (const part of s.split('.')) if (part.length > 20) expect(all).not.toContain(part)
    }
  }
}

describe('secrets stay out of stdout and stderr', () => {
  it('with --debug across a DPoP token dance, API calls, a cached-token 401 and an error', async () => {
    const key = makeKey('P-256')
    server = await OrgServer.start({ publicKey: key.publicKey, dpop: true, grantedScopes: ['okta.users.read', 'okta.users.manage'] })
    const home = (await runCli(['profile', 'add', 'svc', '--org', server.url, '--client-id', CLIENT_ID, '--private-key', key.file])).home
    const runs: RunResult[] = []
    runs.push(await runCli(['factors', 'list', 'alice@example.com', '--debug'], { home }))
    server.revokeAll()
    runs.push(await runCli(['factors', 'list', USER_ID, '--debug', '--json'], { home }))
    runs.push(await runCli(['factors', 'questions', USER_ID, '--debug'], { home }))
    runs.push(await runCli(['doctor', '--debug'], { home }))
    runs.push(await runCli(['doctor', '--json'], { home }))
    runs.push(await runCli(['profile', 'show', '--sources', '--debug'], { home }))
    runs.push(await runCli(['profile', 'show', 'svc', '--json'], { home }))
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 4, 0, 0, 0, 0])
    // The debug trace shows the flow, redacted.
    expect(runs[0]!.stderr).toContain('[debug]   DPoP: [REDACTED]')
    expect(runs[0]!.stderr).toContain('[debug]   Authorization: DPoP [REDACTED]')
    expect(runs[0]!.stderr).toContain('client_assertion=%5BREDACTED%5D')
    expect(runs[0]!.stderr).toContain('"access_token":"[REDACTED]"')
    expectNoSecrets(runs, [...server.secrets, ...key.secretBits, key.pem, key.jwk])
  })

  it('with an inline key in the environment and a rejected assertion', async () => {
    const key = makeKey('rsa')
    const wrong = makeKey('P-384')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const runs = [
      await runCli(['factors', 'list', USER_ID, '--debug'], { env: oauthEnv(server, wrong.pem) }),
      await runCli(['profile', 'show', '--sources'], { env: oauthEnv(server, wrong.pem) }),
      await runCli(['profile', 'show', '--sources', '--json'], { env: oauthEnv(server, wrong.jwk) }),
      await runCli(['doctor', '--debug'], { env: oauthEnv(server, wrong.pem) }),
    ]
    expect(runs.map((r) => r.exitCode)).toEqual([4, 0, 0, 4])
    expect(runs[1]!.stdout).toContain('(inline PEM key, not shown)')
    expect(runs[2]!.stdout).toContain('(inline JWK, not shown)')
    expectNoSecrets(runs, [...server.secrets, ...wrong.secretBits, wrong.pem, wrong.jwk])
  })

  it('with an SSWS token: shown redacted at most', async () => {
    const token = '00SSWStoken-abcdefghijklmnopqrstuvwxyz'
    server = await OrgServer.start({ ssws: token })
    const env = { OKTA_CLIENT_ORGURL: server.url, OKTA_CLIENT_TOKEN: token }
    const runs = [
      await runCli(['factors', 'list', USER_ID, '--debug'], { env }),
      await runCli(['doctor', '--debug'], { env }),
      await runCli(['profile', 'show', '--sources'], { env }),
    ]
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0])
    expectNoSecrets(runs, [token, token.slice(4, 30)])
  })

  it('keeps the token cache and the profile file at 0600', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey })
    const add = await runCli(['profile', 'add', 'svc', '--org', server.url, '--client-id', CLIENT_ID, '--private-key', key.file])
    await runCli(['factors', 'list', USER_ID], { home: add.home })
    expect(statSync(join(add.home, 'state', 'tokens.json')).mode & 0o777).toBe(0o600)
    expect(statSync(join(add.home, 'config', 'config.json')).mode & 0o777).toBe(0o600)
    // The profile holds the key's path, never the key.
    const config = readFileSync(join(add.home, 'config', 'config.json'), 'utf8')
    expect(config).toContain(key.file)
    for (const bit of key.secretBits) expect(config).not.toContain(bit)
  })
})
