import { describe, expect, it } from 'vitest'
import { buildProgram } from '../src/program.js'
import { fakeIO } from './helpers/io.js'

const services = () => ({
  io: fakeIO().io,
  env: {},
  cwd: '/',
  now: () => new Date(),
  sleep: async () => {},
})

const verbs = (p: Awaited<ReturnType<typeof buildProgram>>, noun: string) =>
  p.commands.find((c) => c.name() === noun)?.commands.map((c) => c.name()) ?? []

describe('buildProgram: nouns load only when argv names them', () => {
  it('root --help defines every noun by name and summary only', async () => {
    const p = await buildProgram(services(), ['--help'])
    expect(p.commands.map((c) => c.name())).toEqual(['factors', 'authenticators', 'users', 'report', 'profile', 'audit', 'doctor', 'completion', 'version', 'sandbox'])
    for (const c of p.commands) {
      expect(c.description()).not.toBe('')
      expect(c.commands).toEqual([])
      expect(c.options).toEqual([])
    }
  })

  it('a named noun (or its alias) gets the verb argv names, or all its verbs; the others stay bare', async () => {
    const p = await buildProgram(services(), ['-p', 'x', 'factor', 'list', 'alice'])
    expect(verbs(p, 'factors')).toEqual(['list'])
    const all = await buildProgram(services(), ['factors', '--help'])
    expect(verbs(all, 'factors')).toEqual(['list', 'get', 'catalog', 'questions', 'enroll', 'activate', 'resend', 'verify', 'poll', 'delete', 'reset', 'activity'])
    expect(verbs(p, 'profile')).toEqual([])
    const q = await buildProgram(services(), ['help', 'sandbox'])
    expect(verbs(q, 'sandbox')).toEqual(['start', 'reset', 'outbox', 'push'])
  })

  // The verb is the operand commander dispatches on (the one after the noun), not any word of argv.
  it.each<[string[], string[] | 'all']>([
    [['factors', 'rm', 'alice', 'sms'], ['delete']],
    [['--org', 'list', 'factors', 'list', 'alice'], ['list']],
    [['factors', '--json', 'list', 'alice'], ['list']],
    [['factors', '--help', 'reset'], 'all'],
    [['factors', '-h', 'reset'], 'all'],
    [['factors', 'reste', 'alice', '--types', 'list'], 'all'],
    [['factors', 'alice', 'list'], 'all'],
    [['factors', 'list', '--', 'reset'], ['list']],
    [['users', '--help', 'tac'], 'all'],
    // Short clusters as commander reads them: -yh is -y -h; -yp takes the next word as its value.
    [['factors', '-yh', 'reset'], 'all'],
    [['factors', '-yp', 'list', 'reset', 'alice'], ['reset']],
    [['-oj', 'factors', 'list'], ['list']],
    [['factors', '-ypprod', 'get', 'alice', 'sms'], ['get']],
    [['profile', '-yp', 'ls', 'show', 'sandbox'], ['show']],
  ])('%j defines %j', async (argv, want) => {
    const noun = argv.includes('users') ? 'users' : argv.includes('profile') ? 'profile' : 'factors'
    const all = verbs(await buildProgram(services(), [noun, '--help']), noun)
    expect(verbs(await buildProgram(services(), argv), noun)).toEqual(want === 'all' ? all : want)
  })
})
