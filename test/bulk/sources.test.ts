import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import type { ReportRow } from '../../src/bulk/report.js'
import { parseSource } from '../../src/bulk/options.js'
import { generatedLogin } from '../../src/sandbox/index.js'
import { startHostileOrg, user, factor, type HostileOrg } from '../e2e/hostile.js'
import { jsonl, org, run, tempHome } from './helpers.js'

// --group, --search, --filter and --all-users: the users come from the org, page by page, into
// the same bulk runner as a users file (preview, guard, report, resume, Ctrl-C).

const report = (file: string) => jsonl<ReportRow>(readFileSync(file, 'utf8'))
const col = (stdout: string, i: number) => stdout.trim().split('\n').map((l) => l.split('\t')[i])

describe('parseSource', () => {
  it.each([
    [{ group: 'Sales' }, { kind: 'group', ref: 'Sales' }],
    [{ search: ' profile.department eq "Sales" ' }, { kind: 'search', expression: 'profile.department eq "Sales"' }],
    [{ filter: 'status eq "ACTIVE"' }, { kind: 'filter', expression: 'status eq "ACTIVE"' }],
    [{ allUsers: true }, { kind: 'all' }],
    [{ usersFile: '-' }, { kind: 'file', path: '-' }],
    [{}, undefined],
  ])('%j → %j', (flags, want) => {
    expect(parseSource(flags)).toEqual(want)
  })
  it.each([
    [{ group: 'a', allUsers: true }, 'Give one of --users-file, --group, --search, --filter or --all-users, not --group and --all-users.'],
    [{ usersFile: 'u.txt', search: 'x' }, 'not --users-file and --search'],
    [{ group: '  ' }, '--group needs a group name or id.'],
    [{ search: '' }, '--search needs an expression'],
  ])('refuses %j', (flags, message) => {
    expect(() => parseSource(flags)).toThrow(message)
  })
})

