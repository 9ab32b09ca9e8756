import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import { foldIntents } from '../../src/audit/read.js'

const e = (userId: string, outcome: AuditEntry['outcome'], time: string): AuditEntry => ({
  time, operator: 'kim', profile: null, org: 'https://acme.okta.com', command: 'factors reset', bulk: true,
  userId, login: null, factors: [], ticket: null, callerVerification: null, outcome, reason: null, errorCode: null, requestId: null,
})

describe('oktactl audit folds intent lines into their outcome', () => {
  it('drops an intent that has an outcome after it, keeps one that never got one (the change may have happened)', () => {
    const lines = [e('00u1', 'intent', 't1'), e('00u2', 'intent', 't2'), e('00u1', 'ok', 't3'), e('00u3', 'intent', 't4'), e('00u3', 'unknown', 't5')]
    expect(foldIntents(lines).map((x) => `${x.userId} ${x.outcome}`)).toEqual(['00u2 intent', '00u1 ok', '00u3 unknown'])
  })

  it('pairs two changes to one user in order', () => {
    const lines = [e('00u1', 'intent', 't1'), e('00u1', 'ok', 't2'), e('00u1', 'intent', 't3')]
    expect(foldIntents(lines).map((x) => `${x.time} ${x.outcome}`)).toEqual(['t2 ok', 't3 intent'])
  })
})
