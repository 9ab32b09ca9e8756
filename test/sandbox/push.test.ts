import { describe, expect, it } from 'vitest'
import type { SandboxOptions } from '../../src/sandbox/index.js'
import { org, rel } from './helpers.js'

async function challenge(opts: SandboxOptions, who = 'alice', body?: unknown) {
  const o = await org(opts)
  const user = await o.userId(who)
  const push = await o.factorOf(user, 'push')
  const r = await o.post(`/api/v1/users/${user}/factors/${push.id}/verify`, body)
  const poll = () => o.get(rel(o.sb, r.body._links.poll.href))
  return { o, user, push, r, poll }
}

describe('sandbox push verification', () => {
  it('answers 201 WAITING with poll and cancel links ending in the transaction id', async () => {
    const { o, user, push, r } = await challenge({ pushDelay: 2 })
    expect(r.status).toBe(201)
    const href = r.body._links.poll.href as string
    expect(href).toMatch(new RegExp(`^${o.sb.url}/api/v1/users/${user}/factors/${push.id}/transactions/v2mst\\.[\\w-]{22}$`))
    expect(r.body).toEqual({
      expiresAt: new Date(o.clock.t + 5 * 60_000).toISOString(),
      factorResult: 'WAITING',
      _links: { poll: { href, hints: { allow: ['GET'] } }, cancel: { href, hints: { allow: ['DELETE'] } } },
    })
  })

  it('approve: WAITING until the delay has passed, then SUCCESS', async () => {
    const { o, poll } = await challenge({ pushDelay: 2 })
    const w = await poll()
    expect(w.body).toMatchObject({ factorResult: 'WAITING', profile: { credentialId: 'alice@example.com' }, _links: { poll: {}, cancel: {} } })
    o.tick(2_000)
    expect((await poll()).body).toEqual({ factorResult: 'SUCCESS' })
  })

  it.each([
    ['reject', 'REJECTED'],
    ['timeout', 'TIMEOUT'],
  ] as const)('%s: %s with verify and factor links', async (mode, result) => {
    const { o, user, push, poll } = await challenge({ push: mode })
    const r = await poll()
    const factor = `${o.sb.url}/api/v1/users/${user}/factors/${push.id}`
    expect(r.body).toEqual({
      factorResult: result,
      profile: { credentialId: 'alice@example.com' },
      _links: { verify: { href: `${factor}/verify`, hints: { allow: ['POST'] } }, factor: { href: factor, hints: { allow: ['GET', 'DELETE'] } } },
    })
  })

  it('manual: waits for POST /_sandbox/push, and times out after 5 minutes unanswered', async () => {
    const { o, poll } = await challenge({ push: 'manual' })
    o.tick(60_000)
    expect((await poll()).body.factorResult).toBe('WAITING')
    const a = await o.post('/_sandbox/push', { user: 'alice', answer: 'approve' })
    expect(a.body).toMatchObject({ answer: 'approve', transactions: 1, activations: 0 })
    expect((await poll()).body).toEqual({ factorResult: 'SUCCESS' })

    const alice = await o.userId('alice')
    const push = await o.factorOf(alice, 'push')
    const second = await o.post(`/api/v1/users/${alice}/factors/${push.id}/verify`)
    await o.post('/_sandbox/push', { user: alice, answer: 'reject' })
    expect((await o.get(rel(o.sb, second.body._links.poll.href))).body.factorResult).toBe('REJECTED')

    const third = await o.post(`/api/v1/users/${alice}/factors/${push.id}/verify`)
    o.tick(5 * 60_000)
    expect((await o.get(rel(o.sb, third.body._links.poll.href))).body.factorResult).toBe('TIMEOUT')
    expect((await o.post('/_sandbox/push', { user: 'alice', answer: 'maybe' })).body.errorCode).toBe('E0000001')
  })

  it('bob rejects every push, even in approve mode and even when told to approve', async () => {
    const { o, poll } = await challenge({ push: 'manual' }, 'bob')
    await o.post('/_sandbox/push', { user: 'bob', answer: 'approve' })
    expect((await poll()).body.factorResult).toBe('REJECTED')
    const approve = await challenge({ push: 'approve' }, 'bob')
    expect((await approve.poll()).body.factorResult).toBe('REJECTED')
  })

  it('number matching: the challenge and the waiting transaction carry correctAnswer', async () => {
    const { r, poll } = await challenge({ pushDelay: 5 }, 'alice', { useNumberMatchingChallenge: true })
    expect(r.status).toBe(201)
    const n = r.body._embedded.challenge.correctAnswer
    expect(Number.isInteger(n) && n >= 10 && n <= 99).toBe(true)
    expect((await poll()).body._embedded).toEqual({ challenge: { correctAnswer: n } })
  })

  it('cancel (DELETE on the cancel link): 204, then the transaction is gone', async () => {
    const { o, r, poll } = await challenge({ pushDelay: 5 })
    const d = await o.del(rel(o.sb, r.body._links.cancel.href))
    expect(d.status).toBe(204)
    const p = await poll()
    expect(p.status).toBe(404)
    expect(p.body.errorCode).toBe('E0000007')
  })

  it('a transaction id of another factor is not found', async () => {
    const { o, user, r } = await challenge({})
    const sms = await o.factorOf(user, 'sms')
    const tx = (r.body._links.poll.href as string).split('/').pop()
    expect((await o.get(`/api/v1/users/${user}/factors/${sms.id}/transactions/${tx}`)).status).toBe(404)
  })
})

