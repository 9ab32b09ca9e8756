import { Command } from '@commander-js/extra-typings'
import { describe, expect, it, vi } from 'vitest'
import type { Services } from '../../../src/context.js'
import { defineAddProfile, type AddProfileRequest } from '../../../src/commands/profile/add.js'
import { ExitCode, UsageError } from '../../../src/errors.js'
import { fakeIO } from '../../helpers/io.js'
import { FIXED_NOW } from '../../helpers/run.js'

/**
 * The parse step of `profile add`: argv through commander → the request runAddProfile receives,
 * or a UsageError before it runs. Nothing is read or stored and no run step runs: `run` is a stub.
 * (The same harness as test/commands/parse-verbs.test.ts, for this one verb.)
 */
type Run = (...args: unknown[]) => Promise<void>

/** The root's options as program.ts declares the ones that matter here (--org and --read-only are the root's too). */
const ROOT = ['-p, --profile <name>', '--org <url>', '--json']

/** `profile add` registered on a `profile` noun under a root with `rootOptions`, as program.ts does. */
function harness(rootOptions: string[] = ROOT) {
  const services: Services = { io: fakeIO().io, env: {}, cwd: '/', now: () => FIXED_NOW, sleep: async () => {} }
  const root = new Command('oktactl').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} })
  for (const flags of rootOptions) root.option(flags)
  const noun = root.command('profile').exitOverride()
  const run = vi.fn<Run>(async () => {})
  defineAddProfile(noun, services, run)
  noun.commands.forEach((c) => c.exitOverride())
  return {
    /** The request the run step got for `oktactl profile add …argv`. */
    request: async (argv: string[]): Promise<unknown> => {
      await root.parseAsync(['profile', 'add', ...argv], { from: 'user' })
      expect(run).toHaveBeenCalledTimes(1)
      return run.mock.calls[0]?.[0]
    },
    /** The UsageError `oktactl profile add …argv` fails with, having run nothing. */
    usageError: async (argv: string[]): Promise<UsageError> => {
      const err: unknown = await root.parseAsync(['profile', 'add', ...argv], { from: 'user' }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(UsageError)
      expect(run).not.toHaveBeenCalled()
      return err as UsageError
    },
  }
}

const TOKEN: AddProfileRequest['auth'] = { kind: 'token', tokenStdin: false }
const STDIN: AddProfileRequest['auth'] = { kind: 'token', tokenStdin: true }
const oauth = (more: { keyId?: string; scopes?: string[] } = {}): AddProfileRequest['auth'] => ({ kind: 'oauth', clientId: '0oa1', privateKeyPath: 'k.pem', keyId: undefined, scopes: undefined, ...more })

