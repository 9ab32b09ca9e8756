import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateSync } from 'otplib'
import { describe, expect, it } from 'vitest'
import { jsonl, org, run, type Org } from '../bulk/helpers.js'

// Issue 12 §4 ("Fewer dead ends") against the sandbox org, which answers as Okta does: a wrong
// passcode is 403 E0000068 and the challenge's code stays valid; a second SMS within 30 s is 429.

const T = 1_700_000_025_000
type OutboxEntry = { code: string; purpose: string; channel: string }
const outbox = (o: Org, user: string) => o.get<OutboxEntry[]>(`/_sandbox/outbox?user=${user}`)
const lastCode = async (o: Org, user: string, purpose: string) => (await outbox(o, user)).filter((e) => e.purpose === purpose).at(-1)?.code ?? ''
const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000')
const verifyPosts = (o: Org) => o.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/verify'))

describe('a wrong code at a terminal is asked again, within the same challenge (sandbox)', () => {
  it('factors verify alice sms: wrong, then the code sent: one SMS, exit 0', async () => {
    const o = await org({ now: () => T })
    const right = async () => lastCode(o, 'alice', 'verify')
    const wrong = async () => wrongFor(await right())
    const r = await run(['factors', 'verify', 'alice', 'sms'], { env: o.env, tty: true, answers: [wrong, right] })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.asked).toHaveLength(2)
    expect(r.stderr).toContain('! Wrong code: 2 tries left.')
    expect((await outbox(o, 'alice')).filter((e) => e.purpose === 'verify')).toHaveLength(1)
    expect(verifyPosts(o).map((q) => `${q.status}${q.errorCode ? ` ${q.errorCode}` : ''}`)).toEqual(['200', '403 E0000068', '200'])
  })

  it('three wrong codes: exit 3, one SMS, no 429', async () => {
    const o = await org({ now: () => T })
    const wrong = async () => wrongFor(await lastCode(o, 'alice', 'verify'))
    const r = await run(['factors', 'verify', 'alice', 'sms'], { env: o.env, tty: true, answers: [wrong, wrong, wrong] })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('! Wrong code: 1 try left.')
    expect(r.stderr).toContain('Error: Okta HTTP 403 E0000068: Invalid Passcode/Answer')
    expect((await outbox(o, 'alice')).filter((e) => e.purpose === 'verify')).toHaveLength(1)
    expect(o.requests.some((q) => q.status === 429)).toBe(false)
  })

  it('off a terminal: the challenge is sent and nothing is asked (as before)', async () => {
    const o = await org({ now: () => T })
    const r = await run(['factors', 'verify', 'alice', 'sms'], { env: o.env })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([])
    const again = await run(['factors', 'verify', 'alice', 'sms', '--code', wrongFor(await lastCode(o, 'alice', 'verify'))], { env: o.env })
    expect(again.exitCode).toBe(3)
    expect(verifyPosts(o)).toHaveLength(2)
  })

  it('helpdesk --verify-caller sms: a wrong code read out is asked again; then the factor is deleted', async () => {
    const o = await org({ now: () => T })
    const right = async () => lastCode(o, 'alice', 'verify')
    const wrong = async () => wrongFor(await right())
    const r = await run(['factors', 'delete', 'alice', 'totp', '--verify-caller', 'sms'], { env: o.env, tty: true, answers: [wrong, right, true] })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.asked.map((a) => a.message)).toEqual(['Code the caller reads out:', 'Code the caller reads out:', 'Delete this factor?'])
    expect(r.stderr).toContain('! Wrong code: 2 tries left.')
    expect((await outbox(o, 'alice')).filter((e) => e.purpose === 'verify')).toHaveLength(1)
    const lines = jsonl(readFileSync(join(r.home, 'state', 'audit.log'), 'utf8')).filter((e) => e.outcome !== 'intent')
    expect(lines[0]).toMatchObject({ outcome: 'ok', callerVerification: { method: 'sms', result: 'SUCCESS' } })
  })

  it('helpdesk --verify-caller sms: three wrong codes refuse (exit 3), nothing removed, one SMS', async () => {
    const o = await org({ now: () => T })
    const wrong = async () => wrongFor(await lastCode(o, 'alice', 'verify'))
    const r = await run(['factors', 'reset', 'alice', '--verify-caller', 'sms', '--yes'], { env: o.env, tty: true, answers: [wrong, wrong, wrong] })
    expect(r.exitCode).toBe(3)
    expect(r.asked).toHaveLength(3)
    expect(r.stderr).toContain('Caller verification failed: the code is wrong (E0000068). Nothing was changed.')
    expect(o.changes().every((q) => q.path.endsWith('/verify'))).toBe(true)
    expect((await outbox(o, 'alice')).filter((e) => e.purpose === 'verify')).toHaveLength(1)
    const lines = jsonl(readFileSync(join(r.home, 'state', 'audit.log'), 'utf8')).filter((e) => e.outcome !== 'intent')
    expect(lines[0]).toMatchObject({ outcome: 'refused', callerVerification: { method: 'sms', result: 'WRONG_CODE' } })
  })
})

