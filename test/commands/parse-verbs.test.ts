import { Command } from '@commander-js/extra-typings'
import { describe, expect, it, vi } from 'vitest'
import type { Services } from '../../src/context.js'
import type { Noun } from '../../src/commands/verb.js'
import { UsageError } from '../../src/errors.js'
import { defineAudit } from '../../src/commands/audit/index.js'
import { defineDelete as defineDeleteEnrollment } from '../../src/commands/authenticators/delete.js'
import { defineGet as defineGetEnrollment } from '../../src/commands/authenticators/get.js'
import { defineList as defineListEnrollments } from '../../src/commands/authenticators/list.js'
import { defineCompletion } from '../../src/commands/completion/index.js'
import { defineDoctor } from '../../src/commands/doctor/index.js'
import { defineActivity } from '../../src/commands/factors/activity.js'
import { defineCatalog } from '../../src/commands/factors/catalog.js'
import { defineQuestions } from '../../src/commands/factors/questions.js'
import { defineAddProfile } from '../../src/commands/profile/add.js'
import { defineListProfiles } from '../../src/commands/profile/list.js'
import { defineRemoveProfile } from '../../src/commands/profile/remove.js'
import { defineShowProfile } from '../../src/commands/profile/show.js'
import { defineUseProfile } from '../../src/commands/profile/use.js'
import { defineMfa } from '../../src/commands/report/mfa.js'
import { defineOutbox } from '../../src/commands/sandbox/outbox.js'
import { definePush } from '../../src/commands/sandbox/push.js'
import { defineReset as defineSandboxReset } from '../../src/commands/sandbox/reset.js'
import { defineStart, type StartSandboxRequest } from '../../src/commands/sandbox/start.js'
import { defineSessions } from '../../src/commands/users/sessions.js'
import { defineTac } from '../../src/commands/users/tac.js'
import { defineVersion } from '../../src/commands/version/index.js'
import { fakeIO } from '../helpers/io.js'
import { FIXED_NOW } from '../helpers/run.js'

/**
 * The parse step of the verbs outside `factors list/enroll/…` (those are in factors/parse.test.ts):
 * argv through commander → the request the run step receives, or a UsageError before it runs.
 * Nothing is sent and no run step runs: `run` is a stub.
 */
type Run = (...args: unknown[]) => Promise<void>
type Define = (noun: Noun, s: Services, run: Run) => unknown

/**
 * `define` registered as program.ts does: on a noun (`factors`, `sandbox` …), or for a
 * one-command noun (`audit`, `doctor` …) on the noun itself (`verbsOn: false`).
 */
function harness(noun: string, define: Define, { verbsOn = true } = {}) {
  const services: Services = { io: fakeIO().io, env: {}, cwd: '/', now: () => FIXED_NOW, sleep: async () => {} }
  const root = new Command('oktactl').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} })
  root.option('-p, --profile <name>').option('--org <url>').option('--json')
  const cmd = root.command(noun).exitOverride()
  const run = vi.fn<Run>(async () => {})
  define(cmd, services, run)
  if (verbsOn) cmd.commands.forEach((c) => c.exitOverride())
  return {
    run,
    /** The request the run step got for `oktactl <noun> …argv`. */
    request: async (argv: string[]): Promise<unknown> => {
      await root.parseAsync([noun, ...argv], { from: 'user' })
      expect(run).toHaveBeenCalledTimes(1)
      return run.mock.calls[0]?.[0]
    },
    /** The UsageError `oktactl <noun> …argv` fails with, having run nothing. */
    usageError: async (argv: string[]): Promise<UsageError> => {
      const err: unknown = await root.parseAsync([noun, ...argv], { from: 'user' }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(UsageError)
      expect(run).not.toHaveBeenCalled()
      return err as UsageError
    },
  }
}

