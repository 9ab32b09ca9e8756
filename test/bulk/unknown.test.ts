import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import { readResume, type ReportRow } from '../../src/bulk/report.js'
import { factor, startHostileOrg, user, withUser, type HostileOrg } from '../e2e/hostile.js'
import { jsonl, run, tempHome, usersFile } from './helpers.js'

// A change whose answer never came (the connection dropped after the request was written) may
// have been made: its row is `unknown`, not `failed`, in the report, on stdout and in the summary,
// as in the audit log; the run exits 7; and --resume never sends it again (it would enroll twice,
// text twice), while it does retry a row that failed with a clean 4xx.

const report = (file: string) => jsonl<ReportRow>(readFileSync(file, 'utf8'))
const audit = (home: string) => jsonl<AuditEntry>(readFileSync(join(home, 'state', 'audit.log'), 'utf8'))

const AMY = user('00uamyaaaaaaaaaaaaaa', 'amy@example.com')
const BEN = user('00ubenaaaaaaaaaaaaaa', 'ben@example.com')
const CAT = user('00ucataaaaaaaaaaaaaa', 'cat@example.com')
const enrollPath = (u: Record<string, unknown>) => new RegExp(`^/api/v1/users/${String(u.id)}/factors(\\?.*)?$`)
const posts = (h: HostileOrg, u: Record<string, unknown>) => h.requests.filter((q) => q.method === 'POST' && enrollPath(u).test(q.url)).length
const smsFactor = (id: string, phone: string) => factor(id, 'sms', { phoneNumber: phone }, { status: 'PENDING_ACTIVATION' })

/** Amy's enroll POST has its connection destroyed once the body is in; Ben's is refused (400) once; Cat's works. */
function script(h: HostileOrg): HostileOrg {
  for (const u of [AMY, BEN, CAT]) withUser(h, u)
  h.on('POST', enrollPath(AMY), (req) => void req.socket.destroy())
  h.on('POST', enrollPath(BEN), { json: smsFactor('mblbenaaaaaaaaaaaaaa', '+15551230002') })
  h.on('POST', enrollPath(BEN), {
    status: 400,
    json: { errorCode: 'E0000001', errorSummary: 'Api validation failed: factorEnrollRequest', errorId: 'oaeBEN', errorCauses: [{ errorSummary: 'Temporarily cannot send to this number' }] },
  }, 1)
  h.on('POST', enrollPath(CAT), { json: smsFactor('mblcataaaaaaaaaaaaaa', '+15551230003') })
  return h
}

