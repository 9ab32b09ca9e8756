import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Command } from '@commander-js/extra-typings'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as bulkEnrollModule from '../../../src/bulk/enroll.js'
import * as bulkRemoveModule from '../../../src/bulk/remove.js'
import type { Context, Services } from '../../../src/context.js'
import type { Noun } from '../../../src/commands/verb.js'
import { defineDelete, runDelete } from '../../../src/commands/factors/delete.js'
import { defineEnroll, runEnroll } from '../../../src/commands/factors/enroll.js'
import { defineReset, runReset } from '../../../src/commands/factors/reset.js'
import { DEFAULT_WAIT_SECONDS } from '../../../src/factors/wait.js'
import * as flow from '../../../src/helpdesk/flow.js'
import { DEFAULT_THRESHOLDS, type GuardPlan } from '../../../src/helpdesk/options.js'
import { fakeIO } from '../../helpers/io.js'
import { FIXED_NOW } from '../../helpers/run.js'

// The run step takes the request the parse step made, as it is: the helpdesk flow and the bulk
// runs are handed that object (no flags to read again), and hold no parser of their own. (This
// replaces the rows that held the parse step's copies of the flow's parsers to the originals:
// there is one copy now, helpdesk/options.ts.) The flow and the bulk runs are stubbed here.

vi.mock('../../../src/helpdesk/flow.js', () => ({ guardedReset: vi.fn(async () => {}), guardedDelete: vi.fn(async () => {}) }))
vi.mock('../../../src/bulk/remove.js', () => ({ bulkRemove: vi.fn(async () => {}) }))
vi.mock('../../../src/bulk/enroll.js', () => ({ bulkEnroll: vi.fn(async () => {}) }))

beforeEach(() => vi.clearAllMocks())

type RunStep<R> = (req: R, ctx: Context) => Promise<void>

/** argv through commander and the verb's real run step; the request that step was given. */
async function runWith<R>(define: (parent: Noun, s: Services, run: RunStep<R>) => unknown, real: RunStep<R>, argv: string[]): Promise<R | undefined> {
  const services: Services = { io: fakeIO().io, env: {}, cwd: '/', now: () => FIXED_NOW, sleep: async () => {} }
  const root = new Command('oktactl').option('-y, --yes').option('--json').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} })
  const factors = root.command('factors').exitOverride()
  let seen: R | undefined
  define(factors, services, async (req, ctx) => {
    seen = req
    await real(req, ctx)
  })
  factors.commands.forEach((c) => c.exitOverride())
  await root.parseAsync(['factors', ...argv], { from: 'user' })
  return seen
}

const ALICE = 'alice@example.com'
const GUARD: GuardPlan = { method: undefined, waitSeconds: DEFAULT_WAIT_SECONDS, thresholds: DEFAULT_THRESHOLDS, after: {}, allowAdmin: false, ticket: undefined, dryRun: false }

/** Guard and after flags, and the plan the flow acts on (what the old rows compared with the flow's own parse). */
const PLANS: Array<[string[], Partial<GuardPlan>]> = [
  [['--allow-admin', '--ticket', 'INC-1234', '--dry-run'], { allowAdmin: true, ticket: 'INC-1234', dryRun: true }],
  [['--verify-caller', ' SMS '], { method: 'sms' }],
  [['--verify-caller', 'push', '--wait-timeout', '45'], { method: 'push', waitSeconds: 45 }],
  [['--verify-caller', 'push', '--wait-timeout', '2.5'], { method: 'push', waitSeconds: 2.5 }],
  [['--no-activity', '--warn-denied-pushes', '0'], { thresholds: undefined }],
  [['--warn-denied-pushes', '1', '--warn-unanswered-pushes', '10', '--warn-reset-within', '30m'], { thresholds: { deniedPushes: 1, unansweredPushes: 10, resetWithinMs: 1_800_000 } }],
  [['--warn-reset-within', '2d'], { thresholds: { ...DEFAULT_THRESHOLDS, resetWithinMs: 172_800_000 } }],
  [['--revoke-sessions', '--revoke-tokens'], { after: { sessions: { oauthTokens: true } } }],
]
const TAC_PLANS: Array<[string[], Partial<GuardPlan>]> = [
  [['--issue-tac'], { after: { tac: { ttlMinutes: undefined, multiUse: false, showSecret: false } } }],
  [['--issue-tac', '--tac-ttl', '10', '--tac-multi-use', '--show-secret'], { after: { tac: { ttlMinutes: 10, multiUse: true, showSecret: true } } }],
  [['--revoke-sessions', '--issue-tac', '--tac-ttl', '14400'], { after: { sessions: { oauthTokens: false }, tac: { ttlMinutes: 14_400, multiUse: false, showSecret: false } } }],
]

