import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { OktaClient } from '../../src/api/client.js'
import { ResponseHeaders } from '../../src/api/transport.js'
import { OktaApiError } from '../../src/errors.js'
import { ALICE_ID, ENV, ORG, TOKEN, factor, oktaError } from '../helpers/okta.js'
import { rateLimited, stub, unmatched } from '../helpers/requests.js'
import { FIXED_NOW, runCli } from '../helpers/run.js'

const FACTORS = `/api/v1/users/${ALICE_ID}/factors`
const sms = factor('sms')
const row = `${sms.id}\tsms\tOKTA\tACTIVE\t+15551230001\t2026-11-01T12:00:00.000Z\n`

describe('429: wait X-Rate-Limit-Reset − Date + 1 s, then retry with X-Okta-Retry-* headers', () => {
  it('waits, says so on stderr, retries with X-Okta-Retry-For/-Count, and succeeds', async () => {
    const sent = stub('GET', FACTORS, (_s, n) =>
      n === 1 ? rateLimited({ date: FIXED_NOW, resetInSeconds: 5, requestId: 'reqRL1' })
      : n === 2 ? rateLimited({ date: FIXED_NOW, resetInSeconds: 2, requestId: 'reqRL2' })
      : [200, [sms]], 3)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.sleeps).toEqual([6000, 3000])
    expect(r.stdout).toBe(row)
    expect(r.stderr).toBe(
      `! Rate limited by Okta (GET ${FACTORS}); waiting 6 s before retry 1 of 2.\n` +
        `! Rate limited by Okta (GET ${FACTORS}); waiting 3 s before retry 2 of 2.\n`,
    )
    expect(sent.map((s) => [s.headers['x-okta-retry-for'], s.headers['x-okta-retry-count']])).toEqual([
      [undefined, undefined],
      ['reqRL1', '1'],
      ['reqRL2', '2'],
    ])
    expect(sent.every((s) => s.headers.authorization === `SSWS ${TOKEN}`)).toBe(true)
  })

  it('computes the wait from the response Date, not the local clock', async () => {
    const skewed = new Date(FIXED_NOW.getTime() - 3_600_000) // Okta's clock an hour behind ours
    stub('GET', FACTORS, (_s, n) => (n === 1 ? rateLimited({ date: skewed, resetInSeconds: 10, requestId: 'r' }) : [200, [sms]]), 2)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.sleeps).toEqual([11000])
  })

  it('a reset already past still waits 1 s', async () => {
    stub('GET', FACTORS, (_s, n) => (n === 1 ? rateLimited({ date: FIXED_NOW, resetInSeconds: -30, requestId: 'r' }) : [200, [sms]]), 2)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.sleeps).toEqual([1000])
  })

  it('retries a POST after a 429 (Okta did not process it)', async () => {
    const sent = stub('POST', FACTORS, (_s, n) =>
      n === 1 ? rateLimited({ date: FIXED_NOW, resetInSeconds: 1, requestId: 'reqP' }) : [200, factor('push', { status: 'PENDING_ACTIVATION' })], 2)
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.sleeps).toEqual([2000])
    expect(sent.map((s) => s.body)).toEqual([{ factorType: 'push', provider: 'OKTA' }, { factorType: 'push', provider: 'OKTA' }])
    expect(sent[1]?.headers['x-okta-retry-for']).toBe('reqP')
  })

  it('exits 6 after --max-retries retries, with the error and request id', async () => {
    const sent = stub('GET', FACTORS, rateLimited({ date: FIXED_NOW, resetInSeconds: 1, requestId: 'reqRL' }), 4)
    const r = await runCli(['factors', 'list', ALICE_ID, '--max-retries', '3'], { env: ENV })
    expect(r.exitCode).toBe(6)
    expect(sent).toHaveLength(4)
    expect(r.sleeps).toEqual([2000, 2000, 2000])
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n').slice(3).join('\n')).toBe(
      'Error: Okta HTTP 429 E0000047: API call exceeded rate limit due to too many requests.\n' +
        '  (errorId oaeRATELIMITED, X-Okta-Request-Id reqRL: quote these to Okta support)\n' +
        'Rate limited. Try again after the reset time, or raise --max-retries.\n',
    )
  })

  it('defaults to 2 retries', async () => {
    const sent = stub('GET', FACTORS, rateLimited({ date: FIXED_NOW, resetInSeconds: 0, requestId: 'r' }), 3)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(6)
    expect(sent).toHaveLength(3)
    expect(r.sleeps).toEqual([1000, 1000])
  })

  it('--max-retries 0 means no retry at all', async () => {
    const sent = stub('GET', FACTORS, rateLimited({ date: FIXED_NOW, resetInSeconds: 5, requestId: 'r' }))
    const r = await runCli(['factors', 'list', ALICE_ID, '--max-retries', '0'], { env: ENV })
    expect(r.exitCode).toBe(6)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
    expect(r.stderr).not.toContain('waiting')
  })

  it('--json: the 429 error is a JSON object on stderr', async () => {
    stub('GET', FACTORS, rateLimited({ date: FIXED_NOW, resetInSeconds: 5, requestId: 'reqJ' }))
    const r = await runCli(['factors', 'list', ALICE_ID, '--max-retries', '0', '--json'], { env: ENV })
    expect(r.exitCode).toBe(6)
    expect(r.stdout).toBe('')
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: 'Okta HTTP 429 E0000047: API call exceeded rate limit due to too many requests.',
        exitCode: 6,
        status: 429,
        errorCode: 'E0000047',
        errorSummary: 'API call exceeded rate limit due to too many requests.',
        errorCauses: [],
        errorId: 'oaeRATELIMITED',
        requestId: 'reqJ',
      },
    })
  })

  it.each<[string, string[]]>([
    ['E0000109', ['factors', 'verify', ALICE_ID, 'sms']],
    ['E0000133', ['factors', 'verify', ALICE_ID, 'call']],
  ])('never retries %s (each retry would send another code): one POST, exit 6', async (code, argv) => {
    const type = argv[3] as string
    const f = factor(type)
    stub('GET', FACTORS, [200, [f]])
    const sent = stub('POST', `${FACTORS}/${f.id}/verify`, rateLimited({ date: FIXED_NOW, resetInSeconds: 30, requestId: 'r', code }))
    const r = await runCli(argv, { env: ENV })
    expect(r.exitCode).toBe(6)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
  })

  it('rejects a --max-retries that is not a whole number (exit 2, nothing sent)', async () => {
    const r = await runCli(['factors', 'list', ALICE_ID, '--max-retries', 'two'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --max-retries must be a whole number (got "two").\n')
    expect(unmatched).toEqual([])
  })
})