describe('bulk verbs over a group, a search, a filter or every user (sandbox)', () => {
  it('factors list --group: every member, each row naming its user; --json one object per member', async () => {
    const o = await org({ users: 40 })
    const r = await run(['factors', 'list', '--group', 'Contractors'], { env: o.env })
    expect(r.exitCode, r.stderr).toBe(0)
    // dave (no factors), erin, then every tenth generated user from 7
    expect([...new Set(col(r.stdout, 1))]).toEqual(['erin@example.com', ...[7, 17, 27, 37].map(generatedLogin)])
    const j = await run(['factors', 'list', '--group', 'contractors', '--json'], { env: o.env })
    expect((JSON.parse(j.stdout) as Array<{ login: string }>).map((x) => x.login)).toEqual(['dave@example.com', 'erin@example.com', ...[7, 17, 27, 37].map(generatedLogin)])
  })

  it('--search and --filter pass Okta expressions; --all-users leaves DEPROVISIONED out', async () => {
    const o = await org({ users: 10 })
    const s = await run(['factors', 'list', '--search', 'profile.department eq "Finance"', '--json'], { env: o.env })
    expect((JSON.parse(s.stdout) as Array<{ login: string }>).map((x) => x.login)).toEqual([4, 9].map(generatedLogin))
    const f = await run(['factors', 'list', '--filter', 'status eq "DEPROVISIONED"', '--json'], { env: o.env })
    expect((JSON.parse(f.stdout) as Array<{ login: string }>).map((x) => x.login)).toEqual(['erin@example.com'])
    const a = await run(['factors', 'list', '--all-users', '--json'], { env: o.env })
    const all = (JSON.parse(a.stdout) as Array<{ login: string }>).map((x) => x.login)
    expect(all).toHaveLength(14)
    expect(all).not.toContain('erin@example.com')
    expect(o.requests.filter((q) => q.path === '/api/v1/users/' || /^\/api\/v1\/users\/[^/]+$/.test(q.path))).toEqual([]) // listed users are not looked up again
    const bad = await run(['factors', 'list', '--search', 'status ne "ACTIVE"'], { env: o.env })
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('E0000031')
  })

  it('streams: with --concurrency 1 the first users are acted on before the next page is fetched', async () => {
    const o = await org({ users: 450 })
    const r = await run(['factors', 'list', '--all-users', '--concurrency', '1'], { env: o.env })
    expect(r.exitCode, r.stderr).toBe(0)
    const paths = o.requests.map((q) => `${q.method} ${q.path}`)
    const pages = paths.flatMap((p, i) => (p === 'GET /api/v1/users' ? [i] : []))
    expect(pages).toHaveLength(3)
    const factorLists = paths.flatMap((p, i) => (/^GET \/api\/v1\/users\/[^/]+\/factors$/.test(p) ? [i] : []))
    expect(factorLists).toHaveLength(454)
    expect(factorLists.filter((i) => i < (pages[1] ?? 0))).toHaveLength(200)
    expect(factorLists.filter((i) => i > (pages[2] ?? 0))).toHaveLength(54)
  })

  it('factors reset --group: a preview by default; --yes resets members, skips admins and the factor-less, audits each', async () => {
    const o = await org({ users: 20 })
    const home = tempHome()
    const preview = await run(['factors', 'reset', '--group', 'Engineering'], { env: o.env, home })
    expect(preview.exitCode).toBe(0)
    expect(preview.stderr).toContain('Preview only: nothing was changed.')
    expect(o.changes()).toEqual([])
    const rep = join(home, 'r.jsonl')
    const r = await run(['factors', 'reset', '--group', 'Engineering', '--yes', '--report', rep, '--ticket', 'CHG-7'], { env: o.env, home })
    expect(r.exitCode, r.stderr).toBe(0)
    const rows = report(rep)
    const by = Object.fromEntries(rows.map((x) => [x.login, `${x.status}${x.errorCode ? ` ${x.errorCode}` : ''}`]))
    expect(by).toEqual({
      'alice@example.com': 'ok',
      [generatedLogin(3)]: 'ok',
      [generatedLogin(5)]: 'ok',
      [generatedLogin(8)]: 'ok',
      [generatedLogin(10)]: 'skipped',
      [generatedLogin(13)]: 'skipped ADMIN',
      [generatedLogin(15)]: 'ok',
      [generatedLogin(18)]: 'ok',
      [generatedLogin(20)]: 'ok',
    })
    expect(o.changes().map((c) => c.method)).toEqual(Array(7).fill('POST'))
    const audit = jsonl<AuditEntry>(readFileSync(join(home, 'state', 'audit.log'), 'utf8')).filter((e) => e.outcome === 'ok')
    expect(audit).toHaveLength(7)
    expect(audit.every((e) => e.bulk && e.ticket === 'CHG-7')).toBe(true)
  })

  it('Ctrl-C on a group run: finishes the user in flight, prints the resume command; --resume carries on from there', async () => {
    const clock = { t: 1_800_000_030_000 }
    const o = await org({ users: 20, rateLimit: 4, now: () => clock.t })
    const home = tempHome()
    const rep = join(home, 'reset.jsonl')
    let press: () => void = () => {}
    const r = await run(['factors', 'reset', '--group', 'Engineering', '--yes', '--report', rep, '--concurrency', '1'], {
      env: o.env,
      home,
      onInterruptReady: (p) => (press = p),
      sleep: async () => press(), // the first hold for a rate-limit window: Ctrl-C
    })
    expect(r.exitCode).toBe(130)
    expect(report(rep).map((x) => `${x.login} ${x.status}`)).toEqual(['alice@example.com ok', `${generatedLogin(3)} ok`, `${generatedLogin(5)} ok`])
    expect(r.stderr).toContain('Error: Interrupted: 3 ok, 0 failed, 0 skipped; the rest not started.')
    expect(r.stderr).toContain(`Resume with:\n  oktactl factors reset --group Engineering --yes --concurrency 1 --resume ${rep}\n`)
    const resumed = await run(['factors', 'reset', '--group', 'Engineering', '--yes', '--concurrency', '1', '--resume', rep], {
      env: o.env,
      home,
      now: () => new Date(clock.t),
      sleep: async (ms) => void (clock.t += ms), // waiting moves the sandbox's clock on
    })
    expect(resumed.exitCode, resumed.stderr).toBe(0)
    const logins = report(rep).map((x) => x.login)
    expect(logins).toHaveLength(9)
    expect(new Set(logins).size).toBe(9) // nobody twice
    expect(o.changes()).toHaveLength(7)
  })

  it('enroll --group --type sms takes each member’s profile mobilePhone; a member without one fails alone', async () => {
    const o = await org({ users: 0 })
    const r = await run(['factors', 'enroll', '--group', 'Contractors', '--type', 'sms', '--activate', '--yes'], { env: o.env })
    expect(r.exitCode).toBe(7)
    expect(r.stderr).toMatch(/dave@example.com: INVALID .*phone/i)
  })
})

