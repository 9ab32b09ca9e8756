import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateSync } from 'otplib'
import { describe, expect, it } from 'vitest'
import { SEED_TOTP_SECRETS } from '../../src/sandbox/index.js'
import { ALICE, ALICE_ID, ENV, factor } from '../helpers/okta.js'
import { stub, unmatched } from '../helpers/requests.js'
import { jsonl, org, run } from '../bulk/helpers.js'

// The guarded helpdesk reset and delete, against the sandbox org: carol holds SUPER_ADMIN, bob
// rejects every push, alice approves.

/** The outcome lines of the audit log (each change also writes an `intent` line before its request). */
const audit = (home: string) => jsonl(readFileSync(join(home, 'state', 'audit.log'), 'utf8')).filter((e) => e.outcome !== 'intent')
const countFactors = async (o: Awaited<ReturnType<typeof org>>, login: string) =>
  ((await o.get<unknown[]>(`/api/v1/users/${(await o.get<{ id: string }>(`/api/v1/users/${login}`)).id}/factors`)) ?? []).length

describe('admin guard', () => {
  it('refuses a user with an admin role (exit 4), shows who it is, sends nothing that changes anything, and logs the refusal', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'carol', '--yes'], { env: o.env })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('User:        Carol Clark <carol@example.com>')
    expect(r.stderr).toContain('Admin roles: SUPER_ADMIN\n')
    expect(r.stderr).toContain('Error: carol@example.com holds admin roles (SUPER_ADMIN); refusing to remove its factors.\n')
    // Off a terminal nobody can type the login: the hint says what works there.
    expect(r.stderr).toContain('If this is intended, pass --allow-admin --yes.\n')
    expect(r.stderr).not.toContain('typing the login')
    const atTerminal = await run(['factors', 'reset', 'carol'], { env: o.env, tty: true })
    expect(atTerminal.exitCode).toBe(4)
    expect(atTerminal.stderr.replace(/\n {2}/g, ' ')).toContain('pass --allow-admin and confirm by typing the login.')
    expect(r.stdout).toBe('')
    expect(o.changes()).toEqual([])
    expect(o.requests.map((q) => q.path)).toContain(`/api/v1/users/${(await o.get<{ id: string }>('/api/v1/users/carol')).id}/roles`)
    const [line] = audit(r.home)
    expect(line).toMatchObject({ command: 'factors reset', login: 'carol@example.com', outcome: 'refused', requestId: null })
    expect(line?.reason).toContain('holds admin roles (SUPER_ADMIN)')
  })

  it('delete refuses an admin too', async () => {
    const o = await org()
    const r = await run(['factors', 'delete', 'carol', 'sms', '--yes'], { env: o.env })
    expect(r.exitCode).toBe(4)
    expect(o.changes()).toEqual([])
  })

  it('--allow-admin at a terminal: the login must be typed, even with --yes; then it resets', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'carol', '--allow-admin', '--yes', '--ticket', 'INC-7'], { env: o.env, tty: true, answers: ['Carol@Example.com'] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'input', message: 'carol@example.com is an admin. Type the login to confirm:' }])
    expect(o.changes().map((q) => `${q.method} ${q.status}`)).toEqual(['POST 200'])
    expect(await countFactors(o, 'carol')).toBe(0)
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'ok', ticket: 'INC-7', login: 'carol@example.com' })
  })

  it('--allow-admin at a terminal: a wrong login cancels (exit 130), nothing removed, logged as cancelled', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'carol', '--allow-admin'], { env: o.env, tty: true, answers: ['carol'] })
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toContain('Error: The login typed does not match; nothing was changed.\n')
    expect(o.changes()).toEqual([])
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'cancelled' })
  })

  it('--allow-admin off a terminal needs --yes (exit 2 before any request), and acts with it', async () => {
    const o = await org()
    const refused = await run(['factors', 'delete', 'carol', 'sms', '--allow-admin'], { env: o.env })
    expect(refused.exitCode).toBe(2)
    expect(o.requests).toEqual([])
    const r = await run(['factors', 'delete', 'carol', 'sms', '--allow-admin', '--yes'], { env: o.env })
    expect(r.exitCode).toBe(0)
    expect(o.changes().map((q) => q.method)).toEqual(['DELETE'])
  })

  it('roles that cannot be read (403) count as admin', async () => {
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [403, { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] }])
    stub('GET', '/api/v1/logs', [200, []])
    stub('GET', `/api/v1/users/${ALICE_ID}/factors`, [200, [factor('sms')]])
    const r = await run(['factors', 'reset', ALICE_ID, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('Admin roles: unknown (the roles could not be read: HTTP 403)')
    expect(r.stderr).toContain('Could not read the admin roles of alice@example.com (HTTP 403), so it is treated as an admin')
    expect(r.stderr).toContain('The API token acts as its admin, who may not read admin roles')
    expect(unmatched).toEqual([])
  })
})