describe('reset, one user: guardedReset gets the request, as parsed', () => {
  it.each([...PLANS, ...TAC_PLANS, [['--types', 'totp,sms', '--remove-recovery'], {}] as [string[], Partial<GuardPlan>]].map(([a, g]) => [a.join(' '), a, g] as const))('%s', async (_name, argv, g) => {
    const req = await runWith(defineReset, runReset, ['reset', ALICE, ...argv])
    expect(flow.guardedReset).toHaveBeenCalledTimes(1)
    expect(vi.mocked(flow.guardedReset).mock.calls[0]?.[0]).toBe(req)
    expect(req).not.toHaveProperty('flags')
    expect(req?.kind === 'one' && req.guard).toEqual({ ...GUARD, ...g })
  })
})

describe('delete, one user: guardedDelete gets the request, as parsed', () => {
  it.each(PLANS.map(([a, g]) => [a.join(' '), a, g] as const))('%s', async (_name, argv, g) => {
    const req = await runWith(defineDelete, runDelete, ['delete', ALICE, 'sms', ...argv])
    expect(flow.guardedDelete).toHaveBeenCalledTimes(1)
    expect(vi.mocked(flow.guardedDelete).mock.calls[0]?.[0]).toBe(req)
    expect(req).toEqual({ kind: 'one', user: ALICE, factor: 'sms', removeRecovery: false, guard: { ...GUARD, ...g } })
  })
})

describe('bulk: bulkRemove and bulkEnroll get the plan and the settings, as parsed', () => {
  it('reset', async () => {
    const req = await runWith(defineReset, runReset, ['reset', '--group', 'G', '--types', 'sms', '--remove-recovery', '--revoke-sessions', '--concurrency', '2'])
    expect(vi.mocked(bulkRemoveModule.bulkRemove).mock.calls[0]).toEqual(['reset', req, expect.anything()])
    expect(vi.mocked(bulkRemoveModule.bulkRemove).mock.calls[0]?.[1]).toBe(req)
    expect(req).toMatchObject({ plan: { types: ['sms'], removeRecovery: true, sessions: { oauthTokens: false } }, settings: { source: { kind: 'group', ref: 'G' }, concurrency: 2 } })
  })
  it('delete', async () => {
    const req = await runWith(defineDelete, runDelete, ['delete', '--users-file', 'u.txt', '--type', 'call', '--dry-run'])
    expect(vi.mocked(bulkRemoveModule.bulkRemove).mock.calls[0]?.[1]).toBe(req)
    expect(req).toMatchObject({ plan: { types: ['call'], dryRun: true }, settings: { source: { kind: 'file', path: 'u.txt' } } })
  })
  it('enroll', async () => {
    const req = await runWith(defineEnroll, runEnroll, ['enroll', '--users-file', 'u.csv', '--type', 'sms', '--rate-headroom', '20', '--dry-run'])
    expect(vi.mocked(bulkEnrollModule.bulkEnroll).mock.calls[0]?.[0]).toBe(req)
    expect(req).toMatchObject({ spec: { factorType: 'sms' }, settings: { headroomPercent: 20 }, dryRun: true })
  })
})

// ─── one home ──────────────────────────────────────────────────────────────────────────────────

const src = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../src/${path}`, import.meta.url)), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')

describe('the run side parses no flag', () => {
  // What the parse step did: a flag parser called again when the request runs would be a second
  // home for its rules (and could drift from the first).
  const PARSERS = /\b(parseTypes|parseFactorType|parseCallerMethod|parseThresholds|parseAfterFlags|parseGuardFlags|parseBulkRemoveFlags|parseResetTypes|parseDeleteRecovery|parseBulkFlags|parseBulkSettings|parseTarget|parseSource|parseTacTtl|parsePositiveNumber|parseNonNegativeInt|parseSpanMs)\s*\(/
  it.each(['helpdesk/flow.ts', 'helpdesk/verify-caller.ts', 'helpdesk/activity.ts', 'bulk/remove.ts', 'bulk/enroll.ts', 'bulk/list.ts', 'report/mfa.ts'])('%s', (file) => {
    expect(src(file)).not.toMatch(PARSERS)
  })

  it.each(['helpdesk/after.ts', 'helpdesk/users.ts'])('%s: the TAC plan arrives parsed (users tac included)', (file) => {
    expect(src(file)).not.toMatch(PARSERS)
    expect(src(file)).not.toMatch(/\bparseTac\(/)
  })

  it('the --verify-caller methods and the default thresholds are written once, in helpdesk/options.ts', () => {
    const files = ['helpdesk/options.ts', 'helpdesk/flow.ts', 'helpdesk/verify-caller.ts', 'helpdesk/activity.ts', 'helpdesk/after.ts', 'helpdesk/guard.ts', 'bulk/remove.ts']
    const holding = (re: RegExp) => files.filter((f) => re.test(src(f)))
    expect(holding(/\['push', 'sms', 'email', 'totp'\]/)).toEqual(['helpdesk/options.ts'])
    expect(holding(/deniedPushes: 3/)).toEqual(['helpdesk/options.ts'])
    expect(holding(/3_600_000/)).toEqual(['helpdesk/options.ts'])
    expect(holding(/--remove-recovery applies/)).toEqual(['helpdesk/options.ts'])
  })
})
