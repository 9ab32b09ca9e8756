import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { MAX_RETRIES, parsePositiveNumber, parseRetries, retriesSetting, secondsSetting } from '../../src/config/flags.js'
import { parseWhen } from '../../src/audit/read.js'
import { ALICE_ID, ENV, ORG, TOKEN, factor, okta, oktaError } from '../helpers/okta.js'
import { runCli } from '../helpers/run.js'

// Counts and times that bound how long a run may wait or retry: a flag out of range is a usage
// error; a setting out of range (okta.yaml's YAML numbers, the environment) is not a setting.

const rateLimited = () =>
  nock(ORG)
    .get(`/api/v1/users/${ALICE_ID}/factors`)
    .times(20)
    .reply(429, oktaError('E0000047', 'API call exceeded rate limit due to too many requests.'), { 'X-Rate-Limit-Reset': String(Math.floor(Date.now() / 1000) + 5) })

describe('retry and time limits', () => {
  it.each([
    [['--max-retries', String(MAX_RETRIES + 1)], `--max-retries must be at most ${MAX_RETRIES} (got "11")`],
    [['--max-retries', '99999999999999999999999'], '--max-retries must be at most'],
    [['--timeout', '0x10'], '--timeout must be a positive number of seconds (got "0x10")'],
    [['--timeout', '1e3'], '--timeout must be a positive number of seconds (got "1e3")'],
    [['--timeout', 'Infinity'], '--timeout must be a positive number of seconds'],
  ])('%j is a usage error, before any request', async (flags, message) => {
    const r = await runCli([...flags, 'factors', 'list', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(message)
  })

  it('the flags take their whole range', () => {
    expect(parseRetries('0', '--max-retries')).toBe(0)
    expect(parseRetries(String(MAX_RETRIES), '--max-retries')).toBe(MAX_RETRIES)
    expect(parsePositiveNumber('0.5', '--timeout')).toBe(0.5)
    expect(parsePositiveNumber('99999999999', '--timeout')).toBe(99_999_999_999)
  })

  it.each<[unknown, number | undefined]>([
    [0, 0], [3, 3], ['4', 4], [MAX_RETRIES, MAX_RETRIES],
    [Number.NaN, undefined], [Number.POSITIVE_INFINITY, undefined], [-1, undefined], [2.5, undefined], [MAX_RETRIES + 1, undefined], ['x', undefined], ['1e2', undefined], [null, undefined],
  ])('a retry setting of %j is %j', (v, expected) => {
    expect(retriesSetting(v)).toBe(expected)
  })

  it.each<[unknown, number | undefined]>([
    [12, 12], ['0.2', 0.2], [Number.POSITIVE_INFINITY, undefined], [Number.NaN, undefined], [0, undefined], [-3, undefined], ['0x10', undefined],
  ])('a timeout setting of %j is %j', (v, expected) => {
    expect(secondsSetting(v)).toBe(expected)
  })

  for (const value of ['.nan', '.inf', '-1', '2.5', '1000']) {
    it(`okta.yaml rateLimit.maxRetries: ${value} is not a setting: the default two retries, not an endless loop`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'oktactl-limits-'))
      writeFileSync(join(home, 'okta.yaml'), `okta:\n  client:\n    orgUrl: ${ORG}\n    token: ${TOKEN}\n    rateLimit:\n      maxRetries: ${value}\n`)
      rateLimited()
      const r = await runCli(['factors', 'list', ALICE_ID], { home, cwd: home })
      expect(r.exitCode).toBe(6)
      expect(r.sleeps).toHaveLength(2)
      nock.cleanAll()
    })
  }

  it('OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES beyond the cap is not a setting either', async () => {
    rateLimited()
    const r = await runCli(['factors', 'list', ALICE_ID], { env: { ...ENV, OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES: '5000' } })
    expect(r.exitCode).toBe(6)
    expect(r.sleeps).toHaveLength(2)
    nock.cleanAll()
  })

  it('a span back from now longer than 100 years is a usage error, not an invalid date', async () => {
    expect(() => parseWhen('99999999999d')).toThrow('--since "99999999999d" reaches back more than 100 years.')
    expect(parseWhen('36500d')).toEqual({ spanMs: 36_500 * 86_400_000 })
    const r = await runCli(['factors', 'activity', ALICE_ID, '--since', '99999999999d'], { env: ENV })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).not.toContain('bug in oktactl')
  })
})

describe('a server error answering a change', () => {
  it('is recorded as unknown (the change may have been made), said so, and not retried', async () => {
    const sms = factor('sms')
    okta().get(`/api/v1/users/${ALICE_ID}`).reply(200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: 'alice@example.com' } })
    okta().get(`/api/v1/users/${ALICE_ID}/roles`).reply(200, [])
    okta().get(`/api/v1/users/${ALICE_ID}/factors/${sms.id}`).reply(200, sms)
    const del = okta().delete(`/api/v1/users/${ALICE_ID}/factors/${sms.id}`).once().reply(503, { errorCode: 'E0000009', errorSummary: 'Internal Server Error' })
    const r = await runCli(['factors', 'delete', ALICE_ID, sms.id, '--yes', '--no-activity'], { env: ENV })
    expect(del.isDone()).toBe(true)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('The change may have been made')
    const lines = readFileSync(join(r.home, 'state', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { outcome: string })
    expect(lines.map((l) => l.outcome)).toEqual(['intent', 'unknown'])
    expect(nock.pendingMocks()).toEqual([])
  })
})