describe('parse: sandbox start', () => {
  const defaults: StartSandboxRequest = { sandbox: { host: '127.0.0.1' }, state: undefined, saveProfile: 'sandbox', log: false }

  it.each<[string, string[], Partial<StartSandboxRequest>]>([
    ['no flags: loopback, the default state file, saved as "sandbox"', [], {}],
    ['a port, extra users, a rate limit', ['--port', '8017', '--users', '2000', '--rate-limit', '60'], { sandbox: { host: '127.0.0.1', port: 8017, users: 2000, rateLimit: 60 } }],
    ['port 0: any free port', ['--port', '0'], { sandbox: { host: '127.0.0.1', port: 0 } }],
    ['pushes answered by hand, at once', ['--push', 'manual', '--push-delay', '0'], { sandbox: { host: '127.0.0.1', push: 'manual', pushDelay: 0 } }],
    ['a fractional push delay', ['--push-delay', '0.5'], { sandbox: { host: '127.0.0.1', pushDelay: 0.5 } }],
    ['[::1] is ::1', ['--host', '[::1]'], { sandbox: { host: '::1' } }],
    ['localhost', ['--host', 'localhost'], { sandbox: { host: 'localhost' } }],
    ['a state file, logged requests', ['--state', '/tmp/sb.json', '--log'], { state: '/tmp/sb.json', log: true }],
    ['another profile name', ['--save-profile', 'my-sandbox'], { saveProfile: 'my-sandbox' }],
    ['no profile', ['--no-save-profile'], { saveProfile: undefined }],
  ])('%s', async (_n, argv, expected) => {
    expect(await harness('sandbox', defineStart).request(['start', ...argv])).toEqual({ ...defaults, ...expected })
  })

  it.each<[string[], string]>([
    [['--host', '0.0.0.0'], 'The sandbox only listens on this machine, not on 0.0.0.0.'],
    [['--host', 'example.com'], 'The sandbox only listens on this machine, not on example.com.'],
    [['--port', '70000'], '--port must be 0–65535 (got 70000).'],
    [['--port', '-1'], '--port must be a whole number (got "-1").'],
    [['--port', 'http'], '--port must be a whole number (got "http").'],
    [['--rate-limit', '0'], '--rate-limit must be at least 1 request per minute.'],
    [['--rate-limit', '1.5'], '--rate-limit must be a whole number (got "1.5").'],
    [['--push', 'maybe'], '--push must be one of approve, reject, timeout, manual (got "maybe").'],
    [['--push-delay', ''], '--push-delay must be a number of seconds from 0 to 3600 (got "").'],
    [['--push-delay', '3601'], '--push-delay must be a number of seconds from 0 to 3600 (got "3601").'],
    [['--push-delay', '-1'], '--push-delay must be a number of seconds from 0 to 3600 (got "-1").'],
    [['--save-profile', 'no spaces'], '"no spaces" is not a valid profile name.'],
    [['--users', 'many'], '--users must be a whole number (got "many").'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    expect((await harness('sandbox', defineStart).usageError(['start', ...argv])).message).toBe(message)
  })
})

describe('parse: sandbox outbox, push, reset', () => {
  it.each<[string[], unknown]>([
    [['outbox'], { user: undefined, last: undefined, codeOnly: false }],
    [['outbox', 'dave', '--last', '3'], { user: 'dave', last: 3, codeOnly: false }],
    [['outbox', 'dave', '--code'], { user: 'dave', last: undefined, codeOnly: true }],
  ])('%j', async (argv, expected) => {
    expect(await harness('sandbox', defineOutbox).request(argv)).toEqual(expected)
  })

  it.each<[string[], string]>([
    [['outbox', '--last', '0'], '--last must be at least 1.'],
    [['outbox', '--last', 'all'], '--last must be a whole number (got "all").'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    expect((await harness('sandbox', defineOutbox).usageError(argv)).message).toBe(message)
  })

  it.each<[string[], unknown]>([
    [['push', 'alice', 'approve'], { user: 'alice', answer: 'approve' }],
    [['push', 'bob', 'reject', '--times', '12'], { user: 'bob', answer: 'reject', times: 12 }],
    [['push', 'bob', 'approve', '--times', '1000'], { user: 'bob', answer: 'approve', times: 1000 }],
  ])('%j', async (argv, expected) => {
    expect(await harness('sandbox', definePush).request(argv)).toEqual(expected)
  })

  it.each<[string[], string]>([
    [['push', 'alice', 'yes'], 'The answer must be approve or reject (got "yes").'],
    [['push', 'alice', 'approve', '--times', '0'], '--times must be 1 to 1000 (got "0").'],
    [['push', 'alice', 'approve', '--times', '1001'], '--times must be 1 to 1000 (got "1001").'],
    [['push', 'alice', 'approve', '--times', '2.5'], '--times must be 1 to 1000 (got "2.5").'],
    // The answer is checked first.
    [['push', 'alice', 'maybe', '--times', 'x'], 'The answer must be approve or reject (got "maybe").'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    expect((await harness('sandbox', definePush).usageError(argv)).message).toBe(message)
  })

  it('reset takes nothing', async () => {
    expect(await harness('sandbox', defineSandboxReset).request(['reset'])).toEqual({})
  })
})

describe('parse: audit', () => {
  const h = () => harness('audit', defineAudit, { verbsOn: false })

  it.each<[string, string[], unknown]>([
    ['no flags', [], { user: undefined, since: undefined }],
    ['a user', ['--user', 'carol@example.com'], { user: 'carol@example.com', since: undefined }],
    ['a span back', ['--since', '7d'], { user: undefined, since: { spanMs: 7 * 86_400_000 } }],
    ['hours, with a space', ['--since', ' 12h '], { user: undefined, since: { spanMs: 12 * 3_600_000 } }],
    ['a date', ['--since', '2026-01-01'], { user: undefined, since: { at: new Date('2026-01-01T00:00:00Z') } }],
    ['a date-time', ['--since', '2026-01-01T09:00Z'], { user: undefined, since: { at: new Date('2026-01-01T09:00:00Z') } }],
  ])('%s', async (_n, argv, expected) => {
    expect(await h().request(argv)).toEqual(expected)
  })

  it.each([['last tuesday'], ['7w'], ['2026-13-45'], ['']])('--since %j is a usage error before the run step', async (since) => {
    const err = await h().usageError(['--since', since])
    expect(err.message).toBe(`--since "${since}" is not a date.`)
    expect(err.hint).toBe('Use a date such as 2026-01-01, a date-time such as 2026-01-01T09:00Z, or a span such as 7d or 12h.')
  })
})

describe('parse: factors activity', () => {
  it.each<[string, string[], unknown]>([
    ['the defaults: the last 24 h, 100 events', [], { user: 'bob', since: { spanMs: 86_400_000 }, limit: 100 }],
    ['a window and a limit', ['--since', '7d', '--until', '2026-11-28', '--limit', '500'], { user: 'bob', since: { spanMs: 7 * 86_400_000 }, until: { at: new Date('2026-11-28T00:00:00Z') }, limit: 500 }],
    ['the largest limit', ['--limit', '10000'], { user: 'bob', since: { spanMs: 86_400_000 }, limit: 10_000 }],
  ])('%s', async (_n, argv, expected) => {
    expect(await harness('factors', defineActivity).request(['activity', 'bob', ...argv])).toEqual(expected)
  })

  it.each<[string[], string]>([
    [['--limit', '0'], '--limit must be a whole number from 1 to 10000 (got "0").'],
    [['--limit', '1.5'], '--limit must be a whole number from 1 to 10000 (got "1.5").'],
    [['--limit', '1e3'], '--limit must be a whole number from 1 to 10000 (got "1e3").'],
    [['--limit', '10001'], '--limit must be a whole number from 1 to 10000 (got "10001").'],
    [['--since', 'yesterday'], '--since "yesterday" is not a date.'],
    // (--until is read by the same rule, and its message names --until.)
    [['--until', 'tomorrow'], '--until "tomorrow" is not a date.'],
    // The limit is checked first, then --since, then --until.
    [['--limit', '0', '--since', 'x'], '--limit must be a whole number from 1 to 10000 (got "0").'],
    [['--since', 'x', '--until', 'y'], '--since "x" is not a date.'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    expect((await harness('factors', defineActivity).usageError(['activity', 'bob', ...argv])).message).toBe(message)
  })
})

describe('parse: users tac and sessions revoke', () => {
  it.each<[string[], unknown]>([
    [['tac', 'bob'], { user: 'bob', tac: { ttlMinutes: undefined, multiUse: false, showSecret: false }, allowAdmin: false, ticket: undefined }],
    [['tac', 'bob', '--ttl', '10'], { user: 'bob', tac: { ttlMinutes: 10, multiUse: false, showSecret: false }, allowAdmin: false, ticket: undefined }],
    [['tac', 'bob', '--ttl', '14400', '--multi-use', '--ticket', 'INC-1'], { user: 'bob', tac: { ttlMinutes: 14400, multiUse: true, showSecret: false }, allowAdmin: false, ticket: 'INC-1' }],
    [['tac', 'bob', '--show-secret', '--allow-admin'], { user: 'bob', tac: { ttlMinutes: undefined, multiUse: false, showSecret: true }, allowAdmin: true, ticket: undefined }],
  ])('%j', async (argv, expected) => {
    expect(await harness('users', defineTac).request(argv)).toEqual(expected)
  })

  it.each<[string[], string]>([
    [['tac', 'bob', '--ttl', '9'], '--ttl: a temporary access code lives 10 to 14400 minutes (got 9).'],
    [['tac', 'bob', '--ttl', '14401'], '--ttl: a temporary access code lives 10 to 14400 minutes (got 14401).'],
    [['tac', 'bob', '--ttl', '1h'], '--ttl must be a whole number (got "1h").'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    expect((await harness('users', defineTac).usageError(argv)).message).toBe(message)
  })

  it.each<[string[], unknown]>([
    [['sessions', 'revoke', 'bob'], { user: 'bob', revokeTokens: false, ticket: undefined }],
    [['sessions', 'revoke', 'bob', '--revoke-tokens', '--ticket', 'INC-2'], { user: 'bob', revokeTokens: true, ticket: 'INC-2' }],
  ])('%j', async (argv, expected) => {
    expect(await harness('users', defineSessions).request(argv)).toEqual(expected)
  })
})

describe('parse: report mfa', () => {
  const h = () => harness('report', defineMfa)

  it.each<[string, string[], unknown]>([
    ['a group', ['--group', 'Engineering'], { settings: { source: { kind: 'group', ref: 'Engineering' }, concurrency: 4, headroomPercent: 10 }, withRoles: false }],
    [
      'everyone, with roles and both files',
      ['--all-users', '--with-roles', '--html', 'mfa.html', '--csv', 'mfa.csv', '--concurrency', '8', '--rate-headroom', '25%'],
      { settings: { source: { kind: 'all' }, concurrency: 8, headroomPercent: 25 }, html: 'mfa.html', csv: 'mfa.csv', withRoles: true },
    ],
    ['a users file', ['--users-file', 'users.txt'], { settings: { source: { kind: 'file', path: 'users.txt' }, concurrency: 4, headroomPercent: 10 }, withRoles: false }],
  ])('%s', async (_n, argv, expected) => {
    const req = (await h().request(['mfa', ...argv])) as Record<string, unknown>
    expect(req).toEqual({ html: undefined, csv: undefined, args: ['report', 'mfa', ...argv], ...(expected as object) })
  })

  it.each<[string[], string]>([
    [[], 'Give the users to report on: --group, --search, --filter, --all-users or --users-file.'],
    [['--group', ' '], '--group needs a group name or id.'],
    [['--group', 'Eng', '--all-users'], 'Give one of --users-file, --group, --search, --filter or --all-users, not --group and --all-users.'],
    [['--all-users', '--concurrency', '0'], '--concurrency must be 1 to 64 (got "0").'],
    [['--all-users', '--rate-headroom', '100'], '--rate-headroom must be a percentage from 0 to 99 (got "100").'],
    [['--all-users', '--html', ' '], '--html and --csv need a file name.'],
    [['--all-users', '--csv', ''], '--html and --csv need a file name.'],
    // The pacing flags are checked before the file names.
    [['--all-users', '--concurrency', '65', '--csv', ''], '--concurrency must be 1 to 64 (got "65").'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    expect((await h().usageError(['mfa', ...argv])).message).toBe(message)
  })
})

describe('parse: completion, doctor, version', () => {
  it.each([
    ['bash', 'bash'],
    ['ZSH', 'zsh'],
    [' fish ', 'fish'],
  ])('completion %j', async (arg, shell) => {
    expect(await harness('completion', defineCompletion, { verbsOn: false }).request([arg])).toEqual({ shell })
  })

  it('completion of a shell oktactl has no script for is a usage error naming the ones there are', async () => {
    const err = await harness('completion', defineCompletion, { verbsOn: false }).usageError(['tcsh'])
    expect(err.message).toBe('oktactl has no completion for "tcsh".')
    expect(err.hint).toBe('Choose one of: bash, zsh, fish.')
  })

  it.each([
    ['doctor', defineDoctor],
    ['version', defineVersion],
  ] as Array<[string, Define]>)('%s takes nothing of its own', async (noun, define) => {
    expect(await harness(noun, define, { verbsOn: false }).request([])).toEqual({})
  })
})

describe('parse: verbs whose operands are the request', () => {
  it.each<[string, string[], Define, unknown]>([
    ['authenticators', ['list', 'alice'], defineListEnrollments, { user: 'alice' }],
    ['authenticators', ['ls', 'alice'], defineListEnrollments, { user: 'alice' }],
    ['authenticators', ['get', 'alice', 'phone'], defineGetEnrollment, { user: 'alice', enrollment: 'phone' }],
    ['authenticators', ['delete', 'bob', 'phone'], defineDeleteEnrollment, { user: 'bob', enrollment: 'phone', allowAdmin: false, ticket: undefined, dryRun: false }],
    ['authenticators', ['rm', 'bob', 'okta_verify', '--allow-admin', '--ticket', 'INC-7', '--dry-run'], defineDeleteEnrollment, { user: 'bob', enrollment: 'okta_verify', allowAdmin: true, ticket: 'INC-7', dryRun: true }],
    ['factors', ['catalog', 'alice'], defineCatalog, { user: 'alice' }],
    ['factors', ['questions', 'alice'], defineQuestions, { user: 'alice' }],
    ['profile', ['list'], defineListProfiles, {}],
    ['profile', ['use', 'prod'], defineUseProfile, { name: 'prod' }],
    ['profile', ['rm', 'prod'], defineRemoveProfile, { name: 'prod' }],
    ['profile', ['show'], defineShowProfile, { name: undefined, sources: false }],
    ['profile', ['show', 'prod', '--sources'], defineShowProfile, { name: 'prod', sources: true }],
    // (--org after the verb still goes to the root's --org, as in the real program: run reads both.)
    ['profile', ['add', 'prod', '--org', 'acme.okta.com', '--read-only', '--client-id', '0oa1', '--private-key', 'k.pem'], defineAddProfile, { name: 'prod', auth: { kind: 'oauth', clientId: '0oa1', privateKeyPath: 'k.pem' }, readOnly: true, makeDefault: false }],
    ['profile', ['add', 'ci.1_a-b', '--token-stdin', '--no-require-ticket'], defineAddProfile, { name: 'ci.1_a-b', auth: { kind: 'token', tokenStdin: true }, requireTicket: false, makeDefault: false }],
  ])('%s %j', async (noun, argv, define, expected) => {
    expect(await harness(noun, define).request(argv)).toEqual(expected)
  })

  it.each([['no spaces'], ['a/b'], ['']])('profile add %j: a name that cannot be stored is a usage error before the run step', async (name) => {
    const err = await harness('profile', defineAddProfile).usageError(['add', name, '--org', 'https://acme.okta.com'])
    expect(err.message).toBe(`"${name}" is not a valid profile name (letters, digits, . _ -).`)
  })
})
