import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { UserFactor } from '../../../src/api/types.js'
import { jsonl, org, run } from '../../bulk/helpers.js'
import { ALICE_ID, ENV, ORG, factor, okta } from '../../helpers/okta.js'
import { rateLimited, stub, unmatched } from '../../helpers/requests.js'
import { FIXED_NOW, runCli } from '../../helpers/run.js'

// --wait-timeout is a real deadline (src/factors/wait.ts): polls at 0, 2, 4 … s up to it, and
// the wait ends there whatever a poll does (slow, or its client waiting out a 429 or backing off
// after a 5xx). A wait that ends without an answer prints what is needed to go on (the push's
// transaction id and `factors poll` command; the factor id and `factors activate` command)
// before the error.
//
// Clocks: runCli's is fixed and its sleeps return at once, so there the wait's time is the sleeps
// it made (r.sleeps); `virtual` moves a clock on by each sleep, to see when each poll was made;
// `real` is the wall clock with real sleeps, for a poll that is slow in real time.

const FACTORS = `/api/v1/users/${ALICE_ID}/factors`

/** Sleeps on real timers, cleared after each test (as src/cli.ts clears them when main returns). */
const timers = new Set<NodeJS.Timeout>()
const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t)
      resolve()
    }, ms)
    timers.add(t)
  })
afterEach(() => {
  for (const t of timers) clearTimeout(t)
  timers.clear()
})
const real = { now: () => new Date(), sleep: realSleep }

/** A clock that only moves when oktactl sleeps; `at()` is ms since it started. */
function virtual() {
  let t = FIXED_NOW.getTime()
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += ms
    },
    at: () => t - FIXED_NOW.getTime(),
  }
}

