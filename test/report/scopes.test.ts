import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run.js'
import { makeKey } from '../auth/helpers/keys.js'
import { OrgServer, oauthEnv } from '../auth/helpers/org-server.js'

// report mfa is read-only: okta.users.read is enough; --with-roles adds okta.roles.read and
// --group okta.groups.read, and a missing one is named.

let server: OrgServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('report mfa and OAuth scopes', () => {
  it('runs on a --read-only profile with only okta.users.read, and sends nothing but GETs', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read'] })
    const r = await runCli(['--read-only', 'report', 'mfa', '--all-users', '--json'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }) })
    expect(r.exitCode, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { users: Array<{ login: string; class: string }>; summary: { byClass: Record<string, { count: number }> } }
    expect(j.users).toEqual([expect.objectContaining({ login: 'alice@example.com', class: 'phishable-only' })])
    expect(j.summary.byClass['phishable-only']?.count).toBe(1)
    expect(server.requests.filter((q) => q.method !== 'GET' && q.path !== '/oauth2/v1/token')).toEqual([])
  })

  it('--with-roles without okta.roles.read: says once which scope is missing, exit 7', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read'] })
    const r = await runCli(['report', 'mfa', '--all-users', '--with-roles'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }) })
    expect(r.exitCode).toBe(7)
    expect(r.stderr.split('This command needs the OAuth scope okta.roles.read')).toHaveLength(2)
  })

  it('--group without okta.groups.read: a clear error naming the scope (exit 4) before any user is read', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read'] })
    const r = await runCli(['report', 'mfa', '--group', 'Engineering'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read' }) })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('This command needs the OAuth scope okta.groups.read')
    expect(server.requests.filter((q) => q.path.includes('/factors'))).toEqual([])
  })

  it('--group with okta.groups.read: the members are reported', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read', 'okta.groups.read'] })
    const r = await runCli(['report', 'mfa', '--group', 'Engineering'], { env: oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read okta.groups.read' }) })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout.split('\t').slice(0, 3)).toEqual(['alice@example.com', 'ACTIVE', 'phishable-only'])
  })
})