describe('sandbox push enrollment (activation poll)', () => {
  async function enrollPush(opts: SandboxOptions) {
    const o = await org(opts)
    const dave = await o.userId('dave')
    const e = await o.post(`/api/v1/users/${dave}/factors`, { factorType: 'push', provider: 'OKTA' })
    const poll = () => o.post(rel(o.sb, e.body._links.poll.href))
    return { o, dave, e, poll }
  }

  it('turns ACTIVE once "scanned" after the push delay; Okta Verify TOTP and signed_nonce come along', async () => {
    const { o, dave, e, poll } = await enrollPush({ pushDelay: 3 })
    const w = await poll()
    expect(w.status).toBe(200)
    expect(w.body).toMatchObject({ factorResult: 'WAITING', expiresAt: expect.any(String), _links: { poll: { hints: { allow: ['POST'] } }, qrcode: { type: 'image/png' }, send: [{ name: 'email' }, { name: 'sms' }] } })
    o.tick(3_000)
    const done = await poll()
    expect(done.body).toMatchObject({ id: e.body.id, factorType: 'push', status: 'ACTIVE', profile: { credentialId: 'dave@example.com', platform: 'IOS' } })
    expect((await o.get(`/api/v1/users/${dave}/factors`)).body.map((f: any) => f.factorType)).toEqual(['push', 'token:software:totp', 'signed_nonce'])
    // Polling again keeps answering with the factor.
    expect((await poll()).body.status).toBe('ACTIVE')
  })

  it('timeout mode: TIMEOUT with an activate link; activate restarts the activation', async () => {
    const { o, e, poll } = await enrollPush({ push: 'timeout' })
    const t = await poll()
    expect(t.body).toEqual({ factorResult: 'TIMEOUT', _links: { activate: { href: e.body._links.activate.href, hints: { allow: ['POST'] } } } })
    const again = await o.post(rel(o.sb, e.body._links.activate.href))
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ factorResult: 'WAITING', _links: { poll: { href: e.body._links.poll.href } } })
  })

  it('manual mode: POST /_sandbox/push approve scans the QR code; reject cancels', async () => {
    const { o, poll } = await enrollPush({ push: 'manual' })
    expect((await poll()).body.factorResult).toBe('WAITING')
    expect((await o.post('/_sandbox/push', { user: 'dave', answer: 'approve' })).body.activations).toBe(1)
    expect((await poll()).body.status).toBe('ACTIVE')

    const other = await enrollPush({ push: 'manual' })
    await other.o.post('/_sandbox/push', { user: 'dave', answer: 'reject' })
    expect((await other.poll()).body.factorResult).toBe('CANCELLED')
  })

  it('sends the activation link by email or sms to the outbox', async () => {
    const { o, e } = await enrollPush({ pushDelay: 5 })
    const send = e.body._embedded.activation._links.send as { name: string; href: string }[]
    const r = await o.post(rel(o.sb, send[0]!.href))
    expect(r.body.factorResult).toBe('WAITING')
    const [sent] = await o.outbox('dave')
    expect(sent).toMatchObject({ channel: 'email', to: 'dave@example.com', purpose: 'activation-link', link: expect.stringContaining('/qr/') })
    expect((await o.post(rel(o.sb, send[1]!.href))).body.errorCode).toBe('E0000001') // dave has no mobile phone
  })
})
