import { describe, expect, it } from 'vitest'
import { apiPath } from '../../src/api/path.js'
import { linkHref, transactionIdFromPollLink } from '../../src/api/factors.js'
import { UsageError } from '../../src/errors.js'
import { ALICE_ID, ENV, oktaError } from '../helpers/okta.js'
import { stub } from '../helpers/requests.js'
import { runCli } from '../helpers/run.js'

describe('apiPath: every value is one encoded path segment', () => {
  it.each<[string, string]>([
    ['00u1alicealice00000a', '/api/v1/users/00u1alicealice00000a/factors'],
    ['alice@example.com', '/api/v1/users/alice%40example.com/factors'],
    ['../../apps', '/api/v1/users/..%2F..%2Fapps/factors'],
    ['a?b=1#c', '/api/v1/users/a%3Fb%3D1%23c/factors'],
    ['x y+z', '/api/v1/users/x%20y%2Bz/factors'],
    ['%2e%2e', '/api/v1/users/%252e%252e/factors'],
  ])('%s', (user, path) => {
    expect(apiPath`/api/v1/users/${user}/factors`).toBe(path)
  })

  it.each(['', '.', '..'])('refuses %j as a segment', (v) => {
    expect(() => apiPath`/api/v1/users/${v}/factors`).toThrow(UsageError)
  })

  it('a factor id of ../../apps stays under /factors on the wire', async () => {
    const sent = stub('GET', `/api/v1/users/${ALICE_ID}/factors/..%2F..%2Fapps`, [404, oktaError('E0000007', 'Not found')])
    const r = await runCli(['factors', 'get', ALICE_ID, '../../apps'], { env: ENV })
    expect(r.exitCode).toBe(5)
    expect(sent[0]?.path).toBe(`/api/v1/users/${ALICE_ID}/factors/..%2F..%2Fapps`)
  })
})

describe('links', () => {
  it('linkHref reads an object or the first of an array', () => {
    expect(linkHref({ poll: { href: 'a' } }, 'poll')).toBe('a')
    expect(linkHref({ resend: [{ href: 'b' }, { href: 'c' }] }, 'resend')).toBe('b')
    expect(linkHref({}, 'poll')).toBeUndefined()
    expect(linkHref(undefined, 'poll')).toBeUndefined()
  })

  it('transactionIdFromPollLink takes the last path segment', () => {
    expect(transactionIdFromPollLink('https://acme.okta.com/api/v1/users/u/factors/f/transactions/mst1eiHghhPxf0yhp0g')).toBe('mst1eiHghhPxf0yhp0g')
    expect(transactionIdFromPollLink('https://acme.okta.com/api/v1/users/u/factors/f/transactions/v2mst.abc/')).toBe('v2mst.abc')
    expect(transactionIdFromPollLink('not a url')).toBeUndefined()
  })
})