describe('factors verify push --wait: the deadline', () => {
  const push = factor('push')
  const TX = 'v2mst.DeadlineTx0000000000000'
  const TX_PATH = `${FACTORS}/${push.id}/transactions/${TX}`
  const waiting = () => ({
    expiresAt: '2026-11-29T12:05:00.000Z',
    factorResult: 'WAITING',
    _links: { poll: { href: `${ORG}${TX_PATH}`, hints: { allow: ['GET'] } } },
  })
  const pollAgain = `Check it with: oktactl factors poll ${ALICE_ID} ${push.id} ${TX} --wait\n`
  const started = () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('POST', `${FACTORS}/${push.id}/verify`, [201, waiting()])
  }

  it('a poll answered 429 with a reset 20 s ahead: the wait ends at 4 s, not after two 21 s retries; exit 3, and how to poll again', async () => {
    started()
    const polls = stub('GET', TX_PATH, rateLimited({ date: FIXED_NOW, resetInSeconds: 20, requestId: 'reqRATE' }))
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait', '--wait-timeout', '4'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(polls).toHaveLength(1) // no retry after the deadline
    expect(unmatched).toEqual([])
    // The client's 21 s wait for the reset is cut to the 4 s left.
    expect(r.sleeps).toEqual([4000])
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toContain(`The push to ${ALICE_ID} may still be answered. ${pollAgain}`)
    expect(r.stderr.endsWith('Error: Gave up waiting: the result is still WAITING.\nRaise --wait-timeout, or poll again later.\n')).toBe(true)
  })

  it('the same on the wall clock: --wait-timeout 1 ends after about 1 s', async () => {
    started()
    stub('GET', TX_PATH, rateLimited({ date: new Date(), resetInSeconds: 20, requestId: 'reqRATE' }))
    const t0 = Date.now()
    const r = await run(['factors', 'verify', ALICE_ID, push.id, '--wait', '--wait-timeout', '1'], { env: ENV, ...real })
    const took = Date.now() - t0
    expect(r.exitCode).toBe(3)
    expect(took).toBeGreaterThanOrEqual(900)
    // Wide of the deadline, for a busy machine: waiting out the reset would take 20 s.
    expect(took).toBeLessThan(10_000)
    expect(r.stderr).toContain(pollAgain)
  })

  it('a poll that hangs (20 s): it is abandoned at the deadline, and the wait ends at 1.5 s (exit 3)', async () => {
    started()
    const t0 = Date.now()
    okta().get(TX_PATH).delay(20_000).reply(200, waiting())
    const r = await run(['factors', 'verify', ALICE_ID, push.id, '--wait', '--wait-timeout', '1.5'], { env: ENV, ...real })
    const took = Date.now() - t0
    expect(r.exitCode).toBe(3)
    expect(took).toBeGreaterThanOrEqual(1400)
    expect(took).toBeLessThan(10_000) // wide, for a busy machine: waiting for the answer would take 20 s
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t\n`)
    expect(r.stderr).toContain(pollAgain)
    expect(unmatched).toEqual([])
  })

  it('--wait-timeout 6 polls at 0, 2, 4 and 6 s (not 0, 2, 4), then exits 3', async () => {
    started()
    const clock = virtual()
    const at: number[] = []
    stub('GET', TX_PATH, () => (at.push(clock.at()), [200, waiting()]), 4)
    const r = await run(['factors', 'verify', ALICE_ID, push.id, '--wait', '--wait-timeout', '6'], { env: ENV, ...clock })
    expect(r.exitCode).toBe(3)
    expect(at).toEqual([0, 2000, 4000, 6000])
    expect(r.sleeps).toEqual([2000, 2000, 2000])
    expect(clock.at()).toBe(6000)
  })

  it('an answer at the last poll (6 s) still counts: exit 0', async () => {
    started()
    stub('GET', TX_PATH, (_s, n) => (n < 4 ? [200, waiting()] : [200, { factorResult: 'SUCCESS' }]), 4)
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait', '--wait-timeout', '6'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.sleeps).toEqual([2000, 2000, 2000])
    expect(r.stdout).toBe(`SUCCESS\t${push.id}\t${TX}\t\n`)
  })

  it('a 502 on the poll (after the GET retries): exit 1, the push as last known on stdout, how to poll again before the error', async () => {
    started()
    const polls = stub('GET', TX_PATH, [502, { errorSummary: 'Bad Gateway' }], 3)
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(polls).toHaveLength(3)
    expect(r.stdout).toBe(`WAITING\t${push.id}\t${TX}\t\n`)
    const hint = r.stderr.indexOf(pollAgain)
    expect(hint).toBeGreaterThanOrEqual(0)
    expect(r.stderr.indexOf('Error: Okta HTTP 502')).toBeGreaterThan(hint)
  })

  it('a 502 with --json: stdout stays one JSON document (the challenge, with its transaction), the error is JSON on stderr', async () => {
    started()
    stub('GET', TX_PATH, [502, { errorSummary: 'Bad Gateway' }], 3)
    const r = await runCli(['factors', 'verify', ALICE_ID, push.id, '--wait', '--json'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(JSON.parse(r.stdout)).toEqual(waiting())
    expect(r.stderr).toContain(pollAgain)
    expect(JSON.parse(r.stderr.slice(r.stderr.indexOf('{')))).toMatchObject({ error: { status: 502, exitCode: 1 } })
  })

  it('Ctrl-C while waiting: exit 130, and how to poll again', async () => {
    started()
    stub('GET', TX_PATH, [200, waiting()])
    let press = () => {}
    const r = await run(['factors', 'verify', ALICE_ID, push.id, '--wait'], { env: ENV, onInterruptReady: (p) => (press = p), sleep: async () => press() })
    expect(r.exitCode).toBe(130)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(pollAgain)
  })
})

describe('factors poll --wait: the deadline', () => {
  const push = factor('push')
  const TX = 'v2mst.PollDeadline000000000'
  const TX_PATH = `${FACTORS}/${push.id}/transactions/${TX}`

  it('no poll answered before the deadline (429 far ahead): exit 3 with nothing on stdout', async () => {
    stub('GET', `${FACTORS}/${push.id}`, [200, push])
    stub('GET', TX_PATH, rateLimited({ date: FIXED_NOW, resetInSeconds: 30, requestId: 'reqRATE' }))
    const r = await runCli(['factors', 'poll', ALICE_ID, push.id, TX, '--wait', '--wait-timeout', '3'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.sleeps).toEqual([3000])
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Error: Gave up waiting: Okta did not answer within 3 s.\nRaise --wait-timeout, or poll again later.\n')
  })
})

function pushPending(): UserFactor {
  const f = factor('push', { status: 'PENDING_ACTIVATION', created: '2026-11-29T11:59:30.000Z', profile: {} })
  f._embedded = {
    activation: {
      expiresAt: '2026-11-29T12:05:00.000Z',
      factorResult: 'WAITING',
      _links: { qrcode: { href: `${ORG}${FACTORS}/${f.id}/qr/00Deadline`, type: 'image/png' } },
    },
  }
  f._links = { poll: { href: `${ORG}${FACTORS}/${f.id}/lifecycle/activate/poll`, hints: { allow: ['POST'] } } }
  return f
}

describe('factors enroll --type push --wait: the deadline, and the new factor is never lost', () => {
  const row = (f: UserFactor) => `${f.id}\tpush\tOKTA\tPENDING_ACTIVATION\t\t2026-11-29T11:59:30.000Z\n`
  const goOn = (f: UserFactor) => `oktactl factors activate ${ALICE_ID} ${f.id} --wait`

  it('a 502 on the activation poll: exit 1, the factor on stdout, the activate command before the error', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    const polls = stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, [502, { errorSummary: 'Bad Gateway' }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(polls).toHaveLength(1) // a POST is not retried after a 5xx
    expect(r.stdout).toBe(row(f))
    const hint = r.stderr.indexOf(`Push factor ${f.id} is not active yet. Go on with: ${goOn(f)}\n`)
    expect(hint).toBeGreaterThanOrEqual(0)
    expect(r.stderr.indexOf('Error: Okta HTTP 502')).toBeGreaterThan(hint)
  })

  it('a 502 with --json: the factor as JSON on stdout', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, [502, { errorSummary: 'Bad Gateway' }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait', '--json'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ id: f.id, status: 'PENDING_ACTIVATION' })
    expect(r.stderr).toContain(goOn(f))
  })

  it('--wait-timeout 6: polls at 0, 2, 4 and 6 s, then exit 3 with the factor on stdout and the command in the hint', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    const clock = virtual()
    const at: number[] = []
    stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, () => (at.push(clock.at()), [200, { factorResult: 'WAITING' }]), 4)
    const r = await run(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait', '--wait-timeout', '6'], { env: ENV, ...clock })
    expect(r.exitCode).toBe(3)
    expect(at).toEqual([0, 2000, 4000, 6000])
    expect(r.sleeps).toEqual([2000, 2000, 2000])
    expect(r.stdout).toBe(row(f))
    expect(r.stderr).toContain(`Error: Gave up waiting for the QR code to be scanned.\nRaise --wait-timeout, or run \`${goOn(f)}\` again.\n`)
  })

  it('an activation poll answered 429 far ahead ends at the deadline (exit 3), the factor still printed', async () => {
    const f = pushPending()
    stub('POST', FACTORS, [200, f])
    stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, rateLimited({ date: FIXED_NOW, resetInSeconds: 20, requestId: 'reqRATE' }))
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--wait', '--wait-timeout', '4'], { env: ENV })
    expect(r.exitCode).toBe(3)
    expect(r.sleeps).toEqual([4000])
    expect(r.stdout).toBe(row(f))
    expect(unmatched).toEqual([])
  })
})

