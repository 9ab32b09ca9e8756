import { describe, expect, it } from 'vitest'
import type { UserFactor } from '../../src/api/types.js'
import { CLASS_OF_TYPE, classify, classOfType } from '../../src/report/classify.js'
import { SummaryBuilder, summaryLines } from '../../src/report/summary.js'
import type { Posture } from '../../src/report/classify.js'

const summarise = (users: Posture[], failed: number, withRoles: boolean) => {
  const b = new SummaryBuilder(withRoles)
  for (const u of users) b.add(u)
  return b.finish(failed)
}
import { inert } from '../../src/report/csv.js'

const f = (factorType: string, status = 'ACTIVE', created = '2025-01-01T00:00:00.000Z'): UserFactor => ({ id: `x${factorType}`, factorType, provider: 'OKTA', status, created })

describe('classification', () => {
  it.each([
    ['webauthn', 'phishing-resistant'], ['u2f', 'phishing-resistant'], ['signed_nonce', 'phishing-resistant'],
    ['push', 'strong'], ['token:software:totp', 'strong'], ['token:hotp', 'strong'], ['token:hardware', 'strong'], ['token', 'strong'],
    ['sms', 'phishable-only'], ['call', 'phishable-only'], ['email', 'phishable-only'], ['question', 'phishable-only'],
    ['web', 'phishable-only'], ['claims_provider', 'phishable-only'],
  ])('%s is %s', (type, cls) => {
    expect(classOfType(type)).toBe(cls)
  })

  it('the best ACTIVE factor decides; pending factors count for nothing; none without any', () => {
    expect(classify([f('sms'), f('push'), f('webauthn', 'PENDING_ACTIVATION')])).toMatchObject({ class: 'strong', active: [{ type: 'sms' }, { type: 'push' }], pending: [{ type: 'webauthn' }] })
    expect(classify([f('sms'), f('signed_nonce')]).class).toBe('phishing-resistant')
    expect(classify([f('email', 'PENDING_ACTIVATION')]).class).toBe('none')
    expect(classify([]).class).toBe('none')
  })

  it('the newest enrollment is the latest valid created date', () => {
    expect(classify([f('sms', 'ACTIVE', '2025-01-01T00:00:00.000Z'), f('push', 'ACTIVE', '2026-03-01T00:00:00.000Z'), f('email', 'ACTIVE', 'garbage')]).newestEnrollment).toBe('2026-03-01T00:00:00.000Z')
    expect(classify([]).newestEnrollment).toBeNull()
  })

  it('knows every type the README table lists', () => {
    expect(Object.keys(CLASS_OF_TYPE).sort()).toEqual(['call', 'email', 'push', 'question', 'signed_nonce', 'sms', 'token', 'token:hardware', 'token:hotp', 'token:software:totp', 'u2f', 'webauthn'])
  })
})

describe('summary', () => {
  const p = (login: string, cls: string, types: string[], roles?: string[]) =>
    ({ line: 1, userId: 'u', login, status: 'ACTIVE', class: cls, active: types.map((type) => ({ type, provider: 'OKTA' })), pending: [], newestEnrollment: null, ...(roles ? { adminRoles: roles } : {}) }) as never
  it('counts and percentages per class and per factor type, and the lists that need action', () => {
    const s = summarise([p('a', 'none', []), p('b', 'phishable-only', ['sms', 'email'], ['ORG_ADMIN']), p('c', 'phishing-resistant', ['sms', 'webauthn'], ['SUPER_ADMIN']), p('d', 'strong', ['push'], [])], 1, true)
    expect(s.users).toBe(4)
    expect(s.failed).toBe(1)
    expect(s.byClass).toEqual({ 'phishing-resistant': { count: 1, percent: 25 }, strong: { count: 1, percent: 25 }, 'phishable-only': { count: 1, percent: 25 }, none: { count: 1, percent: 25 } })
    expect(s.byFactorType).toEqual([{ type: 'sms', count: 2, percent: 50 }, { type: 'email', count: 1, percent: 25 }, { type: 'push', count: 1, percent: 25 }, { type: 'webauthn', count: 1, percent: 25 }])
    expect(s.actions).toEqual({ noMfa: ['a'], phishableOnly: ['b'], adminsWithoutPhishingResistant: ['b'] })
    expect(summaryLines(s, 'group "X"').join('\n')).toContain('  Admins without a phishing-resistant factor: 1\n    b')
  })
  it('no admin list without --with-roles; an empty org is 0%, not NaN', () => {
    const s = summarise([], 0, false)
    expect(s.actions.adminsWithoutPhishingResistant).toBeUndefined()
    expect(s.byClass.none).toEqual({ count: 0, percent: 0 })
  })
})

describe('CSV cells', () => {
  it.each([['=HYPERLINK("x")', `'=HYPERLINK("x")`], ['+1', "'+1"], ['-2', "'-2"], ['@SUM', "'@SUM"], ['alice@example.com', 'alice@example.com']])('%s → %s', (v, want) => {
    expect(inert(v)).toBe(want)
  })
})
