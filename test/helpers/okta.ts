import nock from 'nock'
import type { UserFactor } from '../../src/api/types.js'

export const ORG = 'https://acme.okta.com'
export const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD'
export const ALICE_ID = '00u1alicealice00000a'
export const ALICE = 'alice@example.com'

/** Credentials in the environment, as CI jobs pass them. */
export const ENV = { OKTA_CLIENT_ORGURL: ORG, OKTA_CLIENT_TOKEN: TOKEN }

/** A nock scope for the org that insists on the SSWS token. */
export function okta() {
  return nock(ORG).matchHeader('authorization', `SSWS ${TOKEN}`)
}

export function user(overrides: Record<string, unknown> = {}) {
  return {
    id: ALICE_ID,
    status: 'ACTIVE',
    created: '2025-01-01T00:00:00.000Z',
    lastLogin: '2026-11-28T09:00:00.000Z',
    profile: { login: ALICE, email: ALICE, firstName: 'Alice', lastName: 'Example' },
    ...overrides,
  }
}

/** Stub the login → id lookup. */
export function mockUserLookup(login = ALICE, u = user()) {
  return okta().get(`/api/v1/users/${encodeURIComponent(login)}`).reply(200, u)
}

let n = 0
export function factor(type: string, overrides: Partial<UserFactor> = {}): UserFactor {
  n++
  const profiles: Record<string, Record<string, unknown>> = {
    sms: { phoneNumber: '+15551230001' },
    call: { phoneNumber: '+15551230002' },
    email: { email: ALICE },
    push: { name: "Alice's iPhone", platform: 'IOS', credentialId: ALICE },
    question: { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' },
    'token:software:totp': { credentialId: ALICE },
  }
  const prefix: Record<string, string> = { sms: 'mbl', call: 'clf', email: 'emf', push: 'opf', question: 'ufs', 'token:software:totp': 'ost' }
  const id = `${prefix[type] ?? 'fac'}${String(n).padStart(17, '0')}`
  return {
    id,
    factorType: type,
    provider: 'OKTA',
    vendorName: 'OKTA',
    status: 'ACTIVE',
    created: '2026-11-01T12:00:00.000Z',
    lastUpdated: '2026-11-01T12:00:00.000Z',
    profile: profiles[type] ?? {},
    _links: { self: { href: `${ORG}/api/v1/users/${ALICE_ID}/factors/${id}` } },
    ...overrides,
  }
}

export function oktaError(code: string, summary: string, causes: string[] = []) {
  return { errorCode: code, errorSummary: summary, errorLink: code, errorId: 'oaeTESTERRORID', errorCauses: causes.map((c) => ({ errorSummary: c })) }
}
