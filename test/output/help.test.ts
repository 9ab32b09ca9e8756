import { describe, expect, it } from 'vitest'
import { reflow, wrapWords } from '../../src/output/help.js'
import { runCli } from '../helpers/run.js'

const words = (text: string) => text.replace(/ \\\n/g, '\n').split(/\s+/).filter(Boolean)

const SCREENS = [[], ['factors'], ['factors', 'reset'], ['factors', 'enroll'], ['factors', 'verify'], ['report', 'mfa'], ['users', 'tac'], ['sandbox', 'start'], ['profile', 'add']]

describe('help fits the terminal', () => {
  it.each([40, 60, 80, 100])('at %i columns no line is longer and no word is cut', async (columns) => {
    for (const screen of SCREENS) {
      const narrow = await runCli([...screen, '--help'], { tty: true, columns })
      expect(narrow.exitCode).toBe(0)
      const long = narrow.stdout.split('\n').filter((l) => l.length > columns && !/^\S+$/.test(l.trim()))
      expect(long, `${screen.join(' ')} at ${columns}`).toEqual([])
      // The same words as at a very wide terminal, in the same order: wrapped, never split.
      const wide = await runCli([...screen, '--help'], { tty: true, columns: 400 })
      expect(words(narrow.stdout)).toEqual(words(wide.stdout))
    }
  })

  it('off a terminal, help is laid out for 80 columns', async () => {
    const r = await runCli(['factors', '--help'], { columns: 200 })
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80)
    // A long term gets its own line; the description sits under the description column.
    expect(r.stdout).toMatch(/\n {2}poll \[options\] <user> <factor> <transaction>\n {20,}Show \(or wait for\)/)
  })
})

describe('reflow', () => {
  it('joins and wraps a paragraph, keeps headings, blank lines and short lines', () => {
    const text = 'First line of a paragraph that was\nwrapped by hand at some width.\n\nExamples:\n  $ oktactl factors list alice'
    expect(reflow(text, 30)).toBe('First line of a paragraph that\nwas wrapped by hand at some\nwidth.\n\nExamples:\n  $ oktactl factors list alice')
  })

  it('an example breaks with a shell continuation and an indent, so it pastes as one command', () => {
    expect(reflow('  $ oktactl factors reset bob@example.com --ticket INC-1 --yes', 40)).toBe('  $ oktactl factors reset \\\n      bob@example.com --ticket INC-1 \\\n      --yes')
  })

  it('an example never breaks inside quotes (the shell would keep the backslash in the string)', () => {
    expect(reflow(`  $ oktactl doctor --json | jq '.checks[] | select(.verdict != "ok")'`, 50)).toBe(`  $ oktactl doctor --json | jq \\\n      '.checks[] | select(.verdict != "ok")'`)
  })

  it('a two-column line wraps under its second column, or below a first column too wide to keep beside', () => {
    expect(reflow('  3    verification not successful (wrong code)', 30)).toBe('  3    verification not\n       successful (wrong code)')
    expect(reflow('  OKTA_CLIENT_ORGURL, OKTA_ORG_URL  org URL (e.g. https://x)', 40)).toBe('  OKTA_CLIENT_ORGURL, OKTA_ORG_URL\n      org URL (e.g. https://x)')
  })

  it('a word longer than the line stays whole', () => {
    expect(wrapWords('see https://developer.okta.com/docs/reference/api/factors now', 20)).toEqual(['see', 'https://developer.okta.com/docs/reference/api/factors', 'now'])
  })
})