describe('ticket', () => {
  it('requireTicket in the profile: no --ticket is a usage error (exit 2) before any request, and is logged', async () => {
    const o = await org()
    const home = o.homeWithProfile({ requireTicket: true })
    const r = await run(['factors', 'reset', 'alice', '--yes'], { home })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: Profile "helpdesk" requires a support ticket for changes.\nPass --ticket <id> (it is recorded in the audit log).\n')
    expect(o.requests).toEqual([])
    expect(audit(home)[0]).toMatchObject({ outcome: 'refused', login: 'alice', userId: null, profile: 'helpdesk', org: o.sb.url })
    const ok = await run(['factors', 'reset', 'alice', '--yes', '--ticket', 'INC-42'], { home })
    expect(ok.exitCode).toBe(0)
    expect(audit(home)[1]).toMatchObject({ outcome: 'ok', ticket: 'INC-42', profile: 'helpdesk' })
  })

  it('bulk runs need the ticket as well', async () => {
    const o = await org()
    const home = o.homeWithProfile({ requireTicket: true })
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes'], { home, stdin: 'alice\n' })
    expect(r.exitCode).toBe(2)
    expect(o.requests).toEqual([])
  })
})

describe('--verify-caller', () => {
  it('push approved: shows the number to read out, waits for SUCCESS, then resets; logged with the result', async () => {
    const o = await org({ push: 'approve' })
    const r = await run(['factors', 'reset', 'alice', '--yes', '--verify-caller', 'push', '--ticket', 'INC-1'], { env: o.env })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toMatch(/Push sent to alice@example\.com\. Tell the caller to pick {2}\d{1,2} {2}in Okta Verify\./)
    // the push challenge (number matching) came first, then the reset
    expect(o.changes().map((q) => q.method + ' ' + q.path.replace(/\/api\/v1\/users\/[^/]+/, '/users/U'))).toEqual([
      expect.stringMatching(/^POST \/users\/U\/factors\/[^/]+\/verify$/),
      'POST /users/U/lifecycle/reset_factors',
    ])
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'ok', callerVerification: { method: 'push', result: 'SUCCESS' } })
    expect(await countFactors(o, 'alice')).toBe(0)
  })

  it('push rejected: exit 3, nothing removed, logged as refused with REJECTED', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'bob', '--yes', '--verify-caller', 'push'], { env: o.env })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('Error: Caller verification failed: push REJECTED. Nothing was changed.\n')
    expect(o.changes().every((q) => q.path.endsWith('/verify'))).toBe(true)
    expect(await countFactors(o, 'bob')).toBe(1)
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'refused', callerVerification: { method: 'push', result: 'REJECTED' } })
  })

  it('push not answered in time: exit 3 (WAIT_TIMEOUT)', async () => {
    const o = await org({ push: 'manual' })
    const r = await run(['factors', 'delete', 'alice', 'sms', '--yes', '--verify-caller', 'push', '--wait-timeout', '4'], { env: o.env })
    expect(r.exitCode).toBe(3)
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'refused', callerVerification: { method: 'push', result: 'WAIT_TIMEOUT' } })
  })

  it('Ctrl-C while waiting for the push: exit 130, nothing removed, logged as cancelled', async () => {
    const o = await org({ push: 'manual' })
    let press = () => {}
    const r = await run(['factors', 'reset', 'alice', '--yes', '--verify-caller', 'push'], {
      env: o.env,
      onInterruptReady: (p) => (press = p),
      sleep: async () => press(),
    })
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toContain('Error: Cancelled while waiting for the caller to answer the push. Nothing was changed.\n')
    expect(o.changes().every((q) => q.path.endsWith('/verify'))).toBe(true)
    expect(await countFactors(o, 'alice')).toBe(4)
    // The auditor sees that a push was out, and which transaction it was.
    expect(audit(r.home)[0]).toMatchObject({
      command: 'factors reset', login: 'alice@example.com', outcome: 'cancelled',
      callerVerification: { method: 'push', result: 'CANCELLED' }, pendingTransaction: expect.stringMatching(/\S/),
    })
  })

  it('sms: sends a code, the agent types what the caller reads out, then deletes', async () => {
    const o = await org()
    const readOut = async () => {
      const sent = await o.get<Array<{ code: string; purpose: string }>>('/_sandbox/outbox?user=alice')
      return sent.filter((e) => e.purpose === 'verify').at(-1)?.code ?? ''
    }
    const r = await run(['factors', 'delete', 'alice', 'totp', '--verify-caller', 'sms'], { env: o.env, tty: true, answers: [readOut, true] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([
      { kind: 'password', message: 'Code the caller reads out:' },
      { kind: 'confirm', message: 'Delete this factor?' },
    ])
    expect(r.stderr).toContain('A code was sent by sms to +1555')
    const [line] = audit(r.home)
    expect(line).toMatchObject({ outcome: 'ok', callerVerification: { method: 'sms', result: 'SUCCESS' }, factors: [{ type: 'token:software:totp' }] })
  })

  it('totp: a wrong code stops it (exit 3) and the code is never logged', async () => {
    const T = 1_700_000_025_000
    const o = await org({ now: () => T })
    const right = generateSync({ secret: SEED_TOTP_SECRETS[ALICE], epoch: T / 1000 })
    const wrong = right === '000000' ? '111111' : '000000'
    const r = await run(['factors', 'reset', 'alice', '--verify-caller', 'totp', '--yes'], { env: o.env, tty: true, answers: [wrong] })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('Caller verification failed: the code is wrong (E0000068). Nothing was changed.')
    expect(r.asked).toEqual([{ kind: 'password', message: 'Code from the caller’s authenticator app:' }]) // masked: not echoed on stderr
    const text = readFileSync(join(r.home, 'state', 'audit.log'), 'utf8')
    expect(jsonl(text)[0]).toMatchObject({ outcome: 'refused', callerVerification: { method: 'totp', result: 'WRONG_CODE' } })
    expect(text).not.toContain(wrong)
    const ok = await run(['factors', 'reset', 'alice', '--verify-caller', 'totp', '--yes'], { env: o.env, tty: true, answers: [right], home: r.home })
    expect(ok.exitCode).toBe(0)
    expect(readFileSync(join(r.home, 'state', 'audit.log'), 'utf8')).not.toContain(right)
  })

  it('a user without the chosen factor cannot be verified that way (exit 3)', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'carol', '--allow-admin', '--yes', '--verify-caller', 'push'], { env: o.env })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('Cannot verify the caller by push: carol@example.com has no active push factor.')
    expect(r.stderr).toContain('Choose another --verify-caller method (sms, email, totp).')
    expect(o.changes()).toEqual([])
  })

  it('codes need a terminal: --verify-caller sms off one is a usage error before any request', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'alice', '--yes', '--verify-caller', 'sms'], { env: o.env })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('--verify-caller sms needs a terminal')
    expect(o.requests).toEqual([])
  })

  it('an unknown method is a usage error', async () => {
    const r = await run(['factors', 'reset', 'alice', '--yes', '--verify-caller', 'voice'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --verify-caller must be push, sms, email, totp (got "voice").\n')
  })
})

