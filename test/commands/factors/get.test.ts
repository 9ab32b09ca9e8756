import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, TOKEN, factor, oktaError } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const FACTORS = `/api/v1/users/${ALICE_ID}/factors`

describe('factors get', () => {
  const sms = factor('sms')

  it('gets a factor by id: one GET with the SSWS token; piped output is one TSV row', async () => {
    const sent = stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const r = await runCli(['factors', 'get', ALICE_ID, sms.id], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'GET', path: `${FACTORS}/${sms.id}`, query: {}, body: undefined })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(`${sms.id}\tsms\tOKTA\tACTIVE\t+15551230001\t2026-11-01T12:00:00.000Z\n`)
    expect(r.stderr).toBe('')
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['sms', { phoneNumber: '+15551230001' }, '+15551230001'],
    ['call', { phoneNumber: '+15551230002', phoneExtension: '1234' }, '+15551230002 x1234'],
    ['email', { email: 'alice@example.com' }, 'alice@example.com'],
    ['push', { name: 'Pixel 9', platform: 'ANDROID' }, 'Pixel 9 · ANDROID'],
    ['push', { deviceType: 'SmartPhone_IPhone' }, 'SmartPhone_IPhone'],
    ['question', { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' }, 'What is the food you least liked as a child?'],
    ['question', { question: 'disliked_food' }, 'disliked_food'],
    ['token', { credentialId: 'dade.murphy@example.com' }, 'dade.murphy@example.com'],
    ['webauthn', { authenticatorName: 'YubiKey 5 NFC' }, 'YubiKey 5 NFC'],
    ['token:hardware', {}, ''],
  ])('the DETAIL column of a %s factor (%j)', async (type, profile, detail) => {
    const f = factor(type, { profile })
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const r = await runCli(['factors', 'get', ALICE_ID, f.id], { env: ENV })
    expect(r.stdout).toBe(`${f.id}\t${type}\tOKTA\tACTIVE\t${detail}\t2026-11-01T12:00:00.000Z\n`)
  })

  it('draws a table on a terminal', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const r = await runCli(['factors', 'get', ALICE_ID, sms.id], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'ID                    TYPE  PROVIDER  STATUS  DETAIL        ENROLLED\n' +
        `${sms.id}  sms   OKTA      ACTIVE  +15551230001  28 days ago\n`,
    )
    expect(r.stderr).toBe('')
  })

  it('prints the factor object with --json', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const r = await runCli(['factors', 'get', ALICE_ID, sms.id, '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(sms)
  })

  it('-o json, -o tsv and -o table override the terminal default', async () => {
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms], 3)
    const json = await runCli(['factors', 'get', ALICE_ID, sms.id, '-o', 'json'], { env: TTY_ENV, tty: true })
    expect(JSON.parse(json.stdout)).toEqual(sms)
    const tsv = await runCli(['factors', 'get', ALICE_ID, sms.id, '-o', 'tsv'], { env: TTY_ENV, tty: true })
    expect(tsv.stdout).toBe(`${sms.id}\tsms\tOKTA\tACTIVE\t+15551230001\t2026-11-01T12:00:00.000Z\n`)
    const table = await runCli(['factors', 'get', ALICE_ID, sms.id, '--output', 'table'], { env: ENV })
    expect(table.stdout.split('\n')[0]).toBe('ID                    TYPE  PROVIDER  STATUS  DETAIL        ENROLLED')
  })

  it('rejects an unknown --output before sending anything (exit 2)', async () => {
    const r = await runCli(['factors', 'get', ALICE_ID, sms.id, '-o', 'yaml'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --output must be table, tsv or json (got "yaml").\n')
    expect(r.stdout).toBe('')
    expect(unmatched).toEqual([])
  })

  it('resolves a login with one GET /users/{login}, then uses the id', async () => {
    const lookup = stub('GET', `/api/v1/users/${encodeURIComponent(ALICE)}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    const got = stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const r = await runCli(['factors', 'get', ALICE, sms.id], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(lookup.map((s) => s.path)).toEqual(['/api/v1/users/alice%40example.com'])
    expect(got.map((s) => s.path)).toEqual([`${FACTORS}/${sms.id}`])
  })

  it('resolves a factor type to the one factor of that type (aliases too)', async () => {
    const totp = factor('token:software:totp')
    const list = stub('GET', FACTORS, [200, [sms, totp]], 2)
    const byType = await runCli(['factors', 'get', ALICE_ID, 'sms', '--json'], { env: ENV })
    expect(byType.exitCode).toBe(0)
    expect(JSON.parse(byType.stdout)).toEqual(sms)
    const byAlias = await runCli(['factors', 'get', ALICE_ID, 'TOTP', '--json'], { env: ENV })
    expect(JSON.parse(byAlias.stdout)).toEqual(totp)
    expect(list).toHaveLength(2)
  })

  it('refuses an ambiguous type with exit 2 and lists the candidates', async () => {
    const home = factor('sms', { profile: { phoneNumber: '+15551110000' } })
    const work = factor('sms', { status: 'PENDING_ACTIVATION', profile: { phoneNumber: '+15552220000' } })
    stub('GET', FACTORS, [200, [home, factor('push'), work]])
    const r = await runCli(['factors', 'get', ALICE_ID, 'sms'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      `Error: ${ALICE_ID} has 2 sms factors; name one by id:\n` +
        `  ${home.id}  sms  OKTA  ACTIVE  +15551110000\n` +
        `  ${work.id}  sms  OKTA  PENDING_ACTIVATION  +15552220000\n`,
    )
  })

  it('exits 5 when the user has no factor of the type', async () => {
    stub('GET', FACTORS, [200, [sms]])
    const r = await runCli(['factors', 'get', ALICE_ID, 'push'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(r.stderr).toBe(`Error: ${ALICE_ID} has no push factor.\nRun \`oktactl factors list <user>\` to see what is enrolled.\n`)
  })

  it('exits 5 with a hint for an unknown factor id', async () => {
    stub('GET', `${FACTORS}/mblNOPE`, [404, oktaError('E0000007', 'Not found: Resource not found: mblNOPE (UserFactor)')])
    const r = await runCli(['factors', 'get', ALICE_ID, 'mblNOPE'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`Error: ${ALICE_ID} has no factor "mblNOPE".\nRun \`oktactl factors list <user>\` to see the factor ids.\n`)
  })

  it('encodes the factor id as one path segment', async () => {
    const sent = stub('GET', `${FACTORS}/${encodeURIComponent('x?y#z')}`, [404, oktaError('E0000007', 'Not found')])
    const r = await runCli(['factors', 'get', ALICE_ID, 'x?y#z'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(sent[0]?.path).toBe(`${FACTORS}/x%3Fy%23z`)
    expect(sent[0]?.query).toEqual({})
  })

  it('refuses a factor of ".." before sending anything (exit 2)', async () => {
    const r = await runCli(['factors', 'get', ALICE_ID, '..'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: ".." is not a valid id or login.\n')
    expect(unmatched).toEqual([])
  })

  it('sends a factor id with "/" as one encoded segment', async () => {
    const sent = stub('GET', `${FACTORS}/a%2Fb`, [404, oktaError('E0000007', 'Not found')])
    const r = await runCli(['factors', 'get', ALICE_ID, 'a/b'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(sent[0]?.path).toBe(`${FACTORS}/a%2Fb`)
  })

  it('refuses a login with "/" (Okta can look it up by id only) without sending anything', async () => {
    const r = await runCli(['factors', 'get', 'a/b@example.com', 'sms'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: "a/b@example.com" contains "/"; Okta can only look such a login up by user id.\n')
    expect(unmatched).toEqual([])
  })
})
