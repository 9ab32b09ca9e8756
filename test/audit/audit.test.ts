import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import { SEED_ANSWERS } from '../../src/sandbox/index.js'
import { ALICE, ALICE_ID, ENV, TOKEN, factor, oktaError } from '../helpers/okta.js'
import { stub } from '../helpers/requests.js'
import { jsonl, org, run, tempHome } from '../bulk/helpers.js'

const logOf = (home: string, file = join(home, 'state', 'audit.log')) => readFileSync(file, 'utf8')
const allEntries = (home: string) => jsonl<AuditEntry>(logOf(home))
/** The outcome lines (each change also has an `intent` line written before its request). */
const entries = (home: string) => allEntries(home).filter((e) => e.outcome !== 'intent')

describe('audit log: one line per change, every outcome', () => {
  it('ok: every field, the file is 0600 in the state dir', async () => {
    const sms = factor('sms')
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', `/api/v1/users/${ALICE_ID}/factors`, [200, [sms]])
    stub('POST', `/api/v1/users/${ALICE_ID}/lifecycle/reset_factors`, [200, '', { 'X-Okta-Request-Id': 'reqRESET1' }])
    const r = await run(['factors', 'reset', ALICE_ID, '--yes', '--ticket', 'INC-9'], { env: ENV })
    expect(r.exitCode).toBe(0)
    const file = join(r.home, 'state', 'audit.log')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(entries(r.home)).toEqual([
      {
        time: '2026-11-29T12:00:00.000Z',
        operator: userInfo().username,
        profile: null,
        org: 'https://acme.okta.com',
        command: 'factors reset',
        bulk: false,
        userId: ALICE_ID,
        login: ALICE,
        factors: [{ id: sms.id, type: 'sms' }],
        ticket: 'INC-9',
        callerVerification: null,
        outcome: 'ok',
        reason: null,
        errorCode: null,
        requestId: 'reqRESET1',
        allowAdmin: false,
        adminRoles: [],
        removeRecovery: false,
      },
    ])
  })

  it('intent, then outcome: the line written before the request names the same change', async () => {
    const sms = factor('sms')
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', `/api/v1/users/${ALICE_ID}/factors`, [200, [sms]])
    stub('POST', `/api/v1/users/${ALICE_ID}/lifecycle/reset_factors`, [200, '', { 'X-Okta-Request-Id': 'reqRESET1' }])
    const r = await run(['factors', 'reset', ALICE_ID, '--yes', '--ticket', 'INC-9'], { env: ENV })
    expect(r.exitCode).toBe(0)
    const [intent, outcome, ...rest] = allEntries(r.home)
    expect(rest).toEqual([])
    expect(intent).toMatchObject({ outcome: 'intent', userId: ALICE_ID, ticket: 'INC-9', factors: [{ id: sms.id, type: 'sms' }], requestId: null })
    expect(outcome).toMatchObject({ outcome: 'ok', userId: ALICE_ID, requestId: 'reqRESET1' })
  })

  it('failed: Okta’s error code, reason and request id (a deprovisioned user)', async () => {
    const o = await org()
    const r = await run(['factors', 'delete', 'erin', 'sms', '--yes'], { env: o.env })
    expect(r.exitCode).toBe(4)
    const [e] = entries(r.home)
    expect(e).toMatchObject({ outcome: 'failed', login: 'erin@example.com', errorCode: 'E0000038', factors: [{ type: 'sms' }] })
    expect(e?.requestId).toMatch(/^\S+$/)
    expect(e?.reason).toContain('E0000038')
  })

  it('failed: an unknown user is logged with what was typed', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'nobody@example.com', '--yes'], { env: o.env })
    expect(r.exitCode).toBe(5)
    expect(entries(r.home)[0]).toMatchObject({ outcome: 'failed', login: 'nobody@example.com', userId: null })
  })

  it('cancelled: a declined confirmation', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'alice'], { env: o.env, tty: true, answers: [false] })
    expect(r.exitCode).toBe(130)
    expect(entries(r.home)[0]).toMatchObject({ outcome: 'cancelled', login: 'alice@example.com', reason: 'Cancelled; nothing was changed.' })
  })

  it('refused and dry-run are logged (see also test/helpdesk); a command that changes nothing is not', async () => {
    const o = await org()
    const home = tempHome()
    await run(['factors', 'reset', 'carol', '--yes'], { env: o.env, home })
    await run(['factors', 'reset', 'alice', '--dry-run'], { env: o.env, home })
    await run(['factors', 'reset', 'dave', '--yes'], { env: o.env, home }) // no factors: nothing to do
    await run(['factors', 'list', 'alice'], { env: o.env, home })
    expect(entries(home).map((e) => `${e.login} ${e.outcome}`)).toEqual(['carol@example.com refused', 'alice@example.com dry-run'])
  })

  it('enroll and activate: ok with the factor and request id; a wrong code is failed (E0000068) and never logged', async () => {
    const o = await org()
    const home = tempHome()
    const enroll = await run(['factors', 'enroll', 'dave', '--type', 'email', '--email', 'dave@example.com'], { env: o.env, home })
    expect(enroll.exitCode).toBe(0)
    const wrong = await run(['factors', 'activate', 'dave', 'email', '--code', '000001'], { env: o.env, home })
    expect(wrong.exitCode).toBe(3)
    const sent = await o.get<Array<{ code: string }>>('/_sandbox/outbox?user=dave')
    const code = sent.at(-1)?.code ?? ''
    const ok = await run(['factors', 'activate', 'dave', 'email', '--code', code], { env: o.env, home })
    expect(ok.exitCode).toBe(0)
    const [e1, e2, e3] = entries(home)
    expect(e1).toMatchObject({ command: 'factors enroll', outcome: 'ok', factors: [{ id: expect.stringMatching(/^emf/), type: 'email' }] })
    expect(e1?.requestId).toBeTruthy()
    expect(e2).toMatchObject({ command: 'factors activate', outcome: 'failed', errorCode: 'E0000068' })
    expect(e3).toMatchObject({ command: 'factors activate', outcome: 'ok', factors: [{ id: e1?.factors[0]?.id, type: 'email' }] })
    const text = logOf(home)
    expect(text).not.toContain('000001')
    expect(text).not.toContain(code)
  })

  it('never holds a secret: token, security answers, codes', async () => {
    const o = await org()
    const home = tempHome()
    const answer = 'correct horse battery'
    await run(['factors', 'enroll', 'dave', '--type', 'question', '--question', 'disliked_food', '--answer', '-'], { env: o.env, home, stdin: `${answer}\n` })
    await run(['factors', 'verify', 'alice', 'question', '--answer', '-'], { env: o.env, home, stdin: `${SEED_ANSWERS[ALICE].answer}\n` })
    await run(['factors', 'reset', 'alice', '--yes', '--ticket', 'INC-1'], { env: o.env, home })
    const text = logOf(home)
    expect(entries(home)).toHaveLength(2)
    for (const secret of [o.sb.token, TOKEN, answer, SEED_ANSWERS[ALICE].answer, 'SSWS']) expect(text).not.toContain(secret)
  })

  it('--audit-log and OKTACTL_AUDIT_LOG choose the file; an unwritable log stops the change (exit 1, nothing sent)', async () => {
    const o = await org()
    const home = tempHome()
    const flagFile = join(home, 'elsewhere', 'flag.log')
    await run(['--audit-log', flagFile, 'factors', 'delete', 'alice', 'sms', '--yes'], { env: o.env, home })
    expect(jsonl<AuditEntry>(logOf(home, flagFile)).map((e) => e.outcome)).toEqual(['intent', 'ok'])
    const envFile = join(home, 'env.log')
    await run(['factors', 'delete', 'alice', 'totp', '--yes'], { env: { ...o.env, OKTACTL_AUDIT_LOG: envFile }, home })
    expect(jsonl<AuditEntry>(logOf(home, envFile)).map((e) => e.outcome)).toEqual(['intent', 'ok'])
    const before = o.changes().length
    const dir = join(home, 'a-directory')
    mkdirSync(dir)
    const r = await run(['--audit-log', dir, 'factors', 'reset', 'alice', '--yes'], { env: o.env, home })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`Error: Cannot write the audit log ${dir}:`)
    expect(o.changes()).toHaveLength(before)
  })

  it('appends, never truncates; loosened permissions are tightened', async () => {
    const home = tempHome()
    const file = join(home, 'audit.log')
    writeFileSync(file, '{"time":"2026-01-01T00:00:00.000Z","outcome":"ok","factors":[]}\n', { mode: 0o644 })
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', `/api/v1/users/${ALICE_ID}/factors/mbl1`, [200, factor('sms', { id: 'mbl1' })])
    stub('DELETE', `/api/v1/users/${ALICE_ID}/factors/mbl1`, [404, oktaError('E0000007', 'Not found')])
    await run(['factors', 'delete', ALICE_ID, 'mbl1', '--yes'], { env: { ...ENV, OKTACTL_AUDIT_LOG: file }, home })
    expect(jsonl(readFileSync(file, 'utf8')).map((e) => e.outcome)).toEqual(['ok', 'intent', 'failed'])
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})

