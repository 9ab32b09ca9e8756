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

// A noun defines only the verb argv names (commands/verb.ts, nounOf): its table of names must
// hold every name and alias its verbs answer to, or `oktactl factors rm …` would find no verb.

type NounDefine = (noun: Noun, services: Services, verb?: string) => void
const services: Services = { io: fakeIO().io, env: {}, cwd: '/', now: () => FIXED_NOW, sleep: async () => {} }
const nouns: Array<[string, NounDefine]> = [
  ['factors', defineFactors],
  ['authenticators', defineAuthenticators],
  ['users', defineUsers],
  ['report', defineReport],
  ['profile', defineProfile],
  ['sandbox', defineSandbox],
]

function defined(define: NounDefine, verb?: string) {
  const noun = new Command('oktactl').command('noun')
  define(noun as unknown as Noun, services, verb)
  return noun.commands.map((c) => [c.name(), ...c.aliases()])
}

describe.each(nouns)('%s: the verbs argv names', (_noun, define) => {
  const all = defined(define)

  it('a word that names no verb (a misspelling) defines them all', () => {
    expect(defined(define, 'lsit')).toEqual(all)
    expect(defined(define, 'alice@example.com')).toEqual(all)
    expect(all.length).toBeGreaterThan(0)
  })

  it.each(all.flatMap((names) => names.map((word) => [word, names[0]!] as const)))('"%s" defines %s and nothing else', (word, verb) => {
    expect(defined(define, word).map((n) => n[0])).toEqual([verb])
  })
})
