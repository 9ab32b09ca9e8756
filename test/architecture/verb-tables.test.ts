import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import type { Noun } from '../../src/commands/verb.js'
import type { Services } from '../../src/context.js'
import { defineAuthenticators } from '../../src/commands/authenticators/index.js'
import { defineFactors } from '../../src/commands/factors/index.js'
import { defineProfile } from '../../src/commands/profile/index.js'
import { defineReport } from '../../src/commands/report/index.js'
import { defineSandbox } from '../../src/commands/sandbox/index.js'
import { defineUsers } from '../../src/commands/users/index.js'
import { fakeIO } from '../helpers/io.js'
import { FIXED_NOW } from '../helpers/run.js'

// A noun defines only the verbs argv names (commands/verb.ts, nounOf): its table of names must
// hold every name and alias its verbs answer to, or `oktactl factors rm …` would find no verb.

type NounDefine = (noun: Noun, services: Services, argv?: ReadonlySet<string>) => void
const services: Services = { io: fakeIO().io, env: {}, cwd: '/', now: () => FIXED_NOW, sleep: async () => {} }
const nouns: Array<[string, NounDefine]> = [
  ['factors', defineFactors],
  ['authenticators', defineAuthenticators],
  ['users', defineUsers],
  ['report', defineReport],
  ['profile', defineProfile],
  ['sandbox', defineSandbox],
]

function defined(define: NounDefine, argv?: string[]) {
  const noun = new Command('oktactl').command('noun')
  define(noun as unknown as Noun, services, argv && new Set(argv))
  return noun.commands.map((c) => [c.name(), ...c.aliases()])
}

describe.each(nouns)('%s: the verbs argv names', (_noun, define) => {
  const all = defined(define)

  it('argv naming no verb defines them all', () => {
    expect(defined(define, ['--help'])).toEqual(all)
    expect(defined(define, ['lsit', 'alice@example.com'])).toEqual(all)
    expect(all.length).toBeGreaterThan(0)
  })

  it.each(all.flatMap((names) => names.map((word) => [word, names[0]!] as const)))('"%s" defines %s and nothing else', (word, verb) => {
    expect(defined(define, ['--json', word, 'alice@example.com']).map((n) => n[0])).toEqual([verb])
  })
})