describe('--dry-run', () => {
  it('reset: shows what would go, sends no change, needs no --yes; logged as dry-run', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'alice', '--dry-run', '--verify-caller', 'push'], { env: o.env })
    expect(r.exitCode).toBe(0)
    expect(o.changes()).toEqual([])
    expect(r.stderr).toContain('Would reset every factor of alice@example.com')
    expect(r.stderr).toContain('The caller would first be verified by push.\nDry run: nothing was changed.\n')
    // stdout says it too: every row is a dry-run, not a removal.
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'))
    expect(rows.map((l) => l[0])).toEqual(['dry-run', 'dry-run', 'dry-run', 'dry-run'])
    expect(rows.map((l) => l[2])).toEqual(['sms', 'token:software:totp', 'push', 'question'])
    const table = await run(['factors', 'reset', 'alice', '--dry-run'], { env: { ...o.env, NO_COLOR: '1' }, tty: true })
    expect(table.stdout).toMatch(/^RESULT {3}ID/)
    expect(table.stdout).not.toContain('ACTIVE')
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'dry-run', factors: expect.arrayContaining([{ id: expect.any(String), type: 'push' }]) })
  })

  it('delete and --types: nothing sent either', async () => {
    const o = await org()
    expect((await run(['factors', 'delete', 'alice', 'sms', '--dry-run'], { env: o.env })).exitCode).toBe(0)
    const t = await run(['factors', 'reset', 'alice', '--types', 'sms,totp', '--dry-run', '--json'], { env: o.env })
    expect(t.exitCode).toBe(0)
    const doc = JSON.parse(t.stdout) as { dryRun: boolean; login: string; factors: Array<{ factorType: string }> }
    expect(doc.dryRun).toBe(true)
    expect(doc.login).toBe('alice@example.com')
    expect(doc.factors.map((f) => f.factorType)).toEqual(['sms', 'token:software:totp'])
    const del = await run(['factors', 'delete', 'alice', 'sms', '--dry-run', '--json'], { env: o.env })
    expect(JSON.parse(del.stdout)).toMatchObject({ dryRun: true, factors: [{ factorType: 'sms' }] })
    expect(o.changes()).toEqual([])
  })

  it('an admin: the dry run says it would be refused (exit 4)', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', 'carol', '--dry-run'], { env: o.env })
    expect(r.exitCode).toBe(4)
    expect(o.changes()).toEqual([])
  })
})

