import { describe, expect, it } from 'vitest'
import { verbHarness } from '../../helpers/verb.js'
import { UsageError } from '../../../src/errors.js'
import { defineActivate } from '../../../src/commands/factors/activate.js'
import { defineGet } from '../../../src/commands/factors/get.js'
import { definePoll } from '../../../src/commands/factors/poll.js'
import { defineResend } from '../../../src/commands/factors/resend.js'
import { defineVerify, type VerifyRequest } from '../../../src/commands/factors/verify.js'

const verifyDefaults: VerifyRequest = {
  user: 'alice@example.com',
  factor: 'push',
  code: undefined,
  nextCode: undefined,
  answer: undefined,
  numberChallenge: false,
  wait: false,
  waitSeconds: 120,
  templateId: undefined,
  tokenLifetimeSeconds: undefined,
  forwardedFor: undefined,
  userAgent: undefined,
  acceptLanguage: undefined,
}

describe('parse: factors verify', () => {
  it.each<[string, string[], Partial<VerifyRequest>]>([
    ['no flags', [], {}],
    ['push, number matching, waiting 30 s', ['--number-challenge', '--wait', '--wait-timeout', '30'], { numberChallenge: true, wait: true, waitSeconds: 30 }],
    ['codes', ['--code', '123456', '--next-code', '654321'], { code: '123456', nextCode: '654321' }],
    ['code from stdin', ['--code', '-'], { code: '-' }],
    ['answer from stdin', ['--answer', '-'], { answer: '-' }],
    ['sms options', ['--template-id', 'cstk2', '--token-lifetime', '600', '--accept-language', 'de'], { templateId: 'cstk2', tokenLifetimeSeconds: 600, acceptLanguage: 'de' }],
    ['push context headers', ['--forwarded-for', '203.0.113.7', '--user-agent', 'Portal/1'], { forwardedFor: '203.0.113.7', userAgent: 'Portal/1' }],
  ])('%s', async (_n, argv, expected) => {
    const { parse, run } = verbHarness(defineVerify)
    await parse(['verify', 'alice@example.com', 'push', ...argv])
    expect(run).toHaveBeenCalledTimes(1)
    expect(run.mock.calls[0]?.[0]).toEqual({ ...verifyDefaults, ...expected })
  })

  it.each<[string[], string]>([
    [['--wait-timeout', '0'], '--wait-timeout must be a positive number of seconds (got "0").'],
    [['--wait-timeout', 'soon'], '--wait-timeout must be a positive number of seconds (got "soon").'],
    [['--token-lifetime', '86401'], '--token-lifetime must be 1 to 86400 seconds (got "86401").'],
    [['--token-lifetime', '1.5'], '--token-lifetime must be 1 to 86400 seconds (got "1.5").'],
  ])('%j is a usage error before the run step', async (argv, message) => {
    const { parse, run } = verbHarness(defineVerify)
    await expect(parse(['verify', 'u', 'push', ...argv])).rejects.toEqual(new UsageError(message))
    expect(run).not.toHaveBeenCalled()
  })

  it('a missing factor is a commander usage error', async () => {
    const { parse, run } = verbHarness(defineVerify)
    await expect(parse(['verify', 'u'])).rejects.toMatchObject({ code: 'commander.missingArgument', exitCode: 1 })
    expect(run).not.toHaveBeenCalled()
  })
})

describe('parse: the other verbs', () => {
  it('activate: user, factor and options', async () => {
    const { parse, run } = verbHarness(defineActivate)
    await parse(['activate', 'u', 'push', '--wait', '--wait-timeout', '60'])
    await parse(['activate', 'u', 'sms', '--code', '123456'])
    expect(run.mock.calls.map((c) => c[0])).toEqual([
      { user: 'u', factor: 'push', code: undefined, wait: true, waitSeconds: 60, restart: false },
      { user: 'u', factor: 'sms', code: '123456', wait: false, waitSeconds: 120, restart: false },
    ])
  })

  it('poll: user, factor, transaction and --wait', async () => {
    const { parse, run } = verbHarness(definePoll)
    await parse(['poll', 'u', 'push', 'v2mst.abc', '--wait', '--wait-timeout', '10'])
    expect(run.mock.calls[0]?.[0]).toEqual({ user: 'u', factor: 'push', transactionId: 'v2mst.abc', wait: true, waitSeconds: 10 })
  })

  it('get: user and factor', async () => {
    const { parse, run } = verbHarness(defineGet)
    await parse(['get', 'u', 'sms'])
    expect(run.mock.calls[0]?.[0]).toEqual({ user: 'u', factor: 'sms' })
  })

  it('resend: --template-id', async () => {
    const { parse, run } = verbHarness(defineResend)
    await parse(['resend', 'u', 'sms', '--template-id', 't1'])
    expect(run.mock.calls[0]?.[0]).toEqual({ user: 'u', factor: 'sms', templateId: 't1' })
  })

  it('an unknown option is refused', async () => {
    const { parse, run } = verbHarness(defineGet)
    await expect(parse(['get', 'u', 'sms', '--bogus'])).rejects.toMatchObject({ code: 'commander.unknownOption' })
    expect(run).not.toHaveBeenCalled()
  })
})