describe('factors activate push --wait: a poll error says how to go on', () => {
  it('a 502 on the poll: exit 1, the activate command with the factor id before the error', async () => {
    const f = pushPending()
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    stub('POST', `${FACTORS}/${f.id}/lifecycle/activate/poll`, [502, { errorSummary: 'Bad Gateway' }])
    const r = await runCli(['factors', 'activate', ALICE_ID, f.id, '--wait'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`Push factor ${f.id} is not active yet. Go on with: oktactl factors activate ${ALICE_ID} ${f.id} --wait\n`)
  })
})

describe('caller verification (helpdesk): the deadline still refuses the change', () => {
  const audit = (home: string) => jsonl(readFileSync(join(home, 'state', 'audit.log'), 'utf8')).filter((e) => e.outcome !== 'intent')

  it('a caller push whose poll is rate limited past the deadline: exit 3, nothing deleted, audited WAIT_TIMEOUT', async () => {
    // Two requests a minute per endpoint, on a clock that stands still: the third poll gets a
    // 429 whose reset (the end of the minute) is 61 s away, well past the 6 s wait.
    const o = await org({ push: 'manual', rateLimit: 2, now: () => FIXED_NOW.getTime() })
    const r = await run(['factors', 'delete', 'alice', 'sms', '--yes', '--verify-caller', 'push', '--wait-timeout', '6', '--no-activity'], { env: o.env })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('Error: Caller verification failed: push not answered in time. Nothing was changed.\n')
    const polls = o.requests.filter((q) => q.path.includes('/transactions/'))
    expect(polls.map((q) => q.status)).toEqual([200, 200, 429])
    expect(r.sleeps).toEqual([2000, 2000, 2000]) // the last one the 61 s reset, cut to the 2 s left
    expect(o.changes().every((q) => q.path.endsWith('/verify'))).toBe(true)
    expect(audit(r.home)[0]).toMatchObject({ outcome: 'refused', callerVerification: { method: 'push', result: 'WAIT_TIMEOUT' } })
  })
})