describe('TOTP enrollment that would lose its secret is refused before anything is sent (sandbox)', () => {
  it.each<[string, string[], boolean]>([
    ['piped', [], false],
    ['--json, piped', ['--json'], false],
    ['--json at a terminal', ['--json'], true],
    ['Google, piped', ['--provider', 'GOOGLE'], false],
  ])('%s: exit 2, no request at all, dave still has no factor', async (_name, extra, tty) => {
    const o = await org({ now: () => T })
    const r = await run(['factors', 'enroll', 'dave', '--type', 'totp', ...extra], { env: o.env, tty })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('The TOTP secret would be lost')
    expect(r.stdout).toBe('')
    expect(o.requests).toEqual([])
    expect(await o.get<unknown[]>(`/api/v1/users/${(await o.get<{ id: string }>('/api/v1/users/dave')).id}/factors`)).toEqual([])
  })

  it.each<[string, string[], boolean]>([
    ['--all-users --yes', ['--all-users', '--yes'], false],
    ['--users-file -, at a terminal', ['--users-file', '-'], true],
    ['--group, --dry-run', ['--group', 'Everyone', '--dry-run'], false],
  ])('bulk enroll of totp (%s): exit 2, nothing sent (a bulk run cannot keep the secrets)', async (_name, source, tty) => {
    const o = await org({ now: () => T })
    const r = await run(['factors', 'enroll', ...source, '--type', 'totp'], { env: o.env, tty, stdin: 'dave\n' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain("Bulk enrollment of token:software:totp would lose every user's secret")
    expect(r.asked).toEqual([])
    expect(o.requests).toEqual([])
  })
})

describe('activate and resend by type pick the pending factor (sandbox)', () => {
  it('alice has an ACTIVE Okta TOTP; a pending Google one is what `activate alice totp` activates', async () => {
    const o = await org({ now: () => T })
    const file = join(mkdtempSync(join(tmpdir(), 'oktactl-dead-ends-')), 'google.uri')
    const enroll = await run(['factors', 'enroll', 'alice', '--type', 'totp', '--provider', 'GOOGLE', '--secret-file', file, '--json'], { env: o.env })
    expect(enroll.exitCode, enroll.stderr).toBe(0)
    const pending = JSON.parse(enroll.stdout) as { id: string; status: string }
    expect(pending.status).toBe('PENDING_ACTIVATION')
    const secret = new URL(readFileSync(file, 'utf8').trim()).searchParams.get('secret') ?? ''
    const code = generateSync({ secret, epoch: T / 1000 })
    const r = await run(['factors', 'activate', 'alice', 'totp', '--code', code, '--json'], { env: o.env })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ id: pending.id, status: 'ACTIVE', provider: 'GOOGLE' })
    // With both active, a type names two factors again: the usage error lists them.
    const both = await run(['factors', 'activate', 'alice', 'totp', '--code', code], { env: o.env })
    expect(both.exitCode).toBe(2)
    expect(both.stderr).toContain('has 2 token:software:totp factors; name one by id:')
  })
})
