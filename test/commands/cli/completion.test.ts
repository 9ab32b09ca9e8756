import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run.js'
import { TOKEN } from '../../helpers/okta.js'

/** `oktactl __complete`: what every completion script offers, read off the command tree. */
async function offered(words: string[], home?: string): Promise<{ directive: string; values: string[]; described: string[] }> {
  const r = await runCli(['__complete', ...words], { home })
  expect(r.exitCode, r.stderr).toBe(0)
  expect(r.stderr).toBe('')
  const [directive = '', ...lines] = r.stdout.trimEnd().split('\n')
  return { directive, values: lines.filter(Boolean).map((l) => l.split('\t')[0] ?? ''), described: lines }
}

describe('shell completion candidates', () => {
  it('offers the nouns, then their verbs, with descriptions', async () => {
    const top = await offered([''])
    expect(top.directive).toBe(':values')
    expect(top.values).toEqual(expect.arrayContaining(['factors', 'authenticators', 'users', 'report', 'profile', 'audit', 'doctor', 'completion', 'version', 'sandbox']))
    expect((await offered(['fa'])).described).toEqual([expect.stringMatching(/^factors\tList, enroll/)])
    expect((await offered(['factors', ''])).values).toEqual(
      expect.arrayContaining(['list', 'enroll', 'activate', 'verify', 'delete', 'reset', 'activity', 'resend', 'poll', 'catalog', 'questions']),
    )
    expect((await offered(['factors', 're'])).values.sort()).toEqual(['resend', 'reset'])
    // An alias leads to the same verbs.
    expect((await offered(['factor', 'del'])).values).toEqual(['delete'])
  })

  it('offers flags of the verb and the global ones, after an option value too', async () => {
    const r = await offered(['factors', 'reset', '--'])
    expect(r.values).toEqual(expect.arrayContaining(['--ticket', '--dry-run', '--group', '--revoke-sessions', '--profile', '--json', '--help']))
    expect((await offered(['factors', 'reset', '--ticket', 'INC-1', '--dr'])).values).toEqual(['--dry-run'])
    expect((await offered(['--profile', 'x', 'factors', 'list', '--us'])).values).toEqual(['--users-file'])
  })

  it('offers factor types and aliases for a factor argument and --type, --output formats, shells', async () => {
    const types = await offered(['factors', 'delete', 'alice@example.com', ''])
    expect(types.values).toEqual(expect.arrayContaining(['sms', 'call', 'push', 'token:software:totp', 'totp', 'hotp', 'yubikey', 'webauthn']))
    expect(types.described).toContain('totp\ttoken:software:totp')
    expect((await offered(['factors', 'enroll', 'bob', '--type', 'token:s'])).values).toEqual(['token:software:totp'])
    expect((await offered(['factors', 'enroll', 'bob', '--type=to'])).values).toEqual(['--type=token', '--type=token:hardware', '--type=token:hotp', '--type=token:software:totp', '--type=totp'])
    expect((await offered(['-o', ''])).values).toEqual(['table', 'tsv', 'json'])
    expect((await offered(['completion', ''])).values).toEqual(['bash', 'zsh', 'fish'])
    // The user argument has nothing to offer (no org lookups on a Tab).
    expect((await offered(['factors', 'delete', ''])).values).toEqual([])
  })

  it('asks the shell for paths where a value is a file', async () => {
    expect((await offered(['factors', 'list', '--users-file', ''])).directive).toBe(':files')
    expect((await offered(['factors', 'enroll', 'bob', '--type', 'totp', '--qr-file', 'a'])).directive).toBe(':files')
    expect((await offered(['--audit-log', ''])).directive).toBe(':files')
  })

  it('offers profile names from the store, for --profile and the profile verbs', async () => {
    const add = await runCli(['profile', 'add', 'prod', '--org', 'https://acme.okta.com', '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(add.exitCode, add.stderr).toBe(0)
    await runCli(['profile', 'add', 'preview', '--org', 'https://acme.oktapreview.com', '--token-stdin'], { stdin: `${TOKEN}\n`, home: add.home })
    expect((await offered(['--profile', 'p'], add.home)).values).toEqual(['preview', 'prod'])
    expect((await offered(['-p', 'pro'], add.home)).values).toEqual(['prod'])
    expect((await offered(['profile', 'use', ''], add.home)).values).toEqual(['preview', 'prod'])
    // A new profile's name is not one of the old ones.
    expect((await offered(['profile', 'add', ''], add.home)).values).toEqual([])
    // Never a token.
    const all = await runCli(['__complete', '--profile', ''], { home: add.home })
    expect(all.stdout).not.toContain(TOKEN)
  })

  it('a hand-edited profile name with control characters is not offered', async () => {
    const home = mkdtempSync(join(tmpdir(), 'oktactl-complete-'))
    mkdirSync(join(home, 'config'), { recursive: true })
    const profile = { orgUrl: 'https://acme.okta.com', token: TOKEN }
    writeFileSync(join(home, 'config', 'config.json'), JSON.stringify({ profiles: { prod: profile, 'x\u001b[2Jy\nrm': profile } }), { mode: 0o600 })
    expect((await offered(['--profile', ''], home)).values).toEqual(['prod'])
  })

  it('an unreadable profile store offers no profiles and prints nothing on stderr', async () => {
    const home = mkdtempSync(join(tmpdir(), 'oktactl-complete-'))
    writeFileSync(join(home, 'not-a-dir'), '')
    const r = await runCli(['__complete', '--profile', ''], { home, env: { OKTACTL_CONFIG_DIR: join(home, 'not-a-dir', 'config') } })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(':values\n')
    expect(r.stderr).toBe('')
  })
})

describe('oktactl completion', () => {
  it('prints each script, with install lines in its help', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await runCli(['completion', shell])
      expect(r.exitCode, r.stderr).toBe(0)
      expect(r.stdout).toContain('oktactl __complete')
    }
    const help = await runCli(['completion', '--help'])
    expect(help.stdout).toContain('source <(oktactl completion bash)')
    expect(help.stdout).toContain('~/.config/fish/completions/oktactl.fish')
  })

  it('an unknown shell is a usage error naming the ones there are', async () => {
    const r = await runCli(['completion', 'powershell'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('Error: oktactl has no completion for "powershell".')
    expect(r.stderr).toContain('bash, zsh, fish')
  })
})