describe('listings that are not well-formed stop the run with an error (hostile org)', () => {
  let h: HostileOrg | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })
  const u1 = user('00u1aaaaaaaaaaaaaaaa', 'one@example.com')
  const u2 = user('00u2aaaaaaaaaaaaaaaa', 'two@example.com')
  const script = (o: HostileOrg, next: string) => {
    o.on('GET', '/api/v1/users?limit=200', { json: [u1, u2], headers: { Link: `<${next}>; rel="next"` } })
    for (const u of [u1, u2]) {
      o.on('GET', `/api/v1/users/${String(u.id)}/factors`, { json: [factor('mbl1aaaaaaaaaaaaaaaa', 'sms')] })
    }
    return o
  }

  it('a page that is not an array of users: exit 1 after the users already listed, not a silent stop', async () => {
    h = script(await startHostileOrg(), '/api/v1/users?limit=200&after=00u2')
    h.on('GET', '/api/v1/users?limit=200&after=00u2', { json: { users: [] } })
    const r = await run(['factors', 'list', '--all-users'], { env: h.env })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Okta returned an unexpected answer to GET /api/v1/users (HTTP 200): expected a JSON array, got an object.')
    expect(new Set(col(r.stdout, 1))).toEqual(new Set(['one@example.com', 'two@example.com']))
  })

  it('a next link to another host is refused', async () => {
    h = script(await startHostileOrg(), 'https://evil.example.com/api/v1/users?after=x')
    const r = await run(['factors', 'list', '--all-users'], { env: h.env })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Refusing to follow a link to another host: https://evil.example.com')
    expect(h.requests.some((q) => q.url.includes('after=x'))).toBe(false)
  })

  it('a group name two groups share, or none has: a usage error listing the candidates, before any user is read', async () => {
    h = await startHostileOrg()
    const g = (id: string, name: string) => ({ id, type: 'OKTA_GROUP', profile: { name } })
    h.on('GET', '/api/v1/groups?q=Sales&limit=200', { json: [g('00g1aaaaaaaaaaaaaaaa', 'Sales'), g('00g2aaaaaaaaaaaaaaaa', 'Sales'), g('00g3aaaaaaaaaaaaaaaa', 'Sales EMEA')] })
    h.on('GET', '/api/v1/groups?q=Sal&limit=200', { json: [g('00g3aaaaaaaaaaaaaaaa', 'Sales EMEA\u001b[2J')] })
    const two = await run(['factors', 'reset', '--group', 'Sales', '--yes'], { env: h.env })
    expect(two.exitCode).toBe(2)
    expect(two.stderr).toContain('2 groups are named "Sales":\n  "Sales" (00g1aaaaaaaaaaaaaaaa)\n  "Sales" (00g2aaaaaaaaaaaaaaaa)\nGive the group id: --group 00g…')
    const none = await run(['factors', 'reset', '--group', 'Sal', '--yes'], { env: h.env })
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toContain('No group is named "Sal". Groups whose names start so:\n  "Sales EMEA\\e[2J" (00g3aaaaaaaaaaaaaaaa)')
    expect(h.requests.filter((q) => !q.url.startsWith('/api/v1/groups?'))).toEqual([])
  })
})
