import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import type { ReportRow } from '../../src/bulk/report.js'
import { generatedLogin } from '../../src/sandbox/index.js'
import { ENV } from '../helpers/okta.js'
import { jsonl, org, run, tempHome, usersFile } from './helpers.js'

const logins = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => generatedLogin(from + i))
const sortLines = (s: string) => s.trim().split('\n').sort()
const report = (file: string) => jsonl<ReportRow>(readFileSync(file, 'utf8'))

async function factorCount(o: Awaited<ReturnType<typeof org>>, login: string): Promise<number> {
  const u = await o.get<{ id: string }>(`/api/v1/users/${encodeURIComponent(login)}`)
  return (await o.get<unknown[]>(`/api/v1/users/${u.id}/factors`)).length
}

describe('factors list --users-file', () => {
  it('plain file: one TSV row per factor, each naming its user (id and login); nothing on stderr', async () => {
    const o = await org({ users: 3 })
    const home = tempHome()
    const file = usersFile(home, `# three users\n${logins(1, 3).join('\n')}\n`)
    const r = await run(['factors', 'list', '--users-file', file], { env: o.env, home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe('')
    const rows = sortLines(r.stdout).map((l) => l.split('\t'))
    expect(rows).toHaveLength(6)
    for (const row of rows) {
      expect(row[0]).toMatch(/^00u\w{17}$/)
      expect(row[1]).toMatch(/^user000[123]@example\.com$/)
      expect(['sms', 'token:software:totp']).toContain(row[3])
    }
  })

  it('CSV from stdin with --json: one object per user, in file order, with Okta’s factor objects', async () => {
    const o = await org({ users: 2 })
    const r = await run(['factors', 'list', '--users-file', '-', '--json', '--concurrency', '2'], {
      env: o.env,
      stdin: `Name,Login\nOne,${generatedLogin(2)}\nTwo,${generatedLogin(1)}\nNone,dave\n`,
    })
    expect(r.exitCode).toBe(0)
    const out = JSON.parse(r.stdout) as Array<{ login: string; user: string; userId: string; status: string; factors: Array<{ factorType: string; _links: unknown }> }>
    expect(out.map((u) => [u.user, u.login, u.factors.length])).toEqual([
      [generatedLogin(2), generatedLogin(2), 2],
      [generatedLogin(1), generatedLogin(1), 2],
      ['dave', 'dave@example.com', 0],
    ])
    expect(out[0]?.factors[0]?._links).toBeDefined()
  })

  it('given both a user and --users-file, or bulk flags without it: usage errors (exit 2)', async () => {
    expect((await run(['factors', 'list', 'alice', '--users-file', '-'], { env: ENV, stdin: 'bob\n' })).exitCode).toBe(2)
    const c = await run(['factors', 'list', 'alice', '--concurrency', '3'], { env: ENV })
    expect(c.exitCode).toBe(2)
    expect(c.stderr).toBe('Error: --concurrency applies to bulk runs (with --users-file, --group, --search, --filter or --all-users).\n')
    expect((await run(['factors', 'list'], { env: ENV })).stderr).toBe('Error: Give <user>, or one of --users-file, --group, --search, --filter or --all-users for many users.\n')
    for (const bad of [['--concurrency', '0'], ['--concurrency', '65'], ['--rate-headroom', '100'], ['--rate-headroom', 'x']]) {
      expect((await run(['factors', 'list', '--users-file', '-', ...bad], { env: ENV, stdin: 'a\n' })).exitCode).toBe(2)
    }
  })
})

describe('factors reset --users-file', () => {
  it('off a terminal without --yes: a preview (dry run) — nothing changed, no report unless asked, exit 0', async () => {
    const o = await org({ users: 2 })
    const home = tempHome()
    const r = await run(['factors', 'reset', '--users-file', '-'], { env: o.env, home, stdin: `${logins(1, 2).join('\n')}\ncarol\n` })
    expect(r.exitCode).toBe(0)
    expect(o.changes()).toEqual([])
    expect(sortLines(r.stdout).map((l) => l.split('\t').slice(1, 6).join(' | ')).sort()).toEqual([
      'carol@example.com | reset (dry run) | skipped | ADMIN | admin (SUPER_ADMIN): skipped; --allow-admin to include',
      'user0001@example.com | reset (dry run) | ok |  | would reset 2 factors: sms, token:software:totp',
      'user0002@example.com | reset (dry run) | ok |  | would reset 2 factors: sms, token:software:totp',
    ])
    expect(r.stderr).toBe('! Preview only: nothing was changed. Run again with --yes to reset all factors of 2 users.\n')
    expect(existsSync(join(home, 'state', 'reports'))).toBe(false)
    expect(jsonl<AuditEntry>(readFileSync(join(home, 'state', 'audit.log'), 'utf8')).map((e) => e.outcome)).toEqual(['dry-run', 'dry-run', 'dry-run'])
  })

  it('--yes: resets each user, skips admins and users with nothing to reset, reports every row, audits each user', async () => {
    const o = await org({ users: 3 })
    const home = tempHome()
    const file = usersFile(home, `${logins(1, 3).join('\n')}\ncarol@example.com\ndave\n${generatedLogin(1).toUpperCase()}\n`)
    const rep = join(home, 'r.jsonl')
    const r = await run(['factors', 'reset', '--users-file', file, '--yes', '--report', rep, '--ticket', 'CHG-1'], { env: o.env, home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe('')
    expect(o.changes().map((c) => `${c.method} ${c.status}`)).toEqual(['POST 200', 'POST 200', 'POST 200'])
    for (const l of logins(1, 3)) expect(await factorCount(o, l)).toBe(0)
    expect(await factorCount(o, 'carol@example.com')).toBe(5)
    const rows = report(rep).sort((a, b) => a.line - b.line)
    expect(rows.map((x) => [x.line, x.status, x.errorCode, x.summary])).toEqual([
      [1, 'ok', null, 'reset 2 factors: sms, token:software:totp'],
      [2, 'ok', null, 'reset 2 factors: sms, token:software:totp'],
      [3, 'ok', null, 'reset 2 factors: sms, token:software:totp'],
      [4, 'skipped', 'ADMIN', 'admin (SUPER_ADMIN): skipped; --allow-admin to include'],
      [5, 'skipped', null, 'no factors'],
      [6, 'skipped', null, 'duplicate of line 1'],
    ])
    expect(rows[0]).toMatchObject({ user: generatedLogin(1), login: generatedLogin(1), action: 'reset', userId: expect.stringMatching(/^00u/), requestId: expect.any(String) })
    expect(rows[0]?.factors?.map((f) => f.type)).toEqual(['sms', 'token:software:totp'])
    const all = jsonl<AuditEntry>(readFileSync(join(home, 'state', 'audit.log'), 'utf8'))
    // Each reset is written as its intent before the request, then its outcome.
    expect(all.filter((e) => e.outcome === 'intent').map((e) => e.login).sort()).toEqual(logins(1, 3))
    const audit = all.filter((e) => e.outcome !== 'intent')
    expect(audit.map((e) => `${e.login} ${e.outcome}`).sort()).toEqual(['carol@example.com refused', ...logins(1, 3).map((l) => `${l} ok`)])
    expect(audit.find((e) => e.login === 'carol@example.com')).toMatchObject({ allowAdmin: false, adminRoles: ['SUPER_ADMIN'] })
    expect(audit.every((e) => e.bulk && e.ticket === 'CHG-1' && e.command === 'factors reset')).toBe(true)
  })

  it('exit 7 when some users fail: each failure on stderr with its code and request id, the summary counts each kind', async () => {
    const o = await org({ users: 2 })
    const home = tempHome()
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes', '--concurrency', '1'], { env: o.env, home, stdin: `${generatedLogin(1)}\nnobody@example.com\nerin\n${generatedLogin(2)}\n` })
    expect(r.exitCode).toBe(7)
    const err = r.stderr.split('\n')
    expect(err[0]).toMatch(/^✗ line 2 nobody@example\.com: E0000007 Not found: Resource not found: nobody@example\.com \(User\) \(X-Okta-Request-Id \S+\)$/)
    expect(err[1]).toMatch(/^✗ line 3 erin@example\.com: E0000038 .*\(X-Okta-Request-Id \S+\)$/)
    const reports = readdirSync(join(home, 'state', 'reports'))
    expect(reports).toHaveLength(1)
    const rep = join(home, 'state', 'reports', reports[0] ?? '')
    expect(err[2]).toBe(`Error: reset: 2 of 4 users failed (2 ok, 2 failed, 0 skipped). Report: ${rep}`)
    expect(report(rep).map((x) => `${x.line} ${x.status} ${x.errorCode ?? ''}`)).toEqual(['1 ok ', '2 failed E0000007', '3 failed E0000038', '4 ok '])
  })

  it('a terminal: asks once for the run, draws progress with counts and ETA, types the login of an admin (--allow-admin)', async () => {
    const o = await org({ users: 2 })
    const r = await run(['factors', 'reset', '--users-file', '-', '--allow-admin', '--concurrency', '1'], {
      env: o.env,
      stdin: `${logins(1, 2).join('\n')}\ncarol\n`,
      tty: true,
      answers: [true, 'carol@example.com'],
    })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([
      { kind: 'confirm', message: 'Reset all factors of 3 users from stdin? Admins are included (you will type each login).' },
      { kind: 'input', message: 'carol@example.com is an admin (SUPER_ADMIN). Type the login to reset its factors:' },
    ])
    expect(r.stderr).toContain('reset ')
    expect(r.stderr).toMatch(/\d\/3 {2}ok \d {2}failed 0 {2}skipped 0 {2}ETA/)
    expect(r.stderr).toContain('✓ reset: 3 ok, 0 failed, 0 skipped in 0s. Report: ')
    expect(o.changes()).toHaveLength(3)
    expect(r.stdout).toContain('USER ID')
  })

  it('--dry-run at a terminal previews without asking', async () => {
    const o = await org({ users: 1 })
    const r = await run(['factors', 'reset', '--users-file', '-', '--dry-run'], { env: o.env, stdin: generatedLogin(1), tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([])
    expect(o.changes()).toEqual([])
  })

  it('--verify-caller is refused for a file of users', async () => {
    const r = await run(['factors', 'reset', '--users-file', '-', '--verify-caller', 'push', '--yes'], { env: ENV, stdin: 'a\n' })
    expect(r.exitCode).toBe(2)
  })
})

describe('report, resume and Ctrl-C (in-process)', () => {
  it('Ctrl-C stops taking users, finishes those in flight, writes the report, prints the resume command, exits 130; --resume skips the done', async () => {
    const clock = { t: 1_800_000_030_000 }
    const o = await org({ users: 6, rateLimit: 4, now: () => clock.t })
    const home = tempHome()
    const file = usersFile(home, logins(1, 6).join('\n'))
    const rep = join(home, 'reset.jsonl')
    // Four a minute, 10% headroom: three users go, the fourth waits for the window; Ctrl-C then.
    let pressCtrlC: () => void = () => {}
    const r = await run(['factors', 'reset', '--users-file', file, '--yes', '--report', rep, '--concurrency', '1'], {
      env: o.env,
      home,
      onInterruptReady: (press) => (pressCtrlC = press),
      sleep: async () => pressCtrlC(),
    })
    expect(r.exitCode).toBe(130)
    expect(report(rep).map((x) => `${x.line} ${x.status}`)).toEqual(['1 ok', '2 ok', '3 ok'])
    expect(r.stderr).toContain('Interrupted: finishing the user(s) already being changed')
    expect(r.stderr).toContain(`Error: Interrupted: 3 ok, 0 failed, 0 skipped; 3 not started. Report: ${rep}\n`)
    expect(r.stderr).toContain(`Resume with:\n  oktactl factors reset --users-file ${file} --yes --concurrency 1 --resume ${rep}\n`)
    expect(o.changes()).toHaveLength(3)
    expect(await factorCount(o, generatedLogin(4))).toBe(2)

    clock.t += 60_000 // a new rate-limit window
    const resumed = await run(['factors', 'reset', '--users-file', file, '--yes', '--concurrency', '1', '--resume', rep], { env: o.env, home })
    expect(resumed.exitCode).toBe(0)
    expect(report(rep).map((x) => `${x.line} ${x.status}`)).toEqual(['1 ok', '2 ok', '3 ok', '4 ok', '5 ok', '6 ok'])
    expect(o.changes()).toHaveLength(6)
  })

  it('--resume ignores failed, skipped and preview rows, and a torn last line', async () => {
    const o = await org({ users: 2 })
    const home = tempHome()
    const rep = usersFile(
      home,
      [
        { line: 1, user: generatedLogin(1), action: 'reset', status: 'failed' },
        { line: 2, user: generatedLogin(2), action: 'reset', status: 'ok', dryRun: true },
        { line: 3, user: 'dave', action: 'list', status: 'ok' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n') + '\n{"line":4,"user":"carol","act',
      'old.jsonl',
    )
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes', '--resume', rep], { env: o.env, home, stdin: logins(1, 2).join('\n') })
    expect(r.exitCode).toBe(0)
    expect(o.changes()).toHaveLength(2)
  })

  it('a missing --resume report is a usage error before any request', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes', '--resume', '/nonexistent.jsonl'], { env: o.env, stdin: 'alice' })
    expect(r.exitCode).toBe(2)
    expect(o.requests).toEqual([])
  })
})

describe('pacing against a small rate limit', () => {
  it('holds before the limit instead of running into it: no 429s, and it waited for windows', async () => {
    // A 60x clock for the sandbox and for oktactl: a one-minute window lasts one real second.
    const speed = 60
    const start = Date.now()
    const fast = () => 1_800_000_000_000 + (Date.now() - start) * speed
    const o = await org({ users: 24, rateLimit: 10, now: fast })
    const home = tempHome()
    const file = usersFile(home, logins(1, 24).join('\n'))
    const rep = join(home, 'r.jsonl')
    const r = await run(['factors', 'reset', '--users-file', file, '--yes', '--report', rep, '--debug', '--concurrency', '4'], {
      env: o.env,
      home,
      now: () => new Date(fast()),
      sleep: (ms) => new Promise((res) => setTimeout(res, ms / speed)),
    })
    expect(r.exitCode).toBe(0)
    const rows = report(rep)
    // The sandbox's mix: users 9 and 10 have no factors, 13 is a help desk admin.
    expect(rows.filter((x) => x.status === 'ok')).toHaveLength(21)
    expect(rows.filter((x) => x.status === 'skipped').map((x) => x.line).sort((a, b) => a - b)).toEqual([9, 10, 13])
    const api = o.requests.filter((q) => !q.path.startsWith('/_sandbox/'))
    expect(api.filter((q) => q.status === 429)).toEqual([])
    // 24 users, 9 a window per endpoint (10 less 10% headroom): at least two holds.
    const holds = r.stderr.split('\n').filter((l) => l.startsWith('[debug] pacing GET') || l.startsWith('[debug] pacing POST'))
    expect(holds.length).toBeGreaterThanOrEqual(2)
    expect(r.stderr).toMatch(/\[debug\] pacing: \d+ requests, held \d+ times for .*, 0 rate-limit \(429\) responses/)
  })

  it('--rate-headroom 0 uses the whole window', async () => {
    const speed = 60
    const start = Date.now()
    const fast = () => 1_800_000_000_000 + (Date.now() - start) * speed
    const o = await org({ users: 10, rateLimit: 10, now: fast })
    const r = await run(['factors', 'list', '--users-file', '-', '--rate-headroom', '0', '--debug'], {
      env: o.env,
      stdin: logins(1, 10).join('\n'),
      now: () => new Date(fast()),
      sleep: (ms) => new Promise((res) => setTimeout(res, ms / speed)),
    })
    expect(r.exitCode).toBe(0)
    expect(o.requests.filter((q) => q.status === 429)).toEqual([])
    expect(r.stderr).not.toContain('[debug] pacing GET')
  })
})

describe('factors delete --users-file --type', () => {
  it('removes that type from every user who has it; users without it are skipped', async () => {
    const o = await org({ users: 2 })
    const home = tempHome()
    const rep = join(home, 'd.jsonl')
    const r = await run(['factors', 'delete', '--users-file', '-', '--type', 'sms', '--remove-recovery', '--yes', '--report', rep], {
      env: o.env,
      home,
      stdin: `${logins(1, 2).join('\n')}\ndave\n`,
    })
    expect(r.exitCode).toBe(0)
    expect(o.changes().map((c) => c.method)).toEqual(['DELETE', 'DELETE'])
    expect(report(rep).sort((a, b) => a.line - b.line).map((x) => `${x.status}: ${x.summary}`)).toEqual([
      'ok: removed 1 factor: sms',
      'ok: removed 1 factor: sms',
      'skipped: no sms factor',
    ])
    expect(await factorCount(o, generatedLogin(1))).toBe(1)
    expect(statSync(rep).mode & 0o777).toBe(0o600)
  })

  it('needs --type, and no factor argument', async () => {
    expect((await run(['factors', 'delete', '--users-file', '-', '--yes'], { env: ENV, stdin: 'a' })).stderr).toContain('needs --type <factorType>')
    expect((await run(['factors', 'delete', 'sms', '--users-file', '-', '--yes'], { env: ENV, stdin: 'a' })).exitCode).toBe(2)
  })
})

describe('factors enroll --users-file', () => {
  it('CSV with a phone column: previews by default, enrolls with --yes (--activate: no SMS sent)', async () => {
    const o = await org()
    const home = tempHome()
    const csv = usersFile(home, 'login,phone\ndave@example.com,+15551230077\nalice,+15551230001\n', 'phones.csv')
    const preview = await run(['factors', 'enroll', '--users-file', csv, '--type', 'sms', '--activate'], { env: o.env, home })
    expect(preview.exitCode).toBe(0)
    expect(o.changes()).toEqual([])
    expect(sortLines(preview.stdout).map((l) => l.split('\t')[5]).sort()).toEqual(['would enroll sms +15551230001', 'would enroll sms +15551230077'])
    const r = await run(['factors', 'enroll', '--users-file', csv, '--type', 'sms', '--activate', '--yes', '--json'], { env: o.env, home })
    expect(r.exitCode).toBe(0)
    const rows = JSON.parse(r.stdout) as ReportRow[]
    expect(rows.map((x) => [x.login, x.status, x.summary])).toEqual([
      ['dave@example.com', 'ok', 'enrolled sms +15551230077 (ACTIVE)'],
      ['alice@example.com', 'skipped', 'already enrolled: sms'],
    ])
    expect(rows[0]?.factors?.[0]?.id).toMatch(/^mbl/)
  })

  it('email defaults to each user’s primary email; secret-bearing types and --wait are refused', async () => {
    const o = await org()
    const r = await run(['factors', 'enroll', '--users-file', '-', '--type', 'email', '--dry-run'], { env: o.env, stdin: 'dave\n' })
    expect(r.stdout).toContain('would enroll email dave@example.com')
    expect((await run(['factors', 'enroll', '--users-file', '-', '--type', 'question', '--question', 'disliked_food', '--yes'], { env: ENV, stdin: 'a' })).exitCode).toBe(2)
    expect((await run(['factors', 'enroll', '--users-file', '-', '--type', 'sms', '--yes'], { env: ENV, stdin: 'a' })).stderr).toContain('needs a phone for every user')
    expect((await run(['factors', 'enroll', 'alice', '--type', 'sms', '--phone', '+15551230001', '--dry-run'], { env: ENV })).exitCode).toBe(2)
  })
})

describe('users files that name one person twice, or start with a bare header', () => {
  it('reset: a user given by login and by id is reset once; the second row is skipped as the same user', async () => {
    const o = await org({ users: 2 })
    const home = tempHome()
    const id = (await o.get<{ id: string }>(`/api/v1/users/${encodeURIComponent(generatedLogin(1))}`)).id
    const reportFile = join(home, 'r.jsonl')
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes', '--concurrency', '1', '--report', reportFile], {
      env: o.env, home, stdin: `${generatedLogin(1)}\n${id}\n${generatedLogin(2)}\n`,
    })
    expect(r.exitCode, r.stderr).toBe(0)
    const rows = report(reportFile)
    expect(rows.map((x) => [x.line, x.status])).toEqual([[1, 'ok'], [2, 'skipped'], [3, 'ok']])
    expect(rows[1]?.summary).toBe('duplicate of line 1 (the same user)')
    expect(o.changes().filter((q) => q.path.endsWith('/lifecycle/reset_factors'))).toHaveLength(2)
  })

  it.each(['login', 'user', 'id', 'email', '"Login"'])('a one-column file whose first line is %s is a CSV: the header is not looked up as a user', async (header) => {
    const o = await org({ users: 1 })
    const r = await run(['factors', 'list', '--users-file', '-', '--json'], { env: o.env, stdin: `${header}\n${generatedLogin(1)}\n` })
    expect(r.exitCode, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as Array<{ user: string; line: number }>
    expect(out.map((u) => u.user)).toEqual([generatedLogin(1)])
  })
})
