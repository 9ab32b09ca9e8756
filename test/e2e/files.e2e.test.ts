import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { built, oktactl, skipNote, useHostileOrg } from './helpers.js'
import { factor, user, withUser } from './hostile.js'

// Files oktactl writes (--report, --audit-log), on the built binary: a symlink is never followed,
// a device or FIFO never written or chmod-ed, an existing report never truncated.

const ID = '00u1filesfilesfiles1'
const LOGIN = 'files@example.com'
const ctx = useHostileOrg('files', (org) => {
  withUser(org, user(ID, LOGIN), [factor('mbl1files', 'sms')])
  org.on('POST', `/api/v1/users/${ID}/lifecycle/reset_factors`, { status: 200, json: {} })
})

const changes = () => ctx.org.requests.filter((r) => r.method !== 'GET')
const reset = (extra: string[]) => oktactl(ctx.home, ['factors', 'reset', '--users-file', '-', '--yes', ...extra], { env: ctx.org.env, stdin: `${LOGIN}\n` })

describe.skipIf(!built)(`files oktactl writes, on the built binary${skipNote}`, () => {
  it('--report to a symlink: refused (exit 2), the target neither truncated nor chmod-ed, nothing sent, even with --dry-run', async () => {
    const target = join(ctx.home.dir, 'precious.txt')
    writeFileSync(target, 'keep me\n')
    chmodSync(target, 0o644)
    symlinkSync(target, join(ctx.home.dir, 'r.jsonl'))
    for (const extra of [['--dry-run'], []]) {
      const r = await reset(['--report', join(ctx.home.dir, 'r.jsonl'), ...extra])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('is a symbolic link; oktactl does not follow links for files it writes')
    }
    expect(readFileSync(target, 'utf8')).toBe('keep me\n')
    expect(statSync(target).mode & 0o777).toBe(0o644)
    expect(changes()).toEqual([])
  })

  it('an existing report is never truncated: refused without --resume', async () => {
    const rep = join(ctx.home.dir, 'r.jsonl')
    writeFileSync(rep, '{"earlier":"run"}\n')
    const r = await reset(['--report', rep])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`The report ${rep} already exists; oktactl never overwrites a report.`)
    expect(r.stderr).toContain(`--resume ${rep}`)
    expect(readFileSync(rep, 'utf8')).toBe('{"earlier":"run"}\n')
    expect(changes()).toEqual([])
  })

  it('--report /dev/null (a device) is refused and left alone', async () => {
    const before = statSync('/dev/null').mode
    const r = await reset(['--report', '/dev/null'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('/dev/null is not a regular file')
    expect(statSync('/dev/null').mode).toBe(before)
    expect(changes()).toEqual([])
  })

  it('--audit-log to a symlink: refused before any change, the target untouched', async () => {
    const target = join(ctx.home.dir, 'elsewhere.log')
    writeFileSync(target, 'x\n')
    chmodSync(target, 0o644)
    mkdirSync(join(ctx.home.dir, 'logs'))
    symlinkSync(target, join(ctx.home.dir, 'logs', 'audit.log'))
    const r = await oktactl(ctx.home, ['factors', 'reset', LOGIN, '--yes', '--audit-log', join(ctx.home.dir, 'logs', 'audit.log')], { env: ctx.org.env })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('is a symbolic link')
    expect(r.stderr).toContain('Nothing was changed.')
    expect(lstatSync(join(ctx.home.dir, 'logs', 'audit.log')).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('x\n')
    expect(statSync(target).mode & 0o777).toBe(0o644)
    expect(changes()).toEqual([])
  })

  it('a new report is created 0600 and --resume appends to it', async () => {
    const rep = join(ctx.home.dir, 'r.jsonl')
    const first = await reset(['--report', rep])
    expect(first.code, first.stderr).toBe(0)
    expect(statSync(rep).mode & 0o777).toBe(0o600)
    const lines = readFileSync(rep, 'utf8').trim().split('\n').length
    const again = await oktactl(ctx.home, ['factors', 'reset', '--users-file', '-', '--yes', '--resume', rep], { env: ctx.org.env, stdin: `${LOGIN}\nother@example.com\n` })
    expect(readFileSync(rep, 'utf8').trim().split('\n').length).toBeGreaterThan(lines)
    expect(again.stderr).not.toContain('already exists')
  })
})

describe.skipIf(!built)(`loose modes on where credentials live, on the built binary${skipNote}`, () => {
  it('a config dir and profile store readable by others are tightened, with one warning each', async () => {
    const add = await oktactl(ctx.home, ['profile', 'add', 'p', '--org', ctx.org.url, '--token-stdin'], { stdin: 'x0token0x\n' })
    expect(add.code, add.stderr).toBe(0)
    const cfg = join(ctx.home.dir, 'config')
    chmodSync(cfg, 0o755)
    chmodSync(join(cfg, 'config.json'), 0o644)
    const r = await oktactl(ctx.home, ['profile', 'list'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`${cfg} was readable by group or others (mode 0755); oktactl set it to 0700`)
    expect(r.stderr).toContain(`${join(cfg, 'config.json')} was readable by group or others (mode 0644); oktactl set it to 0600`)
    expect(statSync(cfg).mode & 0o777).toBe(0o700)
    expect(statSync(join(cfg, 'config.json')).mode & 0o777).toBe(0o600)
    const again = await oktactl(ctx.home, ['profile', 'list'])
    expect(again.stderr).toBe('')
  })
})
