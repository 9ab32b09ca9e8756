import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, TOKEN, oktaError } from '../../helpers/okta.js'
import { stub } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const CATALOG = `/api/v1/users/${ALICE_ID}/factors/catalog`

/** As Okta returns it (spec example listSupportedFactors). */
const catalog = [
  {
    factorType: 'question',
    provider: 'OKTA',
    vendorName: 'OKTA',
    status: 'NOT_SETUP',
    enrollment: 'OPTIONAL',
    _links: { enroll: { href: `https://acme.okta.com/api/v1/users/${ALICE_ID}/factors`, hints: { allow: ['POST'] } } },
  },
  {
    factorType: 'sms',
    provider: 'OKTA',
    vendorName: 'OKTA',
    status: 'ACTIVE',
    enrollment: 'REQUIRED',
    _embedded: { phones: [{ id: 'mbl1', profile: { phoneNumber: '+15551230001' }, status: 'ACTIVE' }] },
  },
  { factorType: 'token:software:totp', provider: 'GOOGLE', vendorName: 'GOOGLE', status: 'NOT_SETUP', enrollment: 'OPTIONAL' },
]

describe('factors catalog', () => {
  it('GETs /factors/catalog with the token; piped output is TSV without a header', async () => {
    const sent = stub('GET', CATALOG, [200, catalog])
    const r = await runCli(['factors', 'catalog', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ path: CATALOG, query: {}, body: undefined })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(
      'question\tOKTA\tOPTIONAL\tNOT_SETUP\tOKTA\n' +
        'sms\tOKTA\tREQUIRED\tACTIVE\tOKTA\n' +
        'token:software:totp\tGOOGLE\tOPTIONAL\tNOT_SETUP\tGOOGLE\n',
    )
    expect(r.stderr).toBe('')
  })

  it('draws a table on a terminal', async () => {
    stub('GET', CATALOG, [200, catalog])
    const r = await runCli(['factors', 'catalog', ALICE_ID], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'TYPE                 PROVIDER  ENROLLMENT  STATUS     VENDOR\n' +
        'question             OKTA      OPTIONAL    NOT_SETUP  OKTA\n' +
        'sms                  OKTA      REQUIRED    ACTIVE     OKTA\n' +
        'token:software:totp  GOOGLE    OPTIONAL    NOT_SETUP  GOOGLE\n',
    )
  })

  it('prints the catalog as Okta returned it with --json', async () => {
    stub('GET', CATALOG, [200, catalog])
    const r = await runCli(['factors', 'catalog', ALICE_ID, '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(catalog)
  })

  it('resolves a login first, then asks for the catalog by id', async () => {
    const lookup = stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    const sent = stub('GET', CATALOG, [200, []])
    const r = await runCli(['factors', 'catalog', ALICE, '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(lookup).toHaveLength(1)
    expect(sent).toHaveLength(1)
    expect(JSON.parse(r.stdout)).toEqual([])
  })

  it('says so on stderr when nothing is available (exit 0)', async () => {
    stub('GET', CATALOG, [200, []])
    const r = await runCli(['factors', 'catalog', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`No factors are available to ${ALICE_ID} under the org's policies.\n`)
  })

  it('exits 4 on 403 with the cause and ids', async () => {
    stub('GET', CATALOG, [403, oktaError('E0000006', 'You do not have permission to perform the requested action'), { 'X-Okta-Request-Id': 'req403' }])
    const r = await runCli(['factors', 'catalog', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toBe(
      'Error: Okta HTTP 403 E0000006: You do not have permission to perform the requested action\n' +
        '  (errorId oaeTESTERRORID, X-Okta-Request-Id req403: quote these to Okta support)\n' +
        'The credentials lack the admin permission (or OAuth scope) this command needs.\n',
    )
  })
})
