import { afterEach, describe, expect, it } from 'vitest'
import { activityFilter, summarise, DEFAULT_THRESHOLDS } from '../../src/helpdesk/activity.js'
import type { LogEvent } from '../../src/api/logs.js'
import { makeKey } from '../auth/helpers/keys.js'
import { OrgServer, USER_ID, oauthEnv } from '../auth/helpers/org-server.js'
import { org, run } from '../bulk/helpers.js'

// factors activity, and the reset/delete screen's advice, over the sandbox's System Log.

type Org = Awaited<ReturnType<typeof org>>
const bomb = (o: Org, user: string, answer: 'reject' | 'approve', times: number) =>
  fetch(`${o.sb.url}/_sandbox/push`, { method: 'POST', headers: { Authorization: `SSWS ${o.sb.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ user, answer, times }) })
const real = { now: () => new Date() } // the sandbox's clock is the real one here

describe('factors activity (sandbox)', () => {
  it('lists the user’s MFA events oldest first: a push sent and approved, a verification, a reset, with who did them', async () => {
    const o = await org({ pushDelay: 0 })
    expect((await run(['factors', 'verify', 'alice', 'push', '--wait'], { env: o.env })).exitCode).toBe(0)
    expect((await run(['factors', 'reset', 'alice', '--yes', '--no-activity'], { env: o.env })).exitCode).toBe(0)
    const r = await run(['factors', 'activity', 'alice', '--json'], { env: o.env, ...real })
    expect(r.exitCode, r.stderr).toBe(0)
    const events = JSON.parse(r.stdout) as LogEvent[]
    expect(events.map((e) => `${e.eventType} ${e.outcome?.result ?? ''} ${e.actor?.alternateId ?? ''}`)).toEqual([
      'system.push.send_factor_verify_push SUCCESS alice@example.com',
      'user.authentication.auth_via_mfa SUCCESS alice@example.com',
      'user.mfa.factor.reset_all SUCCESS carol@example.com',
    ])
    const tsv = await run(['factors', 'activity', 'alice'], { env: o.env, ...real })
    expect(tsv.stdout.split('\n')[0]?.split('\t').slice(1, 5)).toEqual(['system.push.send_factor_verify_push', 'SUCCESS', 'alice@example.com', 'push'])
    // other users' events are not shown; --since in the future is empty
    expect(JSON.parse((await run(['factors', 'activity', 'dave', '--json'], { env: o.env, ...real })).stdout)).toEqual([])
  })

  it('follows every page; --limit stops early and says so', async () => {
    const o = await org()
    await bomb(o, 'bob', 'reject', 600) // 1,200 events, more than one page of 1,000
    const all = await run(['factors', 'activity', 'bob', '--json', '--limit', '5000'], { env: o.env, ...real })
    expect((JSON.parse(all.stdout) as LogEvent[]).length).toBe(1200)
    expect(o.requests.filter((q) => q.path === '/api/v1/logs')).toHaveLength(2)
    const few = await run(['factors', 'activity', 'bob', '--limit', '3'], { env: o.env, ...real })
    expect(few.stdout.trim().split('\n')).toHaveLength(3)
    expect(few.stderr).toContain('Showing the first 3 events; --limit shows more.')
    const bad = await run(['factors', 'activity', 'bob', '--since', 'yesterday'], { env: o.env })
    expect(bad.exitCode).toBe(2)
  })

  it('at a terminal, the summary and the push-bombing warning follow the table', async () => {
    const o = await org()
    await bomb(o, 'bob', 'reject', 4)
    const r = await run(['factors', 'activity', 'bob', '--since', '1h'], { env: o.env, tty: true, ...real })
    expect(r.stderr).toContain(': 4 pushes sent, 4 denied, 0 verified, 0 failed, 0 resets.')
    expect(r.stderr).toContain('Warning: 4 pushes denied: the user may be under a push-bombing (MFA fatigue) attack.')
  })
})

describe('the reset and delete screens: the last 24 hours, and a warning when it looks like an attack', () => {
  it('push bombing (denied pushes at or over --warn-denied-pushes) warns; below it, only the summary line', async () => {
    const o = await org()
    await bomb(o, 'bob', 'reject', 2)
    const calm = await run(['factors', 'reset', 'bob', '--dry-run'], { env: o.env, ...real })
    expect(calm.stderr).toContain('MFA activity in the last 24 h: 2 pushes sent, 2 denied, 0 verified, 0 failed, 0 resets.\n')
    expect(calm.stderr).not.toContain('Warning')
    const strict = await run(['factors', 'reset', 'bob', '--dry-run', '--warn-denied-pushes', '2'], { env: o.env, ...real })
    expect(strict.stderr).toContain('! Warning: 2 pushes denied: the user may be under a push-bombing (MFA fatigue) attack. Verify the caller before going on.')
  })

  it('unanswered pushes, and a reset shortly before, each warn (thresholds are flags)', async () => {
    const o = await org()
    // five pushes sent that nobody answered (verify without --wait does not poll)
    for (let i = 0; i < 5; i++) expect((await run(['factors', 'verify', 'alice', 'push'], { env: o.env })).exitCode).toBe(0)
    const r = await run(['factors', 'delete', 'alice', 'sms', '--dry-run', '--warn-unanswered-pushes', '5'], { env: o.env, ...real })
    expect(r.stderr).toContain('Warning: 5 pushes sent and not answered')
    expect((await run(['factors', 'delete', 'alice', 'sms', '--yes', '--no-activity'], { env: o.env })).exitCode).toBe(0)
    const again = await run(['factors', 'reset', 'alice', '--dry-run'], { env: o.env, ...real })
    expect(again.stderr).toMatch(/Warning: factors were already removed at \S+: a second reset so soon is a sign of social engineering/)
    const lax = await run(['factors', 'reset', 'alice', '--dry-run', '--warn-reset-within', '1m', '--warn-unanswered-pushes', '99'], { env: o.env, now: () => new Date(Date.now() + 120_000) })
    expect(lax.stderr).not.toContain('a second reset so soon')
    for (const bad of [['--warn-denied-pushes', '0'], ['--warn-reset-within', 'soon']]) {
      expect((await run(['factors', 'reset', 'alice', '--dry-run', ...bad], { env: o.env })).exitCode).toBe(2)
    }
  })

  it('--no-activity sends no System Log request', async () => {
    const o = await org()
    await run(['factors', 'reset', 'bob', '--dry-run', '--no-activity'], { env: o.env })
    expect(o.requests.filter((q) => q.path === '/api/v1/logs')).toEqual([])
  })
})

describe('without okta.logs.read', () => {
  let server: OrgServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })
  it('the reset screen says the activity could not be read and why, and the reset goes on; factors activity names the scope (exit 4)', async () => {
    const key = makeKey('rsa')
    server = await OrgServer.start({ publicKey: key.publicKey, grantedScopes: ['okta.users.read', 'okta.users.manage', 'okta.roles.read'] })
    const env = oauthEnv(server, key.file, { OKTA_CLIENT_SCOPES: 'okta.users.read okta.users.manage okta.roles.read' })
    const r = await runFactorsDelete(env)
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain('MFA activity: could not be read (HTTP 403 E0000006: reading the System Log needs okta.logs.read with an OAuth app')
    const a = await run(['factors', 'activity', USER_ID], { env })
    expect(a.exitCode).toBe(4)
    expect(a.stderr).toContain('This command needs the OAuth scope okta.logs.read')
  })
})

const runFactorsDelete = (env: Record<string, string>) => run(['factors', 'delete', USER_ID, 'mbl1factor0000000001', '--yes'], { env })

describe('summarise (pure)', () => {
  const ev = (eventType: string, result = 'SUCCESS', published = '2026-12-01T10:00:00.000Z') => ({ uuid: 'u', published, eventType, outcome: { result } }) as LogEvent
  it('a success after pushes answers them; denials count; the filter names the user as actor or target and the event types', () => {
    const s = summarise([ev('system.push.send_factor_verify_push'), ev('system.push.send_factor_verify_push'), ev('user.authentication.auth_via_mfa'), ev('user.mfa.okta_verify.deny_push', 'DENY')], new Date('2026-12-01T12:00:00Z'), DEFAULT_THRESHOLDS)
    expect(s).toMatchObject({ pushesSent: 2, pushesDenied: 1, pushesUnanswered: 0, verified: 1, warnings: [] })
    expect(activityFilter('00u1')).toMatch(/^\(actor\.id eq "00u1" or target\.id eq "00u1"\) and \(eventType eq "system\.push\.send_factor_verify_push" or /)
  })
})
