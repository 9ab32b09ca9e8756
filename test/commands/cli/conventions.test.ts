import { describe, expect, it } from 'vitest'
import { helpAsFlag } from '../../../src/main.js'
import { runCli } from '../../helpers/run.js'

describe('oktactl help <command…>', () => {
  it('shows the help of the deepest command named, like <command…> --help', async () => {
    const r = await runCli(['help', 'factors', 'reset'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(/^Usage: oktactl factors reset \[options\] \[user\]/)
    expect(r.stdout).toBe((await runCli(['factors', 'reset', '--help'])).stdout)
    expect((await runCli(['help', 'factors'])).stdout).toMatch(/^Usage: oktactl factors\|factor \[options\] \[command\]/)
    expect((await runCli(['--profile', 'prod', 'help', 'profile', 'add'])).stdout).toMatch(/^Usage: oktactl profile add/)
    // commander's help command one level down still works.
    expect((await runCli(['factors', 'help', 'delete'])).stdout).toMatch(/^Usage: oktactl factors delete/)
  })

  it('only rewrites a leading help word (a user or profile called "help" is left alone)', () => {
    expect(helpAsFlag(['help', 'factors', 'reset'])).toEqual(['factors', 'reset', '--help'])
    expect(helpAsFlag(['-p', 'help', 'factors', 'list'])).toEqual(['-p', 'help', 'factors', 'list'])
    // A short cluster ending in -p takes the next word as its value, as commander reads it.
    expect(helpAsFlag(['-yp', 'help', 'factors', 'list'])).toEqual(['-yp', 'help', 'factors', 'list'])
    expect(helpAsFlag(['-y', 'help', 'factors', 'list'])).toEqual(['-y', 'factors', 'list', '--help'])
    expect(helpAsFlag(['factors', 'list', 'help'])).toEqual(['factors', 'list', 'help'])
    expect(helpAsFlag(['help'])).toEqual(['help'])
    expect(helpAsFlag(['--', 'help', 'x'])).toEqual(['--', 'help', 'x'])
  })
})

describe('errors start the same way whoever raised them', () => {
  it("commander's suggestion stays on its own line (help text is reflowed, errors are not)", async () => {
    const r = await runCli(['factors', 'list', 'alice', '--jsn'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe("Error: unknown option '--jsn'\n(Did you mean --json?)\n")
  })

  it.each([
    [['factors', 'list', '--bogus'], "Error: unknown option '--bogus'"],
    [['factors', 'get', 'alice'], "Error: missing required argument 'factor'"],
    [['factros'], "Error: unknown command 'factros'"],
    [['completion', 'tcsh'], 'Error: oktactl has no completion for "tcsh".'],
  ])('%j', async (argv, start) => {
    const r = await runCli(argv)
    expect(r.exitCode).toBe(2)
    expect(r.stderr.startsWith(start), r.stderr).toBe(true)
    expect(r.stderr).not.toMatch(/^error:/m)
  })
})

describe('an error that quotes a huge argument', () => {
  it('is cut at 1,000 characters a line, saying how many more there were', async () => {
    const huge = '9'.repeat(120_000) + 'x'
    const r = await runCli(['--timeout', huge, 'factors', 'list', 'alice'])
    expect(r.exitCode).toBe(2)
    const [first] = r.stderr.split('\n')
    expect(first?.length).toBeLessThan(1100)
    expect(first).toMatch(/^Error: --timeout must be a positive number of seconds \(got "9+… \(\d+ more characters\)$/)
  })
})
