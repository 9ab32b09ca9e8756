import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jsonl, org, run } from '../bulk/helpers.js'

// What the run step of a reset or delete still checks, because the flags alone cannot tell: the
// ticket (one user: a refused one is audited, as `refused`, before anything is sent), where a
// temporary access code could be shown, --yes off a terminal. The parse step checked the rest.

const auditLog = (home: string) => join(home, 'state', 'audit.log')
const audit = (home: string) => jsonl(readFileSync(auditLog(home), 'utf8'))

describe('the ticket, one user: refused and audited as refused', () => {
  it.each<[string, string[], string]>([
    ['an empty --ticket (reset)', ['factors', 'reset', 'alice', '--yes', '--ticket', ''], '--ticket must not be empty.'],
    ['a blank --ticket (delete)', ['factors', 'delete', 'alice', 'sms', '--yes', '--ticket', '  '], '--ticket must not be empty.'],
    ['a --ticket of two lines', ['factors', 'reset', 'alice', '--yes', '--ticket', 'INC-1\nINC-2'], '--ticket must be one line of at most 200 characters.'],
    ['a --ticket over 200 characters', ['factors', 'delete', 'alice', 'sms', '--dry-run', '--ticket', 'x'.repeat(201)], '--ticket must be one line of at most 200 characters.'],
  ])('%s', async (_name, argv, message) => {
    const o = await org()
    const r = await run(argv, { env: o.env })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(`Error: ${message}\n`)
    expect(o.requests).toEqual([])
    const lines = audit(r.home)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ command: argv.slice(0, 2).join(' '), login: 'alice', userId: null, outcome: 'refused', reason: message })
  })

  it('many users: refused before the run opens its audit log (as before)', async () => {
    const o = await org()
    const r = await run(['factors', 'reset', '--users-file', '-', '--yes', '--ticket', ''], { env: o.env, stdin: 'alice\n' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --ticket must not be empty.\n')
    expect(o.requests).toEqual([])
    expect(existsSync(auditLog(r.home))).toBe(false)
  })
})

describe('where a code could be shown, and --yes off a terminal: checked when the reset runs', () => {
  it.each<[string, string[], string]>([
    ['--issue-tac --show-secret without --json', ['--issue-tac', '--show-secret'], 'Error: --show-secret applies with --json.\n'],
    [
      '--issue-tac with stdout a pipe',
      ['--issue-tac'],
      'Error: A temporary access code is shown on a terminal only, and stdout is not one.\nRun it at a terminal, or use --json --show-secret in a script that passes the code on.\n',
    ],
  ])('%s', async (_name, flags, stderr) => {
    const o = await org()
    const r = await run(['factors', 'reset', 'alice', '--yes', ...flags], { env: o.env })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(stderr)
    expect(o.requests).toEqual([])
    expect(existsSync(auditLog(r.home))).toBe(false)
  })

  it('--verify-caller sms off a terminal', async () => {
    const o = await org()
    const r = await run(['factors', 'delete', 'alice', 'sms', '--yes', '--verify-caller', 'sms'], { env: o.env })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --verify-caller sms needs a terminal: the agent types in the code the caller reads out.\nUse --verify-caller push, which works anywhere.\n')
    expect(o.requests).toEqual([])
  })
})