describe('reset --types', () => {
  it('one DELETE per factor of those types; removeRecoveryEnrollment only for sms/call', async () => {
    const sms = factor('sms')
    const call = factor('call')
    const push = factor('push')
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', '/api/v1/logs', [200, []])
    stub('GET', `/api/v1/users/${ALICE_ID}/factors`, [200, [sms, call, push]])
    const delSms = stub('DELETE', `/api/v1/users/${ALICE_ID}/factors/${sms.id}`, [204, '', { 'X-Okta-Request-Id': 'req-sms' }])
    const delCall = stub('DELETE', `/api/v1/users/${ALICE_ID}/factors/${call.id}`, [204, '', { 'X-Okta-Request-Id': 'req-call' }])
    const r = await run(['factors', 'reset', ALICE_ID, '--types', 'sms,call', '--remove-recovery', '--yes', '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(delSms[0]?.query).toEqual({ removeRecoveryEnrollment: 'true' })
    expect(delCall[0]?.query).toEqual({ removeRecoveryEnrollment: 'true' })
    expect((JSON.parse(r.stdout) as { factors: Array<{ id: string }> }).factors.map((f) => f.id)).toEqual([sms.id, call.id])
    expect(r.stderr).toContain(`Will remove the sms, call factors of ${ALICE_ID}: sms ${sms.id}, call ${call.id}.`)
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'ok', requestId: 'req-call', requestIds: ['req-sms', 'req-call'] })
  })

  it.each([
    [['--types', 'sms,fax'], 'Error: --types: "fax" is not a factor type.'],
    [['--remove-recovery'], 'Error: --remove-recovery applies when removing sms or call factors'],
    [['--types', 'totp', '--remove-recovery'], 'Error: --remove-recovery applies when removing sms or call factors'],
  ])('usage errors before any request: %j', async (flags, message) => {
    const r = await run(['factors', 'reset', ALICE_ID, '--yes', ...flags], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(message)
    expect(unmatched).toEqual([])
  })
})
