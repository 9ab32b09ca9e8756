import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, ORG, TOKEN, factor, mockUserLookup, okta, oktaError } from '../../helpers/okta.js'
import { runCli } from '../../helpers/run.js'

describe('factors list', () => {
  const sms = factor('sms')
  const push = factor('push')

  it('resolves a login once, then lists by id; piped output is TSV without a header', async () => {
    mockUserLookup()
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [sms, push])
    const r = await runCli(['factors', 'list', ALICE], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      `${sms.id}\tsms\tOKTA\tACTIVE\t+15551230001\t2026-11-01T12:00:00.000Z\n` +
        `${push.id}\tpush\tOKTA\tACTIVE\tAlice's iPhone · IOS\t2026-11-01T12:00:00.000Z\n`,
    )
    expect(r.stderr).toBe('')
  })

  it('uses an id as given, without a user lookup', async () => {
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [sms])
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout.split('\t')[0]).toBe(sms.id)
  })

  it('draws a table with a header and relative times on a terminal (NO_COLOR: no escapes)', async () => {
    mockUserLookup()
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [sms])
    const r = await runCli(['factors', 'list', ALICE], { env: { ...ENV, NO_COLOR: '1' }, tty: true })
    expect(r.exitCode).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+PROVIDER\s+STATUS\s+DETAIL\s+ENROLLED$/)
    expect(lines[1]).toMatch(new RegExp(`^${sms.id}\\s+sms\\s+OKTA\\s+ACTIVE\\s+\\+15551230001\\s+28 days ago$`))
    expect(r.stdout).not.toContain('\u001b[')
  })

  it('colours the status on a terminal, and never with --no-color', async () => {
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).times(2).reply(200, [sms])
    const coloured = await runCli(['factors', 'list', ALICE_ID], { env: ENV, tty: true })
    expect(coloured.stdout).toContain('\u001b[32mACTIVE\u001b[39m')
    const plain = await runCli(['factors', 'list', ALICE_ID, '--no-color'], { env: ENV, tty: true })
    expect(plain.stdout).not.toContain('\u001b[')
  })

  it('on a terminal, a device name cannot drive it: the table keeps our colours and escapes the org’s codes', async () => {
    const evil = { ...push, profile: { name: 'iPhone\u001b[8m\u001b]52;c;ZXZpbA==\u0007\r\n\u202eX', platform: 'IOS' } }
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [evil])
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV, tty: true })
    expect(r.stdout).toContain('\u001b[32mACTIVE\u001b[39m')
    expect(r.stdout).toContain('iPhone\\e[8m\\e]52;c;ZXZpbA==\\x07\\r\\n\\u202eX')
    // Once our own colour codes are taken out, no control character is left.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(r.stdout.replace(/\u001b\[(1|2|22|31|32|33|39)m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/)
    expect(r.stdout.trim().split('\n')).toHaveLength(2)
  })

  it('prints the API objects with --json, and [] when there are none', async () => {
    mockUserLookup()
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [sms])
    const r = await runCli(['factors', 'list', ALICE, '--json'], { env: ENV })
    expect(JSON.parse(r.stdout)).toEqual([sms])

    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [])
    const empty = await runCli(['factors', 'list', ALICE_ID, '--json'], { env: ENV })
    expect(empty.exitCode).toBe(0)
    expect(JSON.parse(empty.stdout)).toEqual([])
  })

  it('says so on stderr, with exit 0, when the user has no factors', async () => {
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [])
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`No factors enrolled for ${ALICE_ID}.\n`)
  })

  it('sends the SSWS token, JSON headers and a User-Agent', async () => {
    let headers: Record<string, string | string[]> = {}
    okta()
      .get(`/api/v1/users/${ALICE_ID}/factors`)
      .reply(function () {
        headers = this.req.headers
        return [200, []]
      })
    await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(headers.accept).toBe('application/json')
    expect(headers['user-agent']).toMatch(/^oktactl\/\d+\.\d+\.\d+ node\/v\d+/)
  })

  it('encodes a login so it cannot reach another endpoint', async () => {
    const odd = 'a?b=1#c@example.com'
    okta().get(`/api/v1/users/${encodeURIComponent(odd)}`).reply(404, oktaError('E0000007', 'Not found: Resource not found: x (User)'))
    const r = await runCli(['factors', 'list', odd], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(r.stderr).toContain(`No user "${odd}" in ${ORG}.`)
  })

  it.each(['../../apps', '..', 'a/b@example.com'])('refuses %s before sending anything (exit 2)', async (evil) => {
    const r = await runCli(['factors', 'list', evil], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
  })

  it('exits 5 with a clear message for an unknown user', async () => {
    okta().get('/api/v1/users/nobody%40example.com').reply(404, oktaError('E0000007', 'Not found: Resource not found: nobody@example.com (User)'))
    const r = await runCli(['factors', 'list', 'nobody@example.com'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(r.stdout).toBe('')
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })
})

describe('factors list for many users, --json', () => {
  it('redacts what the org sends that is secret, as every JSON output does (printJson, the one writer of stdout)', async () => {
    // A factor as a misbehaving org (or proxy) might send it: a TOTP shared secret and an
    // activation link, which must not reach stdout, where CI logs keep it.
    const totp = factor('token:software:totp', { _embedded: { activation: { sharedSecret: 'JBSWY3DPEHPK3PXP', _links: { qrcode: { href: `${ORG}/qr/secret` } } } } })
    mockUserLookup()
    okta().get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [totp])
    const r = await runCli(['factors', 'list', '--users-file', '-', '--json'], { env: ENV, stdin: `${ALICE}\n` })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).not.toContain('JBSWY3DPEHPK3PXP')
    const [row] = JSON.parse(r.stdout) as Array<{ factors: Array<{ _embedded: { activation: { sharedSecret: string } } }> }>
    expect(row?.factors[0]?._embedded.activation.sharedSecret).toBe('[REDACTED]')
  })
})
