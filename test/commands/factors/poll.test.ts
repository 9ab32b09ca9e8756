import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, ORG, TOKEN, factor, oktaError } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`

describe('factors poll', () => {
  const push = factor('push')
  const TX = 'v2mst.GldKV5VxTrifyeZmWSQguA'
  const TX_PATH = `${FACTORS}/${push.id}/transactions/${TX}`
  const waiting = {
    expiresAt: '2026-11-29T12:05:00.000Z',
    factorResult: 'WAITING',
    _links: { poll: { href: `${ORG}${TX_PATH}`, hints: { allow: ['GET'] } } },
  }

  it('GETs the transaction once without --wait; WAITING exits 0', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const sent = stub('GET', TX_PATH, [200, waiting])
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, TX], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'GET', path: TX_PATH, query: {}, body: undefined })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toBe('')
    expect(r.sleeps).toEqual([])
  })

  it('SUCCESS: a table on a terminal, the object with --json', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push], 2)
    stub('GET', TX_PATH, [200, { factorResult: 'SUCCESS' }], 2)
    const tty = await runCli(['factors', 'poll', ALICE_ID, push.id, TX], { env: TTY_ENV, tty: true })
    expect(tty.exitCode).toBe(0)
    expect(tty.stdout).toBe('RESULT   FACTOR                TRANSACTION                   ANSWER\n' + `SUCCESS  ${push.id}  ${TX}\n`)
    const json = await runCli(['factors', 'poll', ALICE_ID, push.id, TX, '--json'], { env: ENV })
    expect(json.exitCode).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({ factorResult: 'SUCCESS' })
  })

  it('resolves the login and "push", then polls by ids', async () => {
    stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', FACTORS, [200, [factor('sms'), push]])
    const sent = stub('GET', TX_PATH, [200, { factorResult: 'SUCCESS' }])
    const r = await runCli(['factors', 'poll', ALICE, 'push', TX], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
  })

  it('shows the number of a number-matching challenge', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('GET', TX_PATH, [200, { ...waiting, _embedded: { challenge: { correctAnswer: 14 } } }])
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, TX], { env: ENV })
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t14\n`)
  })

  it.each(['REJECTED', 'TIMEOUT'])('%s exits 3', async (final) => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('GET', TX_PATH, [200, { factorResult: final }])
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, TX], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toBe(`${final}\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toBe(`Error: Verification ${final.toLowerCase()}.\n`)
  })

  it('--wait polls every 2 s until the result is final', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const sent = stub('GET', TX_PATH, (_s, n) => (n < 4 ? [200, waiting] : [200, { factorResult: 'REJECTED' }]), 4)
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, TX, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(sent).toHaveLength(4)
    expect(r.sleeps).toEqual([2000, 2000, 2000])
    expect(r.stdout).toBe(`REJECTED\t${push.id}\t${TX}\t\n`)
  })

  it('--wait --wait-timeout: gives up while WAITING (exit 3)', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const sent = stub('GET', TX_PATH, [200, waiting], 2)
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, TX, '--wait', '--wait-timeout', '3'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(sent).toHaveLength(2)
    expect(r.stderr).toBe('Error: Gave up waiting: the result is still WAITING.\nRaise --wait-timeout, or poll again later.\n')
  })

  it('encodes the transaction id as one path segment', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    const sent = stub('GET', `${FACTORS}/${push.id}/transactions/a%2F..%2Fb`, [404, oktaError('E0000007', 'Not found: Resource not found: a/../b (Transaction)')])
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, 'a/../b'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(sent[0]?.path).toBe(`${FACTORS}/${push.id}/transactions/a%2F..%2Fb`)
    expect(r.stderr).toContain('Error: Okta HTTP 404 E0000007: Not found: Resource not found: a/../b (Transaction)\n')
  })

  it('a missing transaction argument is a usage error (exit 2), nothing sent', async () => {
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe("Error: missing required argument 'transaction'\n")
    expect(unmatched).toEqual([])
  })
})