describe('a change that may have been made is unknown, and --resume never sends it again', () => {
  let h: HostileOrg | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })

  it('enroll: the dropped POST is unknown (report, stdout, summary, audit), exit 7; --resume skips it, says so, retries the 4xx', async () => {
    h = script(await startHostileOrg())
    const home = tempHome()
    // A CSV: its header is line 1, so the users are lines 2 to 4.
    const csv = usersFile(home, 'login,phone\namy@example.com,+15551230001\nben@example.com,+15551230002\ncat@example.com,+15551230003\n', 'users.csv')
    const rep = join(home, 'rep.jsonl')
    const first = await run(['factors', 'enroll', '--users-file', csv, '--type', 'sms', '--yes', '--report', rep, '--concurrency', '1'], { env: h.env, home })

    expect(first.exitCode).toBe(7)
    expect([posts(h, AMY), posts(h, BEN), posts(h, CAT)]).toEqual([1, 1, 1])
    const rows = report(rep)
    expect(rows.map((r) => [r.line, r.login, r.status, r.errorCode])).toEqual([
      [2, 'amy@example.com', 'unknown', 'NETWORK'],
      [3, 'ben@example.com', 'failed', 'E0000001'],
      [4, 'cat@example.com', 'ok', null],
    ])
    expect(rows[0]?.summary).toMatch(/^POST \S+ failed: .* \(the change may have been made: check this user before running again\)$/)
    // stdout (TSV): the RESULT column says unknown too.
    expect(first.stdout.trim().split('\n').map((l) => l.split('\t').slice(1, 4))).toEqual([
      ['amy@example.com', 'enroll', 'unknown'],
      ['ben@example.com', 'enroll', 'failed'],
      ['cat@example.com', 'enroll', 'ok'],
    ])
    const err = first.stderr.trim().split('\n')
    expect(err[0]).toMatch(/^\? line 2 amy@example\.com: NETWORK POST .*may have been made/)
    expect(err[1]).toMatch(/^✗ line 3 ben@example\.com: E0000001 /)
    expect(err.at(-1)).toBe(
      `Error: enroll: 1 of 3 users unknown, 1 failed (1 ok, 1 failed, 0 skipped, 1 unknown). 1 unknown: the change may have been made; check this user before running again (--resume will not retry it). Report: ${rep}`,
    )
    // The audit log says the same of Amy: intent, then unknown (not failed).
    expect(audit(home).filter((e) => e.login === 'amy@example.com').map((e) => e.outcome)).toEqual(['intent', 'unknown'])
    expect(audit(home).filter((e) => e.login === 'ben@example.com').map((e) => e.outcome)).toEqual(['intent', 'failed'])

    const resumed = await run(['factors', 'enroll', '--users-file', csv, '--type', 'sms', '--yes', '--resume', rep, '--concurrency', '1'], { env: h.env, home })
    expect(resumed.exitCode, resumed.stderr).toBe(0)
    // Amy: still the one POST. Ben (a clean 400): retried, now enrolled. Cat (ok): not sent again.
    expect([posts(h, AMY), posts(h, BEN), posts(h, CAT)]).toEqual([1, 2, 1])
    expect(h.requests.filter((q) => q.url.startsWith(`/api/v1/users/${String(AMY.id)}`) || q.url === '/api/v1/users/amy%40example.com')).toHaveLength(2) // the first run's lookup and POST only
    expect(resumed.stderr).toContain(
      `! --resume left out 1 user that ${rep} lists as unknown (the change may have been made): amy@example.com. Check this user by hand; --resume never retries an unknown row.\n`,
    )
    expect(report(rep).map((r) => `${r.line} ${r.status}`)).toEqual(['2 unknown', '3 failed', '4 ok', '3 ok'])

    // Resumed again: Amy is still left out (the report still says unknown), and nothing is sent.
    const sent = h.requests.length
    const again = await run(['factors', 'enroll', '--users-file', csv, '--type', 'sms', '--yes', '--resume', rep], { env: { ...h.env, NO_COLOR: '1' }, home, tty: true })
    expect(again.exitCode).toBe(0)
    expect(h.requests).toHaveLength(sent)
    expect(again.stderr).toContain('--resume left out 1 user that')
    expect(again.stderr).toContain('✓ enroll: 0 ok, 0 failed, 0 skipped, 2 already done, 1 unknown before (not retried) in ')
  })

  it('--json prints the row with status unknown', async () => {
    h = script(await startHostileOrg())
    const home = tempHome()
    const r = await run(['factors', 'enroll', '--users-file', '-', '--type', 'sms', '--phone', '+15551230001', '--yes', '--json'], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(r.exitCode).toBe(7)
    const out = JSON.parse(r.stdout) as ReportRow[]
    expect(out.map((x) => [x.login, x.status, x.errorCode])).toEqual([['amy@example.com', 'unknown', 'NETWORK']])
  })

  it('reset: a dropped reset_factors POST is unknown too, and a resume does not reset again', async () => {
    h = await startHostileOrg()
    withUser(h, AMY, [factor('mblamyaaaaaaaaaaaaaa', 'sms')])
    const reset = `/api/v1/users/${String(AMY.id)}/lifecycle/reset_factors`
    h.on('POST', reset, (req) => void req.socket.destroy())
    const home = tempHome()
    const rep = join(home, 'reset.jsonl')
    const first = await run(['factors', 'reset', '--users-file', '-', '--yes', '--report', rep], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(first.exitCode).toBe(7)
    expect(report(rep).map((r) => [r.status, r.errorCode])).toEqual([['unknown', 'NETWORK']])
    expect(audit(home).map((e) => e.outcome)).toEqual(['intent', 'unknown'])
    const resumed = await run(['factors', 'reset', '--users-file', '-', '--yes', '--resume', rep], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(resumed.exitCode).toBe(0)
    expect(h.requests.filter((q) => q.method === 'POST' && q.url === reset)).toHaveLength(1)
    expect(resumed.stderr).toContain(`lists as unknown (the change may have been made): amy@example.com.`)
  })

  it('delete: a 502 answering the DELETE is unknown (a gateway can answer after Okta acted); a resume does not send it again', async () => {
    h = await startHostileOrg()
    withUser(h, AMY, [factor('mblamyaaaaaaaaaaaaaa', 'sms')])
    const del = new RegExp(`^/api/v1/users/${String(AMY.id)}/factors/mblamyaaaaaaaaaaaaaa(\\?.*)?$`)
    h.on('DELETE', del, { status: 502, json: { errorCode: 'E0000009', errorSummary: 'Internal Server Error', errorCauses: [] } })
    const home = tempHome()
    const rep = join(home, 'delete.jsonl')
    const args = ['factors', 'delete', '--users-file', '-', '--type', 'sms', '--remove-recovery', '--yes']
    const first = await run([...args, '--report', rep], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(first.exitCode).toBe(7)
    expect(report(rep).map((r) => [r.status, r.errorCode])).toEqual([['unknown', 'E0000009']])
    expect(audit(home).map((e) => e.outcome)).toEqual(['intent', 'unknown'])
    const resumed = await run([...args, '--resume', rep], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(resumed.exitCode).toBe(0)
    expect(h.requests.filter((q) => q.method === 'DELETE')).toHaveLength(1)
  })

  it('list (GET only) is never unknown: a dropped connection is failed, and --resume tries it again', async () => {
    h = await startHostileOrg()
    withUser(h, AMY)
    h.on('GET', `/api/v1/users/${String(AMY.id)}/factors`, (req) => void req.socket.destroy())
    const home = tempHome()
    const rep = join(home, 'list.jsonl')
    const first = await run(['factors', 'list', '--users-file', '-', '--report', rep], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(first.exitCode).toBe(7)
    expect(report(rep).map((r) => [r.status, r.errorCode])).toEqual([['failed', 'NETWORK']])
    expect(first.stderr).not.toContain('unknown')
    const gets = () => h?.requests.filter((q) => q.url === `/api/v1/users/${String(AMY.id)}/factors`).length ?? 0
    const before = gets()
    h.on('GET', `/api/v1/users/${String(AMY.id)}/factors`, { json: [factor('mblamyaaaaaaaaaaaaaa', 'sms')] })
    const resumed = await run(['factors', 'list', '--users-file', '-', '--resume', rep], { env: h.env, home, stdin: 'amy@example.com\n' })
    expect(resumed.exitCode).toBe(0)
    expect(gets()).toBe(before + 1)
  })
})

describe('readResume', () => {
  it('ok rows are done, unknown rows are unknown; failed, skipped, preview, other actions and torn lines are retried', async () => {
    const home = tempHome()
    const file = usersFile(
      home,
      [
        { line: 1, user: 'amy', userId: '00uamy', login: 'amy@example.com', action: 'enroll', status: 'unknown' },
        { line: 2, user: 'ben', userId: null, login: null, action: 'enroll', status: 'ok' },
        { line: 3, user: 'cat', action: 'enroll', status: 'failed' },
        { line: 4, user: 'dan', action: 'enroll', status: 'skipped' },
        { line: 5, user: 'eve', action: 'enroll', status: 'unknown', dryRun: true },
        { line: 6, user: 'fay', action: 'reset', status: 'unknown' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n') + '\nnull\n7\n{"line":7,"user":"gus","status":"unkn',
      'r.jsonl',
    )
    const s = await readResume(file, 'enroll')
    expect([...s.unknown].sort()).toEqual(['00uamy', 'amy', 'amy@example.com'])
    expect([...s.done]).toEqual(['ben'])
  })
})
