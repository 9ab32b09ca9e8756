import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import { generatedLogin } from '../../src/sandbox/index.js'
import { factor, startHostileOrg, user, withUser, type HostileOrg } from '../e2e/hostile.js'
import { jsonl, org, run, tempHome } from '../bulk/helpers.js'

// After the factors: sessions ended (--revoke-sessions, users sessions revoke) and a temporary
// access code issued (--issue-tac, users tac), each audited; the code shown once, redacted elsewhere.

const audit = (home: string) => jsonl<AuditEntry>(readFileSync(join(home, 'state', 'audit.log'), 'utf8'))
type Org = Awaited<ReturnType<typeof org>>
const sessionsOf = (o: Org, u: string) => o.get<{ sessions: number; oauthTokens: number; tac: { multiUse: boolean } | null }>(`/_sandbox/sessions?user=${u}`)

describe('factors reset --revoke-sessions --issue-tac (sandbox)', () => {
  it('resets, ends the sessions and tokens, issues a code shown once at the terminal; the audit has each step, never the code', async () => {
    const o = await org()
    const home = tempHome()
    expect(await sessionsOf(o, 'alice')).toMatchObject({ sessions: 2, oauthTokens: 3, tac: null })
    const r = await run(['factors', 'reset', 'alice', '--yes', '--ticket', 'INC-9', '--revoke-sessions', '--revoke-tokens', '--issue-tac', '--tac-ttl', '30'], { env: o.env, home, stdoutTTY: true })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain("Then end the user's sessions and revoke their OAuth tokens.")
    expect(r.stderr).toContain('Then issue a single-use temporary access code valid 30 minutes.')
    const code = /Temporary access code for alice@example\.com: (\S+)/.exec(r.stdout)?.[1] ?? ''
    expect(code).toHaveLength(8)
    expect(r.stdout).toContain('Single use, valid until')
    expect(await sessionsOf(o, 'alice')).toMatchObject({ sessions: 0, oauthTokens: 0, tac: { multiUse: false } })
    const changes = o.changes().map((c) => `${c.method} ${c.path.replace(/00u\w+/, '{id}')}`)
    expect(changes).toEqual(['POST /api/v1/users/{id}/lifecycle/reset_factors', 'DELETE /api/v1/users/{id}/sessions', 'POST /api/v1/users/{id}/authenticator-enrollments/tac'])
    const lines = audit(home).filter((e) => e.outcome === 'ok')
    expect(lines.map((e) => [e.command, e.sessions ?? null, e.tac ? { multiUse: e.tac.multiUse, ttlMinutes: e.tac.ttlMinutes } : null])).toEqual([
      ['factors reset', { oauthTokens: true }, null],
      ['factors reset', { oauthTokens: true }, null],
      ['factors reset', null, { multiUse: false, ttlMinutes: 30 }],
    ])
    expect(lines.every((e) => e.ticket === 'INC-9' && e.requestId)).toBe(true)
    expect(lines[2]?.tac?.expiresAt).toMatch(/^\d{4}-/)
    expect(readFileSync(join(home, 'state', 'audit.log'), 'utf8')).not.toContain(code)
    const trail = await run(['audit', '--user', 'alice'], { env: o.env, home })
    expect(trail.stdout.trim().split('\n').map((l) => l.split('\t').at(-1))).toEqual(['then sessions + tokens', 'sessions ended + tokens', expect.stringMatching(/^tac single-use until \d{4}-/)])
    // The code signs in once.
    const signIn = (c: string) => o.sb && fetch(`${o.sb.url}/_sandbox/tac`, { method: 'POST', headers: { Authorization: `SSWS ${o.sb.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'alice', code: c }) }).then((x) => x.json())
    expect(await signIn(code)).toMatchObject({ accepted: true })
    expect(await signIn(code)).toMatchObject({ accepted: false })
  })

  it('--dry-run shows and audits what would follow, and sends nothing', async () => {
    const o = await org()
    const home = tempHome()
    const r = await run(['factors', 'reset', 'alice', '--dry-run', '--revoke-sessions'], { env: o.env, home })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain("Then end the user's sessions.")
    expect(o.changes()).toEqual([])
    expect(audit(home).find((e) => e.outcome === 'dry-run')).toMatchObject({ sessions: { oauthTokens: false } })
  })

  it('--json: one document with the factors, the sessions ended and the code redacted unless --show-secret', async () => {
    const o = await org()
    const a = await run(['factors', 'reset', 'alice', '--yes', '--json', '--revoke-sessions', '--issue-tac'], { env: o.env })
    expect(a.exitCode, a.stderr).toBe(0)
    const j = JSON.parse(a.stdout) as { factors: unknown[]; sessionsRevoked: unknown; tac: { tac: string; multiUse: boolean } }
    expect(j.factors).toHaveLength(4)
    expect(j.sessionsRevoked).toEqual({ oauthTokens: false })
    expect(j.tac).toMatchObject({ tac: '[REDACTED]', multiUse: false })
    const b = await run(['factors', 'reset', 'bob', '--yes', '--json', '--issue-tac', '--tac-multi-use', '--show-secret'], { env: o.env })
    expect((JSON.parse(b.stdout) as typeof j).tac).toMatchObject({ tac: expect.stringMatching(/^\S{8}$/), multiUse: true })
  })

  it('refused before anything is sent: a code to a pipe, --show-secret without --json, --revoke-tokens alone, a TTL out of range, TAC in bulk', async () => {
    const o = await org({ users: 2 })
    for (const [args, message] of [
      [['factors', 'reset', 'alice', '--yes', '--issue-tac'], 'shown on a terminal only'],
      [['factors', 'reset', 'alice', '--yes', '--issue-tac', '--show-secret'], '--show-secret applies with --json'],
      [['factors', 'reset', 'alice', '--yes', '--revoke-tokens'], '--revoke-tokens goes with --revoke-sessions'],
      [['factors', 'reset', 'alice', '--yes', '--json', '--issue-tac', '--tac-ttl', '5'], '--tac-ttl: a temporary access code lives 10 to 14400 minutes'],
      [['factors', 'reset', 'alice', '--yes', '--tac-ttl', '60'], '--tac-ttl goes with --issue-tac'],
      [['factors', 'reset', '--users-file', '-', '--yes', '--issue-tac'], '--issue-tac is for one user at a time'],
      [['users', 'tac', 'bob', '--yes'], 'shown on a terminal only'],
    ] as const) {
      const r = await run([...args], { env: o.env, stdin: `${generatedLogin(1)}\n` })
      expect(r.exitCode, args.join(' ')).toBe(2)
      expect(r.stderr).toContain(message)
    }
    expect(o.changes()).toEqual([])
  })

  it('bulk --revoke-sessions: each user reset then signed out, one audit line each', async () => {
    const o = await org({ users: 0 })
    const home = tempHome()
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes', '--revoke-sessions', '--json'], { env: o.env, home, stdin: 'alice\nbob\n' })
    expect(r.exitCode, r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as Array<{ summary: string }>).map((x) => x.summary)).toEqual(['reset 4 factors: sms, token:software:totp, push, question; sessions ended', 'reset 1 factor: push; sessions ended'])
    expect((await sessionsOf(o, 'alice')).sessions).toBe(0)
    // per user: the reset's ok line and the sessions' ok line, both carrying sessions
    expect(audit(home).filter((e) => e.outcome === 'ok').map((e) => `${e.login} ${JSON.stringify(e.sessions)}`).sort()).toEqual(Array(2).fill('alice@example.com {"oauthTokens":false}').concat(Array(2).fill('bob@example.com {"oauthTokens":false}')))
  })
})

describe('users sessions revoke and users tac (sandbox)', () => {
  it('sessions revoke: shows the user, needs --yes off a terminal, ends the sessions (and tokens), audits', async () => {
    const o = await org()
    const home = tempHome()
    const no = await run(['users', 'sessions', 'revoke', 'bob'], { env: o.env, home })
    expect(no.exitCode).toBe(2)
    expect(no.stderr).toContain("Refusing to end a user's sessions without confirmation.")
    const r = await run(['users', 'sessions', 'revoke', 'bob', '--yes', '--revoke-tokens', '--json'], { env: o.env, home })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ login: 'bob@example.com', sessionsRevoked: true, oauthTokensRevoked: true })
    expect(r.stderr).toContain('Admin roles: none')
    expect(await sessionsOf(o, 'bob')).toMatchObject({ sessions: 0, oauthTokens: 0 })
    expect(o.changes().map((c) => c.method)).toEqual(['DELETE'])
    expect(audit(home).map((e) => `${e.command} ${e.outcome}`)).toEqual(['users sessions revoke intent', 'users sessions revoke ok'])
  })

  it('sessions revoke of an admin is allowed (incident response) but at a terminal the login must be typed', async () => {
    const o = await org()
    const wrong = await run(['users', 'sessions', 'revoke', 'carol'], { env: o.env, tty: true, answers: ['nope'] })
    expect(wrong.exitCode).toBe(130)
    expect(o.changes()).toEqual([])
    const right = await run(['users', 'sessions', 'revoke', 'carol'], { env: o.env, tty: true, answers: ['carol@example.com'] })
    expect(right.exitCode, right.stderr).toBe(0)
    expect(o.changes()).toHaveLength(1)
  })

  it('tac: refuses an admin without --allow-admin (audited as refused); a DEPROVISIONED user gets Okta’s error', async () => {
    const o = await org()
    const home = tempHome()
    const admin = await run(['users', 'tac', 'carol', '--yes', '--json'], { env: o.env, home })
    expect(admin.exitCode).toBe(4)
    expect(admin.stderr).toContain('refusing to issue a temporary access code')
    expect(audit(home).at(-1)).toMatchObject({ command: 'users tac', outcome: 'refused', adminRoles: ['SUPER_ADMIN'] })
    const erin = await run(['users', 'tac', 'erin', '--yes', '--json'], { env: o.env })
    expect(erin.exitCode).toBe(4)
    expect(erin.stderr).toContain('E0000038')
    expect(o.changes().filter((c) => c.status < 400)).toEqual([])
  })

  it("an org without TAC: a clear error before anything is created, and a reset before it still stands (said so)", async () => {
    const o = await org({ tac: false })
    const tac = await run(['users', 'tac', 'bob', '--yes', '--json'], { env: o.env })
    expect(tac.exitCode).toBe(1)
    expect(tac.stderr).toContain('The Temporary Access Code authenticator is not active in this org.')
    expect(tac.stderr).toContain('Security → Authenticators')
    const home = tempHome()
    const reset = await run(['factors', 'reset', 'bob', '--yes', '--json', '--issue-tac'], { env: o.env, home })
    expect(reset.exitCode).toBe(1)
    expect(reset.stderr).toContain('The factors of bob@example.com were reset, and that stands (it is in the audit log); issuing a temporary access code failed')
    expect(audit(home).filter((e) => e.outcome === 'ok').map((e) => e.command)).toEqual(['factors reset'])
  })
})

describe('TAC and sessions against a hostile org', () => {
  let h: HostileOrg | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })
  const U = user('00u1tactactactactac1', 'tac@example.com')

  it('the code never reaches --debug, and an Identity-Engine-less org (404) is explained', async () => {
    h = withUser(await startHostileOrg(), U, [factor('mbl1tactactactactac1', 'sms')])
    h.on('GET', '/api/v1/authenticators', { json: [{ id: 'aut1tac', type: 'tac', key: 'tac', status: 'ACTIVE' }] })
    h.on('POST', '/api/v1/users/00u1tactactactactac1/authenticator-enrollments/tac', { json: { id: 'tac1', type: 'tac', profile: { tac: 'S3cr3t!x', multiUse: false, expiresAt: '2030-01-01T00:00:00' } } })
    const r = await run(['--debug', 'users', 'tac', 'tac@example.com', '--yes', '--json', '--ttl', '15'], { env: h.env })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).not.toContain('S3cr3t!x')
    expect(r.stdout).not.toContain('S3cr3t!x')
    const sent = h.requests.find((q) => q.method === 'POST')
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({ authenticatorId: 'aut1tac', profile: { ttl: '15', multiUse: false } })

    await h.close()
    h = withUser(await startHostileOrg(), U)
    const classic = await run(['users', 'tac', 'tac@example.com', '--yes', '--json'], { env: h.env })
    expect(classic.exitCode).toBe(1)
    expect(classic.stderr).toContain('temporary access codes need an Identity Engine org')
  })

  it('sessions revoke sends DELETE …/sessions, with oauthTokens=true only when asked', async () => {
    h = withUser(await startHostileOrg(), U)
    h.on('DELETE', /^\/api\/v1\/users\/00u1tactactactactac1\/sessions/, { status: 204 })
    expect((await run(['users', 'sessions', 'revoke', 'tac@example.com', '--yes'], { env: h.env })).exitCode).toBe(0)
    expect((await run(['users', 'sessions', 'revoke', 'tac@example.com', '--yes', '--revoke-tokens'], { env: h.env })).exitCode).toBe(0)
    expect(h.requests.filter((q) => q.method === 'DELETE').map((q) => q.url)).toEqual(['/api/v1/users/00u1tactactactactac1/sessions', '/api/v1/users/00u1tactactactactac1/sessions?oauthTokens=true'])
  })
})