describe('oktactl audit', () => {
  const lines: Array<Partial<AuditEntry>> = [
    { time: '2025-12-30T10:00:00.000Z', operator: 'kim', command: 'factors reset', userId: '00u1', login: 'alice@example.com', outcome: 'ok', requestId: 'r1' },
    { time: '2026-01-02T10:00:00.000Z', operator: 'kim', command: 'factors delete', userId: '00u2', login: 'bob@example.com', outcome: 'refused', ticket: 'INC-5' },
    { time: '2026-11-29T11:00:00.000Z', operator: 'lee', command: 'factors reset', userId: '00u1', login: 'alice@example.com', outcome: 'failed', callerVerification: { method: 'push', factorId: 'opf1', result: 'REJECTED' } },
  ]
  const base = { profile: null, org: 'https://acme.okta.com', bulk: false, factors: [{ id: 'mbl1', type: 'sms' }], ticket: null, callerVerification: null, reason: null, errorCode: null, requestId: null }
  const withLog = () => {
    const home = tempHome()
    mkdirSync(join(home, 'state'))
    writeFileSync(join(home, 'state', 'audit.log'), `${lines.map((l) => JSON.stringify({ ...base, ...l })).join('\n')}\nnot json\n`)
    return home
  }

  it('--json: the entries as written; --user by login, shortname or id; --since a date or span', async () => {
    const home = withLog()
    const all = await run(['audit', '--json'], { home })
    expect(all.exitCode).toBe(0)
    expect(JSON.parse(all.stdout)).toHaveLength(3)
    expect(all.stderr).toContain('Skipped 1 unreadable line in')
    for (const user of ['alice@example.com', 'ALICE', '00u1']) {
      const r = await run(['audit', '--user', user, '--json'], { home })
      expect((JSON.parse(r.stdout) as AuditEntry[]).map((e) => e.time)).toEqual([lines[0]?.time, lines[2]?.time])
    }
    const since = await run(['audit', '--since', '2026-01-01', '--json'], { home })
    expect((JSON.parse(since.stdout) as AuditEntry[]).map((e) => e.login)).toEqual(['bob@example.com', 'alice@example.com'])
    const span = await run(['audit', '--since', '2h', '--json'], { home })
    expect(JSON.parse(span.stdout)).toHaveLength(1)
  })

  it('TSV when piped, a table on a terminal', async () => {
    const home = withLog()
    const tsv = await run(['audit', '--user', 'bob'], { home })
    expect(tsv.stdout).toBe('2026-01-02T10:00:00.000Z\tkim\tfactors delete\t00u2\tbob@example.com\tsms\tINC-5\t\trefused\t\t\n')
    const table = await run(['audit', '--user', 'alice', '--since', '2026-06-01'], { home, tty: true, env: { NO_COLOR: '1' } })
    // 130 columns wide with the request id: at 120 that optional column goes.
    expect(table.stdout).toBe(
      'TIME                  OPERATOR  COMMAND        USER ID  LOGIN              FACTORS  TICKET  CALLER         OUTCOME  ALSO\n' +
        '2026-11-29T11:00:00Z  lee       factors reset  00u1     alice@example.com  sms              push:REJECTED  failed\n',
    )
  })

  it('no log yet: a note, [] with --json; a bad --since is a usage error', async () => {
    const home = tempHome()
    const r = await run(['audit'], { home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe(`No audit log yet (${join(home, 'state', 'audit.log')}).\n`)
    expect((await run(['audit', '--json'], { home })).stdout).toBe('[]\n')
    const bad = await run(['audit', '--since', 'last tuesday'], { home })
    expect(bad.exitCode).toBe(2)
  })
})