describe('5xx and network errors: GETs are retried with backoff, POST and DELETE never', () => {
  it('retries a GET after 503 with backoff (250 ms, 500 ms)', async () => {
    const sent = stub('GET', FACTORS, (_s, n) => (n < 3 ? [503, 'Service Unavailable'] : [200, [sms]]), 3)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(3)
    expect(r.sleeps).toEqual([250, 500])
    expect(r.stdout).toBe(row)
  })

  it('gives up on a GET after the retries: exit 1', async () => {
    const sent = stub('GET', FACTORS, [500, oktaError('E0000009', 'Internal Server Error')], 3)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(sent).toHaveLength(3)
    expect(r.stderr).toBe('Error: Okta HTTP 500 E0000009: Internal Server Error\n  (errorId oaeTESTERRORID: quote these to Okta support)\n')
  })

  it('--max-retries 0 also turns off GET retries', async () => {
    const sent = stub('GET', FACTORS, [502, '<html>Bad Gateway</html>'])
    const r = await runCli(['factors', 'list', ALICE_ID, '--max-retries', '0'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
  })

  it('retries a GET after a network error', async () => {
    okta503NetworkThenOk()
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(r.sleeps).toEqual([250])
    expect(r.stdout).toBe(row)
  })

  it('never re-sends a POST after a network error (exit 1)', async () => {
    const f = factor('sms')
    stub('GET', `${FACTORS}/${f.id}`, [200, f])
    const scope = nock(ORG).post(`${FACTORS}/${f.id}/verify`).replyWithError(econnreset())
    const r = await runCli(['factors', 'verify', ALICE_ID, f.id, '--code', '123456'], { env: ENV })
    expect(scope.isDone()).toBe(true)
    expect(r.exitCode).toBe(1)
    expect(r.sleeps).toEqual([])
    expect(r.stderr).toBe(`Error: POST ${ORG}${FACTORS}/${f.id}/verify failed: read ECONNRESET\n`)
    expect(unmatched).toEqual([]) // not sent a second time
  })

  it('a GET that times out (--timeout) is a network failure: exit 1', async () => {
    const scope = nock(ORG).get(FACTORS).delay(2000).reply(200, [])
    const r = await runCli(['factors', 'list', ALICE_ID, '--timeout', '0.05', '--max-retries', '0'], { env: ENV })
    expect(scope.isDone()).toBe(true)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe(`Error: GET ${ORG}${FACTORS} failed: timed out after 0.05 s\n`)
  })

  it('a --timeout beyond what a timer can hold waits instead of timing out at once', async () => {
    const scope = nock(ORG).get(FACTORS).delay(50).reply(200, [sms])
    const r = await runCli(['factors', 'list', ALICE_ID, '--timeout', '99999999999', '--max-retries', '0'], { env: ENV })
    expect(scope.isDone()).toBe(true)
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(row)
  })

  it('never re-sends a POST after a 5xx', async () => {
    const sent = stub('POST', FACTORS, [503, 'Service Unavailable'])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
    expect(r.stderr).toBe('Error: Okta HTTP 503: Service Unavailable\nThe change may have been made (a server error can come after it was): check before retrying.\n')
  })

  it('never re-sends a DELETE after a network error', async () => {
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: 'alice@example.com' } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', '/api/v1/logs', [200, []])
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const scope = nock(ORG).delete(`${FACTORS}/${sms.id}`).replyWithError(econnreset())
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes'], { env: ENV })
    expect(scope.isDone()).toBe(true)
    expect(r.exitCode).toBe(1)
    expect(r.sleeps).toEqual([])
    expect(unmatched).toEqual([])
  })

  it('never re-sends a DELETE after a 5xx', async () => {
    // delete shows the user and checks its admin roles first (issue 5)
    stub('GET', `/api/v1/users/${ALICE_ID}`, [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: 'alice@example.com' } }])
    stub('GET', `/api/v1/users/${ALICE_ID}/roles`, [200, []])
    stub('GET', '/api/v1/logs', [200, []])
    stub('GET', `${FACTORS}/${sms.id}`, [200, sms])
    const sent = stub('DELETE', `${FACTORS}/${sms.id}`, [500, oktaError('E0000009', 'Internal Server Error')])
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(sent).toHaveLength(1)
    expect(r.sleeps).toEqual([])
  })
})

