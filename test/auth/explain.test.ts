import { describe, expect, it } from 'vitest'
import { authHint } from '../../src/auth/explain.js'
import { authParam, needsApiToken, scopeFor } from '../../src/auth/scopes.js'

const challenge =
  'Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="IdpDefault", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users/00u1/factors"'

describe('authHint', () => {
  it('names the scope from WWW-Authenticate insufficient_scope and what the token has', () => {
    const h = authHint({ status: 403, errorCode: 'E0000006', method: 'POST', path: '/api/v1/users/00u1/factors', mode: 'Bearer', challenge, grantedScopes: ['okta.users.read'] })
    expect(h).toContain('This command needs the OAuth scope okta.users.manage (the access token has: okta.users.read).')
  })

  it.each([
    ['GET', 'okta.users.read'],
    ['POST', 'okta.users.manage'],
    ['DELETE', 'okta.users.manage'],
  ])('falls back to the method for E0000006 under OAuth: %s needs %s', (method, scope) => {
    expect(authHint({ status: 403, errorCode: 'E0000006', method, path: '/api/v1/users/00u1/factors', mode: 'DPoP' })).toContain(`needs the OAuth scope ${scope}.`)
  })

  it('blames the admin role when the token has the scope and Okta still says E0000006', () => {
    const h = authHint({ status: 403, errorCode: 'E0000006', method: 'GET', path: '/api/v1/users/00u1/factors', mode: 'Bearer', grantedScopes: ['okta.users.read'] })
    expect(h).toContain("admin role is what is missing")
  })

  it('sends factors questions to an API token, on 401 or 403', () => {
    for (const status of [401, 403]) {
      expect(authHint({ status, method: 'GET', path: '/api/v1/users/00u1/factors/questions', mode: 'Bearer' })).toContain('SSWS API token only')
    }
  })

  it('explains DPoP proof rejections and other 401s', () => {
    expect(authHint({ status: 401, method: 'GET', path: '/api/v1/users', mode: 'DPoP', challenge: 'DPoP error="invalid_dpop_proof", error_description="x"' })).toContain('DPoP proof (invalid_dpop_proof)')
    expect(authHint({ status: 401, method: 'GET', path: '/api/v1/users', mode: 'Bearer' })).toContain('--no-token-cache')
  })

  it('leaves SSWS failures to main.ts', () => {
    expect(authHint({ status: 403, errorCode: 'E0000006', method: 'GET', path: '/api/v1/users/00u1/factors/questions', mode: 'SSWS' })).toBeUndefined()
  })
})

describe('scope helpers', () => {
  it('reads quoted and bare WWW-Authenticate parameters', () => {
    expect(authParam(challenge, 'error')).toBe('insufficient_scope')
    expect(authParam(challenge, 'scope')).toBe('okta.users.manage')
    expect(authParam('DPoP error=use_dpop_nonce', 'error')).toBe('use_dpop_nonce')
    expect(authParam(null, 'error')).toBeUndefined()
  })
  it('maps methods and SSWS-only paths', () => {
    expect(scopeFor('get')).toBe('okta.users.read')
    expect(scopeFor('PUT')).toBe('okta.users.manage')
    expect(needsApiToken('/api/v1/users/00u1/factors/questions')).toBe(true)
    expect(needsApiToken('/api/v1/users/00u1/factors')).toBe(false)
  })
})
