import { describe, expect, it } from 'vitest'
import { parseDelete, type DeleteFlags } from '../../../src/commands/factors/delete.js'
import { parseEnroll } from '../../../src/commands/factors/enroll.js'
import { parseList } from '../../../src/commands/factors/list.js'
import { parseReset, type ResetFlags } from '../../../src/commands/factors/reset.js'

// As commander hands them over: a lone --no-activity defaults activity to true.
const del = (o: Partial<DeleteFlags> = {}): DeleteFlags => ({ activity: true, ...o })
const rst = (o: Partial<ResetFlags> = {}): ResetFlags => ({ activity: true, ...o })

// The parse steps are pure: flags and operands in, a request or a usage error out, before any
// request is sent. delete and reset carry the most risk, so every branch is a row here.

describe('parseDelete', () => {
  const ok: Array<[string, Parameters<typeof parseDelete>, unknown]> = [
    ['a user and a factor type', ['alice', 'sms', del()], { kind: 'one', user: 'alice', factor: 'sms', removeRecovery: false }],
    ['a user and a factor id', ['alice', 'mbl1abc', del({ yes: true } as never)], { kind: 'one', user: 'alice', factor: 'mbl1abc' }],
    ['the factor with --type', ['alice', undefined, del({ type: 'call' })], { kind: 'one', user: 'alice', factor: 'call' }],
    ['--users-file with --type', [undefined, undefined, del({ usersFile: 'u.txt', type: 'sms' }), ['x']], { kind: 'bulk', plan: { types: ['sms'] }, settings: { source: { kind: 'file', path: 'u.txt' } }, args: ['x'] }],
  ]
  it.each(ok)('%s', (_name, args, want) => {
    expect(parseDelete(...args)).toMatchObject(want as object)
  })

  const bad: Array<[string, Parameters<typeof parseDelete>, string]> = [
    ['no user at all', [undefined, undefined, del()], 'Give <user>, or one of --users-file'],
    ['a user but no factor', ['alice', undefined, del()], 'Give the factor'],
    ['the factor twice', ['alice', 'sms', del({ type: 'sms' })], 'not both'],
    ['a user and --users-file', ['alice', undefined, del({ usersFile: 'u.txt' })], 'either <user> or --users-file'],
    // commander hands a lone operand over as the user, and a factor operand only after a user one
    ['--users-file with a lone operand', ['sms', undefined, del({ usersFile: 'u.txt', type: 'sms' })], 'either <user> or --users-file'],
    ['--users-file with two operands', ['alice', 'sms', del({ usersFile: 'u.txt', type: 'sms' })], 'either <user> or --users-file'],
    ['--report without --users-file', ['alice', 'sms', del({ report: 'r.jsonl' })], '--report applies to bulk runs'],
    ['--resume without --users-file', ['alice', 'sms', del({ resume: 'r.jsonl' })], '--resume applies to bulk runs'],
    ['--concurrency without --users-file', ['alice', 'sms', del({ concurrency: '4' })], '--concurrency applies to bulk runs'],
  ]
  it.each(bad)('refuses %s', (_name, args, message) => {
    expect(() => parseDelete(...args)).toThrow(message)
  })
})

describe('parseReset', () => {
  it('one user, the guard flags passed on', () => {
    expect(parseReset('bob', rst({ ticket: 'INC-1', allowAdmin: true }))).toEqual({
      kind: 'one',
      user: 'bob',
      types: undefined,
      removeRecovery: false,
      guard: { method: undefined, waitSeconds: 120, thresholds: { deniedPushes: 3, unansweredPushes: 5, resetWithinMs: 3_600_000 }, after: {}, allowAdmin: true, ticket: 'INC-1', dryRun: false },
    })
  })
  it('a users file', () => {
    expect(parseReset(undefined, rst({ usersFile: '-' }), ['a'])).toEqual({
      kind: 'bulk',
      plan: { types: undefined, removeRecovery: false, sessions: undefined, allowAdmin: false, ticket: undefined, dryRun: false },
      settings: { source: { kind: 'file', path: '-' }, concurrency: 4, headroomPercent: 10, report: undefined, resume: undefined },
      args: ['a'],
    })
  })
  const bad: Array<[string, Parameters<typeof parseReset>, string]> = [
    ['no user', [undefined, rst()], 'Give <user>, or one of --users-file'],
    ['a user and --users-file', ['bob', rst({ usersFile: 'u.txt' })], 'not both'],
    ['--rate-headroom for one user', ['bob', rst({ rateHeadroom: '20' })], '--rate-headroom applies to bulk runs'],
    ['--report for one user', ['bob', rst({ report: 'r.jsonl' })], '--report applies to bulk runs'],
  ]
  it.each(bad)('refuses %s', (_name, args, message) => {
    expect(() => parseReset(...args)).toThrow(message)
  })
})

describe('parseList', () => {
  it('one user', () => expect(parseList('alice', {})).toEqual({ kind: 'one', user: 'alice' }))
  it('a users file: the bulk flags arrive parsed', () =>
    expect(parseList(undefined, { usersFile: ' u.csv ', concurrency: '8', rateHeadroom: '25%', report: 'r.jsonl' }, ['factors', 'list'])).toEqual({
      kind: 'bulk',
      settings: { source: { kind: 'file', path: 'u.csv' }, concurrency: 8, headroomPercent: 25, report: 'r.jsonl', resume: undefined },
      args: ['factors', 'list'],
    }))
  it('refuses both', () => expect(() => parseList('alice', { usersFile: 'u.csv' })).toThrow('not both'))
  it('refuses a bad --concurrency before anything runs', () => expect(() => parseList(undefined, { group: 'G', concurrency: '0' })).toThrow('--concurrency must be 1 to 64 (got "0").'))
})

describe('parseEnroll', () => {
  it('one user', () => expect(parseEnroll('alice', { type: 'sms', phone: '+15551234567' })).toMatchObject({ kind: 'one', user: 'alice', spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: '+15551234567' } } }))
  it('a users file, --dry-run allowed', () => expect(parseEnroll(undefined, { usersFile: 'u.csv', type: 'email', dryRun: true })).toMatchObject({ kind: 'bulk' }))
  it('refuses --dry-run for one user', () => expect(() => parseEnroll('alice', { type: 'email', dryRun: true })).toThrow('--dry-run applies to bulk runs'))
  it('refuses a user and --users-file', () => expect(() => parseEnroll('alice', { type: 'email', usersFile: 'u.csv' })).toThrow('not both'))
})