describe('failures a retry cannot mend', () => {
  it.each<[string, NodeJS.ErrnoException, string]>([
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND acme.okta.com'), { code: 'ENOTFOUND' }), 'No such host: check the org URL (`oktactl profile show --sources`).'],
    ['an expired certificate', Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), "The org's TLS certificate is not trusted. Behind a TLS-inspecting proxy, give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem."],
  ])('%s: a GET is sent once, with a hint, exit 1', async (_what, error, hint) => {
    const scope = nock(ORG).get(FACTORS).replyWithError(error)
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(scope.isDone()).toBe(true)
    expect(r.exitCode).toBe(1)
    expect(r.sleeps).toEqual([])
    expect(r.stderr).toContain(`${hint}\n`)
  })
})

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net')
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as { port: number }
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

describe('a loopback org that refuses the connection: the sandbox is probably not running', () => {
  it.each(['127.0.0.1', 'localhost'])('http://%s:<port>: the error, then how to start the sandbox on that port; exit 1', async (host) => {
    const port = await closedPort()
    const org = `http://${host}:${port}`
    const r = await runCli(['factors', 'list', ALICE_ID], { env: { OKTA_CLIENT_ORGURL: org, OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(new RegExp(`^Error: GET ${org}/api/v1/users/${ALICE_ID}/factors failed: .*ECONNREFUSED`))
    expect(lines.at(-1)).toBe(
      `Nothing is listening at ${org}: the sandbox org is probably not running. Start it with \`oktactl sandbox start --port ${port}\` (in another terminal: it runs in the foreground).`,
    )
  })

  it('a change (POST) refused by a loopback org says the same (it was never sent)', async () => {
    const port = await closedPort()
    const org = `http://127.0.0.1:${port}`
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push'], { env: { OKTA_CLIENT_ORGURL: org, OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`Start it with \`oktactl sandbox start --port ${port}\``)
    expect(r.stderr).not.toContain('the change may have been made')
  })

  it('--json: the hint is in the error object', async () => {
    const port = await closedPort()
    const r = await runCli(['factors', 'list', ALICE_ID, '--json'], { env: { OKTA_CLIENT_ORGURL: `http://127.0.0.1:${port}`, OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(1)
    expect((JSON.parse(r.stderr) as { error: { hint?: string } }).error.hint).toContain(`oktactl sandbox start --port ${port}`)
  })

  it('a non-loopback org refusing the connection keeps today\'s message, without the sandbox hint', async () => {
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 203.0.113.7:443'), { code: 'ECONNREFUSED' })
    nock(ORG).get(FACTORS).times(3).replyWithError(refused())
    const r = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe(`Error: GET ${ORG}${FACTORS} failed: connect ECONNREFUSED 203.0.113.7:443\n`)
  })
})

/** A connection reset, as node:http reports it. */
const econnreset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })

function okta503NetworkThenOk() {
  nock(ORG).get(FACTORS).replyWithError(econnreset())
  stub('GET', FACTORS, [200, [sms]])
}

describe('error mapping: one clear message and an exit code', () => {
  it.each<[number, unknown, number, string]>([
    [400, oktaError('E0000001', 'Api validation failed: factorEnrollRequest', ['There is an existing verified phone number.']), 1,
      'Error: Okta HTTP 400 E0000001: Api validation failed: factorEnrollRequest\n  - There is an existing verified phone number.\n  (errorId oaeTESTERRORID, X-Okta-Request-Id reqX: quote these to Okta support)\n'],
    [401, oktaError('E0000011', 'Invalid token provided'), 4,
      'Error: Okta HTTP 401 E0000011: Invalid token provided\n  (errorId oaeTESTERRORID, X-Okta-Request-Id reqX: quote these to Okta support)\nCheck the API token: `oktactl profile show`, or set OKTA_CLIENT_TOKEN. Tokens expire after 30 days unused.\n'],
    [403, oktaError('E0000006', 'You do not have permission to perform the requested action'), 4,
      'Error: Okta HTTP 403 E0000006: You do not have permission to perform the requested action\n  (errorId oaeTESTERRORID, X-Okta-Request-Id reqX: quote these to Okta support)\nThe credentials lack the admin permission (or OAuth scope) this command needs.\n'],
    [403, oktaError('E0000068', 'Invalid Passcode/Answer', ["Your passcode doesn't match our records. Please try again."]), 3,
      "Error: Okta HTTP 403 E0000068: Invalid Passcode/Answer\n  - Your passcode doesn't match our records. Please try again.\n  (errorId oaeTESTERRORID, X-Okta-Request-Id reqX: quote these to Okta support)\n"],
    [404, oktaError('E0000007', 'Not found: Resource not found: 00u1alicealice00000a (User)'), 5,
      'Error: Okta HTTP 404 E0000007: Not found: Resource not found: 00u1alicealice00000a (User)\n  (errorId oaeTESTERRORID, X-Okta-Request-Id reqX: quote these to Okta support)\n'],
    [500, oktaError('E0000009', 'Internal Server Error'), 1,
      // A server error answering a change: it may have been made.
      'Error: Okta HTTP 500 E0000009: Internal Server Error\n  (errorId oaeTESTERRORID, X-Okta-Request-Id reqX: quote these to Okta support)\nThe change may have been made (a server error can come after it was): check before retrying.\n'],
  ])('%i %j → exit %i', async (status, body, exit, stderr) => {
    const sent = stub('POST', FACTORS, [status, body, { 'X-Okta-Request-Id': 'reqX' }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'sms', '--phone', '+15554151337'], { env: ENV })
    expect(sent).toHaveLength(1)
    expect(r.exitCode).toBe(exit)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(stderr)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('--json: the error is one JSON object on stderr; nothing on stdout', async () => {
    stub('POST', FACTORS, [400, oktaError('E0000001', 'Api validation failed: factorEnrollRequest', ['A factor of this type is already set up.']), { 'X-Okta-Request-Id': 'reqJ' }])
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--json'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toBe('')
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: 'Okta HTTP 400 E0000001: Api validation failed: factorEnrollRequest',
        exitCode: 1,
        status: 400,
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: factorEnrollRequest',
        errorCauses: ['A factor of this type is already set up.'],
        errorId: 'oaeTESTERRORID',
        requestId: 'reqJ',
      },
    })
  })

  it('-o json also reports errors as JSON, with the hint', async () => {
    const r = await runCli(['factors', 'delete', ALICE_ID, 'sms', '-o', 'json'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: 'Refusing to delete a factor without confirmation.',
        exitCode: 2,
        hint: 'Pass --yes to confirm when oktactl cannot ask (no terminal, or --no-input).',
      },
    })
  })

  it.each<[string[], string]>([
    [['factors', 'get', ALICE_ID, 'sms', '--bogus', '--json'], "unknown option '--bogus'"],
    [['factors', 'get', ALICE_ID, '--json'], "missing required argument 'factor'"],
    [['-o', 'json', 'factors', 'lsit'], "unknown command 'lsit'\n(Did you mean list?)"],
    [['factors', 'get', ALICE_ID, 'sms', 'extra', '--output=json'], "too many arguments for 'get'. Expected 2 arguments but got 3."],
  ])('--json: a usage error from %j is a JSON object on stderr too (exit 2)', async (argv, message) => {
    const r = await runCli(argv, { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(JSON.parse(r.stderr)).toEqual({ error: { message, exitCode: 2 } })
    expect(unmatched).toEqual([])
  })

  it('--json with no command: the help on stderr, exit 2, and no JSON about it', async () => {
    const r = await runCli(['factors', '--json'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.startsWith('Usage: oktactl factors|factor [options] [command]\n')).toBe(true)
    expect(r.stderr).not.toContain('"error"')
  })

  it('without --json a usage error stays commander\'s one line of text', async () => {
    const r = await runCli(['factors', 'get', ALICE_ID, 'sms', '--bogus'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe("Error: unknown option '--bogus'\n")
  })

  it('a non-JSON error body falls back to the HTTP status text', async () => {
    stub('GET', FACTORS, [502, '<html><body>Bad Gateway</body></html>'])
    const r = await runCli(['factors', 'list', ALICE_ID, '--max-retries', '0'], { env: ENV })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe('Error: Okta HTTP 502: Bad Gateway\n')
  })

  it('--debug adds the stack trace; without it there is none', async () => {
    stub('GET', FACTORS, [404, oktaError('E0000007', 'Not found')], 2)
    const plain = await runCli(['factors', 'list', ALICE_ID], { env: ENV })
    expect(plain.stderr).not.toMatch(/\n\s+at /)
    const debug = await runCli(['factors', 'list', ALICE_ID, '--debug'], { env: ENV })
    expect(debug.exitCode).toBe(5)
    expect(debug.stderr).toMatch(/OktaApiError: Okta HTTP 404 E0000007: Not found\n\s+at /)
  })

  it('missing credentials: exit 4 with a hint, nothing sent', async () => {
    const r = await runCli(['factors', 'list', ALICE_ID], { env: {} })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toMatch(/^Error: No Okta org is configured\.\nRun `oktactl profile add <name> --org https:\/\/your-org\.okta\.com`/)
    expect(unmatched).toEqual([])
  })

  it('--read-only refuses a change before sending it (exit 4)', async () => {
    const r = await runCli(['factors', 'enroll', ALICE_ID, '--type', 'push', '--read-only'], { env: ENV })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toBe(`Error: Refusing POST ${FACTORS}: this profile is read-only.\nUse a profile without readOnly, or drop --read-only, to make changes.\n`)
    expect(unmatched).toEqual([])
  })
})

describe('OktaClient', () => {
  const client = (over: Partial<ConstructorParameters<typeof OktaClient>[0]> = {}) =>
    new OktaClient({
      orgUrl: `${ORG}/`,
      auth: { mode: 'SSWS', headers: async () => ({ Authorization: `SSWS ${TOKEN}` }) },
      userAgent: 'test',
      timeoutMs: 1000,
      maxRetries: 2,
      sleep: async () => {},
      now: () => FIXED_NOW.getTime(),
      ...over,
    })

  it('rateLimitWait: reset − Date + 1 s, at least 1 s, at most 90 s; 1 s without headers', () => {
    const c = client()
    const h = (reset: number | undefined, date: Date | undefined) =>
      new ResponseHeaders({ ...(reset !== undefined ? { 'x-rate-limit-reset': String(reset) } : {}), ...(date ? { date: date.toUTCString() } : {}) })
    const t = Math.floor(FIXED_NOW.getTime() / 1000)
    expect(c.rateLimitWait(h(t + 7, FIXED_NOW))).toBe(8000)
    expect(c.rateLimitWait(h(t - 100, FIXED_NOW))).toBe(1000)
    expect(c.rateLimitWait(h(t + 3600, FIXED_NOW))).toBe(90_000)
    expect(c.rateLimitWait(h(undefined, FIXED_NOW))).toBe(1000)
    // No Date header: the local clock stands in.
    expect(c.rateLimitWait(h(t + 4, undefined))).toBe(5000)
  })

  it('link() keeps the path of a same-origin link and refuses another host', () => {
    const c = client()
    expect(c.link(`${ORG}/api/v1/users/u/factors/f/transactions/v2mst.x?y=1`)).toBe('/api/v1/users/u/factors/f/transactions/v2mst.x?y=1')
    expect(() => c.link('https://acme.okta.com.evil.example/api')).toThrow('Refusing to follow a link to another host')
    expect(() => c.link('http://acme.okta.com/api')).toThrow('Refusing to follow a link to another host')
  })

  it('sends query parameters only when given, and maps errors to OktaApiError', async () => {
    const sent = stub('GET', '/api/v1/x', [404, oktaError('E0000007', 'Not found'), { 'X-Okta-Request-Id': 'rq' }])
    const err = await client()
      .request('/api/v1/x', { query: { a: 'b', skip: undefined, flag: false } })
      .catch((e: unknown) => e)
    expect(sent[0]?.query).toEqual({ a: 'b', flag: 'false' })
    expect(err).toBeInstanceOf(OktaApiError)
    expect(err).toMatchObject({ status: 404, errorCode: 'E0000007', requestId: 'rq', errorId: 'oaeTESTERRORID', exitCode: 5 })
  })
})
