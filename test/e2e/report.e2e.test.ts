import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { built, killStragglers, oktactl, skipNote, startCliSandbox, tempHome, type CliSandbox, type Home } from './helpers.js'

// `report mfa` and the org sources on the built binary, against `oktactl sandbox start` (a
// separate process), as an admin on a fresh machine would run them.

let home: Home
let sb: CliSandbox | undefined
beforeEach(() => {
  home = tempHome('report')
})
afterEach(async () => {
  await sb?.stop()
  sb = undefined
  home.remove()
})
afterAll(killStragglers)

interface Report {
  summary: { users: number; byClass: Record<string, { count: number }>; actions: { noMfa: string[]; adminsWithoutPhishingResistant?: string[] } }
  users: Array<{ login: string; class: string }>
}

describe.skipIf(!built)(`report mfa and org sources, on the built binary${skipNote}`, () => {
  // covers: ./commands/report/index.js, ../../report/mfa.js, ./csv.js, csv-stringify/sync, ./html.js
  it('report mfa --all-users --with-roles: JSON, CSV and HTML from one run agree; files mode 0600', async () => {
    sb = await startCliSandbox(home, ['--users', '300'])
    const r = await oktactl(home, ['--profile', 'sandbox', 'report', 'mfa', '--all-users', '--with-roles', '--json', '--csv', 'mfa.csv', '--html', 'mfa.html'], { timeoutMs: 30_000 })
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as Report
    expect(j.summary.users).toBe(304)
    expect(j.users).toHaveLength(304)
    expect(Object.values(j.summary.byClass).reduce((n, c) => n + c.count, 0)).toBe(304)
    expect(j.summary.actions.adminsWithoutPhishingResistant).toContain('user0013@example.com')
    const csv = readFileSync(join(home.dir, 'mfa.csv'), 'utf8').trimEnd().split('\r\n')
    expect(csv[0]).toBe('login,user_id,status,class,active_factors,pending_factors,newest_enrollment,admin_roles')
    expect(csv.slice(1).map((l) => l.split(',')[3])).toEqual(j.users.map((u) => u.class))
    const html = readFileSync(join(home.dir, 'mfa.html'), 'utf8')
    expect(html).toContain(`<span id="user-count">304</span>`)
    expect((html.match(/<tr data-class=/g) ?? []).length).toBe(304)
    for (const f of ['mfa.csv', 'mfa.html']) expect(statSync(join(home.dir, f)).mode & 0o777).toBe(0o600)
  })

  // covers: ./commands/users/index.js, ../../helpdesk/users.js
  it('users sessions revoke and users tac --json: sessions end; the code is redacted unless --show-secret', async () => {
    sb = await startCliSandbox(home, ['--users', '0'])
    const revoke = await oktactl(home, ['--profile', 'sandbox', 'users', 'sessions', 'revoke', 'alice', '--revoke-tokens', '--yes', '--json'])
    expect(revoke.code, revoke.stderr).toBe(0)
    expect(JSON.parse(revoke.stdout)).toMatchObject({ login: 'alice@example.com', sessionsRevoked: true, oauthTokensRevoked: true })
    const hidden = await oktactl(home, ['--profile', 'sandbox', 'users', 'tac', 'bob', '--yes', '--json'])
    expect(hidden.code, hidden.stderr).toBe(0)
    expect(JSON.parse(hidden.stdout)).toMatchObject({ login: 'bob@example.com', tac: '[REDACTED]', multiUse: false })
    const shown = await oktactl(home, ['--profile', 'sandbox', 'users', 'tac', 'bob', '--yes', '--json', '--show-secret', '--ttl', '20'])
    const code = (JSON.parse(shown.stdout) as { tac: string }).tac
    expect(code).toMatch(/^\S{8}$/)
    expect(readFileSync(join(home.dir, 'state', 'audit.log'), 'utf8')).not.toContain(code)
  })

  // covers: ./commands/authenticators/index.js, ../../helpdesk/authenticators.js
  it('authenticators list and delete by key on the built binary', async () => {
    sb = await startCliSandbox(home, ['--users', '0'])
    const list = await oktactl(home, ['--profile', 'sandbox', 'authenticators', 'list', 'alice', '--json'])
    expect(list.code, list.stderr).toBe(0)
    expect((JSON.parse(list.stdout) as Array<{ key: string }>).map((e) => e.key)).toContain('okta_verify')
    const del = await oktactl(home, ['--profile', 'sandbox', 'authenticators', 'delete', 'alice', 'phone_number', '--yes'])
    expect(del.code, del.stderr).toBe(0)
    expect(readFileSync(join(home.dir, 'state', 'audit.log'), 'utf8')).toContain('"command":"authenticators delete"')
  })

  // covers: ../../helpdesk/activity-command.js
  it('sandbox push --times simulates push bombing; factors activity shows it, and the reset screen warns', async () => {
    sb = await startCliSandbox(home, ['--users', '0'])
    const bomb = await oktactl(home, ['--profile', 'sandbox', 'sandbox', 'push', 'bob', 'reject', '--times', '12'])
    expect(bomb.code, bomb.stderr).toBe(0)
    const a = await oktactl(home, ['--profile', 'sandbox', 'factors', 'activity', 'bob', '--json'])
    expect(a.code, a.stderr).toBe(0)
    const events = JSON.parse(a.stdout) as Array<{ eventType: string }>
    expect(events.filter((e) => e.eventType === 'user.mfa.okta_verify.deny_push')).toHaveLength(12)
    const preview = await oktactl(home, ['--profile', 'sandbox', 'factors', 'reset', 'bob', '--dry-run'])
    expect(preview.stderr).toContain('MFA activity in the last 24 h: 12 pushes sent, 12 denied')
    expect(preview.stderr).toContain('Warning: 12 pushes denied: the user may be under a push-bombing (MFA fatigue) attack.')
  })

  it('factors reset --group previews off a terminal and changes nothing; the report still reads the same org', async () => {
    sb = await startCliSandbox(home, ['--users', '40'])
    const before = await oktactl(home, ['--profile', 'sandbox', 'report', 'mfa', '--group', 'Contractors', '--json'])
    const preview = await oktactl(home, ['--profile', 'sandbox', 'factors', 'reset', '--group', 'Contractors'])
    expect(preview.code, preview.stderr).toBe(0)
    expect(preview.stderr).toContain('Preview only: nothing was changed.')
    expect(preview.stdout).toContain('reset (dry run)')
    const after = await oktactl(home, ['--profile', 'sandbox', 'report', 'mfa', '--group', 'Contractors', '--json'])
    expect(JSON.parse(after.stdout)).toMatchObject({ summary: (JSON.parse(before.stdout) as Report).summary })
  })
})