describe('parse: profile add, the requests', () => {
  const defaults: Omit<AddProfileRequest, 'name'> = { org: undefined, auth: TOKEN, readOnly: undefined, requireTicket: undefined, makeDefault: false }

  it.each<[string, string[], Partial<AddProfileRequest>]>([
    ['an API token, asked for (no org: run reads the root --org or refuses)', ['prod'], {}],
    ['an API token from stdin', ['ci', '--token-stdin'], { name: 'ci', auth: STDIN }],
    // --org after the verb still goes to the root's --org, as in the real program: run reads both.
    ['--org is the root\'s', ['prod', '--org', 'acme.okta.com', '--token-stdin'], { auth: STDIN }],
    ['a name of letters, digits, . _ -', ['ci.1_a-B', '--token-stdin'], { name: 'ci.1_a-B', auth: STDIN }],
    ['an OAuth app', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem'], { auth: oauth() }],
    ['an OAuth app, the client id and key path trimmed', ['prod', '--client-id', ' 0oa1 ', '--private-key', ' k.pem '], { auth: oauth() }],
    ['an OAuth app with a key id', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--key-id', 'k1'], { auth: oauth({ keyId: 'k1' }) }],
    ['an OAuth app with scopes (spaces or commas)', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--scopes', 'okta.users.read, okta.users.manage'], { auth: oauth({ scopes: ['okta.users.read', 'okta.users.manage'] }) }],
    ['an OAuth app with a key id and one scope', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--key-id', 'k1', '--scopes', 'okta.users.read'], { auth: oauth({ keyId: 'k1', scopes: ['okta.users.read'] }) }],
    ['a key path under ~ (resolved when it runs)', ['prod', '--client-id', '0oa1', '--private-key', '~/.okta/svc.pem'], { auth: { kind: 'oauth', clientId: '0oa1', privateKeyPath: '~/.okta/svc.pem', keyId: undefined, scopes: undefined } }],
    ['read-only', ['prod', '--token-stdin', '--read-only'], { auth: STDIN, readOnly: true }],
    ['read-only no more', ['prod', '--token-stdin', '--no-read-only'], { auth: STDIN, readOnly: false }],
    ['require-ticket', ['prod', '--token-stdin', '--require-ticket'], { auth: STDIN, requireTicket: true }],
    ['require-ticket no more', ['prod', '--token-stdin', '--no-require-ticket'], { auth: STDIN, requireTicket: false }],
    ['the default profile', ['prod', '--token-stdin', '--default'], { auth: STDIN, makeDefault: true }],
    ['an OAuth app, read-only, with a ticket required, as the default', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--read-only', '--require-ticket', '--default'], { auth: oauth(), readOnly: true, requireTicket: true, makeDefault: true }],
  ])('%s', async (_n, argv, expected) => {
    expect(await harness().request(argv)).toStrictEqual({ ...defaults, name: 'prod', ...expected })
  })

  it('without a root --org, the command\'s own --org is in the request, as typed', async () => {
    expect(await harness(['-p, --profile <name>']).request(['prod', '--org', 'acme.okta.com', '--token-stdin'])).toStrictEqual({ ...defaults, name: 'prod', org: 'acme.okta.com', auth: STDIN })
  })

  it('the root\'s --read-only is the root\'s: the request leaves it to run (which turns read-only on)', async () => {
    expect(await harness([...ROOT, '--read-only']).request(['prod', '--token-stdin', '--read-only'])).toStrictEqual({ ...defaults, name: 'prod', auth: STDIN })
  })

  it('a --key-id is kept as typed (a JWKS is searched for exactly it; run stores it trimmed)', async () => {
    expect(await harness().request(['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--key-id', ' k1 '])).toStrictEqual({ ...defaults, name: 'prod', auth: oauth({ keyId: ' k1 ' }) })
  })

  it('no secret is in the request: the token is read when it runs', async () => {
    const req = await harness().request(['prod', '--token-stdin'])
    expect(Object.keys(req as object).sort()).toEqual(['auth', 'makeDefault', 'name', 'org', 'readOnly', 'requireTicket'])
    expect(Object.keys((req as AddProfileRequest).auth).sort()).toEqual(['kind', 'tokenStdin'])
  })
})

describe('parse: profile add, the usage errors (exit 2, before the run step)', () => {
  const OAUTH_ONLY = '--key-id and --scopes apply to OAuth profiles (--client-id and --private-key).'
  const NO_CLIENT = '--private-key needs --client-id <id> (the service app\'s client id, 0oa…).'
  const NO_KEY = '--client-id needs --private-key <file> (a PEM or JWK file).'
  const STDIN_OAUTH = '--token-stdin is for API tokens; an OAuth profile (--client-id) uses --private-key.'
  const NOT_A_PATH = '--private-key takes a file path, not the key itself.'
  const EMPTY_SCOPES = '--scopes is empty.'

  it.each<[string, string[], string, string | undefined]>([
    ['a name that cannot be stored', ['../x', '--token-stdin'], '"../x" is not a valid profile name (letters, digits, . _ -).', undefined],
    ['an empty name', ['', '--token-stdin'], '"" is not a valid profile name (letters, digits, . _ -).', undefined],
    ['--client-id without --private-key', ['prod', '--client-id', '0oa1'], NO_KEY, undefined],
    ['--client-id with an empty --private-key', ['prod', '--client-id', '0oa1', '--private-key', ' '], NO_KEY, undefined],
    ['--private-key without --client-id', ['prod', '--private-key', 'k.pem'], NO_CLIENT, undefined],
    ['--private-key with an empty --client-id', ['prod', '--client-id', ' ', '--private-key', 'k.pem'], NO_CLIENT, undefined],
    ['--token-stdin with --client-id', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--token-stdin'], STDIN_OAUTH, undefined],
    ['--token-stdin with --private-key alone', ['prod', '--private-key', 'k.pem', '--token-stdin'], STDIN_OAUTH, undefined],
    ['a PEM key itself instead of a path', ['prod', '--client-id', '0oa1', '--private-key', '-----BEGIN PRIVATE KEY-----'], NOT_A_PATH, 'Save the key to a file with mode 0600 and give its path.'],
    ['a JWK itself instead of a path', ['prod', '--client-id', '0oa1', '--private-key', ' {"kty":"RSA"}'], NOT_A_PATH, 'Save the key to a file with mode 0600 and give its path.'],
    ['empty --scopes', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--scopes', ' '], EMPTY_SCOPES, 'e.g. --scopes "okta.users.read okta.users.manage"'],
    ['--scopes of separators only', ['prod', '--client-id', '0oa1', '--private-key', 'k.pem', '--scopes', ', ,'], EMPTY_SCOPES, 'e.g. --scopes "okta.users.read okta.users.manage"'],
    ['--key-id without an OAuth app', ['prod', '--key-id', 'k1', '--token-stdin'], OAUTH_ONLY, undefined],
    ['--scopes without an OAuth app', ['prod', '--scopes', 'okta.users.read'], OAUTH_ONLY, undefined],
    ['empty --scopes without an OAuth app', ['prod', '--scopes', ''], OAUTH_ONLY, undefined],
  ])('%s', async (_n, argv, message, hint) => {
    const err = await harness().usageError(argv)
    expect(err.message).toBe(message)
    expect(err.hint).toBe(hint)
    expect(err.exitCode).toBe(ExitCode.USAGE)
  })

  // The order the checks were always made in: the name, then --token-stdin against an OAuth app,
  // the client id, the key path, what the key path holds, then the scopes.
  it.each<[string, string[], string]>([
    ['the name before the credentials', ['../x', '--client-id', '0oa1'], '"../x" is not a valid profile name (letters, digits, . _ -).'],
    ['--token-stdin before a missing client id', ['prod', '--private-key', 'k.pem', '--token-stdin'], STDIN_OAUTH],
    ['--token-stdin before a missing key', ['prod', '--client-id', '0oa1', '--token-stdin'], STDIN_OAUTH],
    ['a missing client id before a missing key', ['prod', '--client-id', ' ', '--private-key', ' '], NO_CLIENT],
    ['a missing key before empty --scopes', ['prod', '--client-id', '0oa1', '--scopes', ' '], NO_KEY],
    ['a key that is no path before empty --scopes', ['prod', '--client-id', '0oa1', '--private-key', '-----BEGIN PRIVATE KEY-----', '--scopes', ' '], NOT_A_PATH],
  ])('%s', async (_n, argv, message) => {
    expect((await harness().usageError(argv)).message).toBe(message)
  })
})
