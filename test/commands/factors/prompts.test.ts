import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/main.js'
import { ALICE_ID, ENV, factor } from '../../helpers/okta.js'
import { fakeIO } from '../../helpers/io.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { FIXED_NOW } from '../../helpers/run.js'

/**
 * The interactive flows with the real @inquirer prompts (not the harness's fake prompter): keys
 * are typed into a terminal-like stdin, the prompt is drawn on stderr.
 */
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`

/** A stream the prompt may pipe into without ending it, as Node treats process.stderr (`_isStdio`). */
function terminalStream(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = []
  const stream = Object.assign(new PassThrough(), { _isStdio: true })
  stream.on('data', (c: Buffer) => chunks.push(c.toString()))
  return { stream, text: () => chunks.join('') }
}

async function typeInto(argv: string[], keys: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'oktactl-test-'))
  const f = fakeIO({ tty: true })
  const stdin = new PassThrough()
  const stderr = terminalStream()
  // Type each key once the prompt is waiting for it.
  let i = 0
  const timer = setInterval(() => {
    if (i < keys.length && stderr.text().split('?').length - 1 > i) stdin.write(keys[i++])
  }, 5)
  try {
    const exitCode = await main(argv, {
      io: { ...f.io, stdin, stderr: stderr.stream },
      env: { HOME: home, OKTACTL_CONFIG_DIR: join(home, 'config'), OKTACTL_STATE_DIR: join(home, 'state'), NO_COLOR: '1', ...ENV },
      cwd: home,
      now: () => FIXED_NOW,
      sleep: async () => {},
    })
    return { exitCode, stdout: f.stdout(), stderr: stderr.text() }
  } finally {
    clearInterval(timer)
  }
}

describe('real prompts at a terminal', () => {
  it('verify sms: sends the challenge, reads the typed code (masked), verifies it', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, (s) => [200, { factorResult: s.body ? 'SUCCESS' : 'CHALLENGE' }], 2)
    const r = await typeInto(['factors', 'verify', ALICE_ID, sms.id], ['246810\r'])
    expect(r.exitCode).toBe(0)
    expect(sent.map((s) => s.body)).toEqual([undefined, { passCode: '246810' }])
    expect(r.stderr).toContain('Code sent by sms to the user:')
    expect(r.stderr).not.toContain('246810')
    expect(r.stdout).toBe('RESULT   FACTOR                TRANSACTION  ANSWER\n' + `SUCCESS  ${sms.id}\n`)
  })

  it('verify sms: Ctrl-C at the code prompt exits 130; the challenge was sent, nothing verified', async () => {
    const sms = factor('sms')
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('POST', `${FACTORS}/${sms.id}/verify`, [200, { factorResult: 'CHALLENGE' }])
    const r = await typeInto(['factors', 'verify', ALICE_ID, sms.id], ['\x03'])
    expect(r.exitCode).toBe(130)
    expect(sent.map((s) => s.body)).toEqual([undefined])
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Error: Cancelled.\n')
    expect(unmatched).toEqual([])
  })

  it('activate: Ctrl-C at the code prompt exits 130 and sends no activation', async () => {
    const pending = factor('sms', { status: 'PENDING_ACTIVATION' })
    stub('GET', `${FACTORS}/${pending.id}`, [200, pending])
    const r = await typeInto(['factors', 'activate', ALICE_ID, pending.id], ['\x03'])
    expect(r.exitCode).toBe(130)
    expect(unmatched).toEqual([])
  })

  it('delete: answering n (the default is no) exits 130 and deletes nothing', async () => {
    const sms = factor('sms')
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: 'alice@example.com' } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', '/api/v1/logs', [200, []])
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const r = await typeInto(['factors', 'delete', ALICE_ID, sms.id], ['\r'])
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toContain('Delete this factor?')
    expect(r.stderr).toContain('Error: Cancelled; nothing was changed.\n')
    expect(unmatched).toEqual([])
  })

  it('delete: y deletes', async () => {
    const sms = factor('sms')
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: 'alice@example.com' } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', '/api/v1/logs', [200, []])
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('DELETE', `${FACTORS}/${sms.id}`, [204])
    const r = await typeInto(['factors', 'delete', ALICE_ID, sms.id], ['y\r'])
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
  })
})
