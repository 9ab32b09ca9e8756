import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { ALICE_ID, ORG, TOKEN, factor } from '../../helpers/okta.js'
import { stub, unmatched } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

/**
 * profile add (API token basics), list, use, remove, and org URL rules. OAuth profiles and
 * profile show belong to the auth work and are tested there.
 */
const OTHER_TOKEN = '00zyxwvutsrqponmlkjihgfedcba9876543210ZYX'
const configFile = (home: string) => join(home, 'config', 'config.json')
const stored = (home: string) => JSON.parse(readFileSync(configFile(home), 'utf8')) as { defaultProfile?: string; profiles: Record<string, Record<string, unknown>> }

async function addProfile(name: string, org: string, token: string, home?: string, extra: string[] = []) {
  const r = await runCli(['profile', 'add', name, '--org', org, '--token-stdin', ...extra], { stdin: `${token}\n`, home })
  expect(r.exitCode, r.stderr).toBe(0)
  return r
}

describe('profile add', () => {
  it('--token-stdin stores org and token in a 0600 file; the first profile becomes the default; the token is not printed', async () => {
    const r = await addProfile('prod', ORG, TOKEN)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Saved profile "prod" for https:\/\/acme\.okta\.com .*\(default\) in .*config\.json\.\n$/)
    expect(r.stderr).not.toContain(TOKEN)
    expect(statSync(configFile(r.home)).mode & 0o777).toBe(0o600)
    expect(stored(r.home)).toEqual({ defaultProfile: 'prod', profiles: { prod: { orgUrl: ORG, authMode: 'SSWS', token: TOKEN } } })
    expect(unmatched).toEqual([])
  })

  it('normalises the org URL to its origin', async () => {
    const r = await addProfile('prod', 'https://ACME.okta.com/', TOKEN)
    expect(stored(r.home).profiles.prod?.orgUrl).toBe(ORG)
  })

  it('asks for the token with a masked prompt at a terminal', async () => {
    const r = await runCli(['profile', 'add', 'prod', '--org', ORG], { tty: true, answers: [`  ${TOKEN}  `] })
    expect(r.exitCode).toBe(0)
    expect(r.asked).toEqual([{ kind: 'password', message: 'Okta API token (input hidden):' }])
    expect(stored(r.home).profiles.prod?.token).toBe(TOKEN)
  })

  it('off a terminal without --token-stdin: exit 2 with a hint; nothing stored', async () => {
    const r = await runCli(['profile', 'add', 'prod', '--org', ORG])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: Cannot ask for the API token (no terminal, or --no-input).\nPipe it in with --token-stdin, e.g. `printenv OKTA_TOKEN | oktactl profile add prod --org … --token-stdin`.\n')
    expect(existsSync(configFile(r.home))).toBe(false)
  })

  it.each<[string, string[]]>([
    ['a --token flag', ['--token', TOKEN]],
    ['a token as an extra argument', [TOKEN]],
  ])('never takes the token from the command line (%s): exit 2, nothing stored', async (_n, extra) => {
    const r = await runCli(['profile', 'add', 'prod', '--org', ORG, ...extra], { stdin: `${TOKEN}\n` })
    expect(r.exitCode).toBe(2)
    expect(existsSync(configFile(r.home))).toBe(false)
  })

  it.each<[string, string]>([
    ['', 'Error: The API token is empty.\n'],
    ['00ab cd', 'Error: The API token must not contain spaces.\n'],
  ])('refuses a bad token from stdin (%j)', async (token, stderr) => {
    const r = await runCli(['profile', 'add', 'prod', '--org', ORG, '--token-stdin'], { stdin: `${token}\n` })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(stderr)
  })

  it('refuses a bad profile name', async () => {
    const r = await runCli(['profile', 'add', '../x', '--org', ORG, '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: "../x" is not a valid profile name (letters, digits, . _ -).\n')
  })

  it('without --org: exit 2', async () => {
    const r = await runCli(['profile', 'add', 'prod', '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe('Error: --org <url> is required, e.g. --org https://acme.okta.com\n')
  })
})

describe('org URL rules: https only; http only for loopback', () => {
  it.each<[string, string]>([
    ['http://acme.okta.com', 'Error: The org URL http://acme.okta.com uses http://, which would send your credentials in clear text.\nUse https://. Plain http:// is accepted only for loopback hosts (localhost, 127.0.0.1, ::1).\n'],
    ['http://localhost.evil.example', 'Error: The org URL http://localhost.evil.example uses http://, which would send your credentials in clear text.\nUse https://. Plain http:// is accepted only for loopback hosts (localhost, 127.0.0.1, ::1).\n'],
    ['http://127.0.0.1.nip.io', 'Error: The org URL http://127.0.0.1.nip.io uses http://, which would send your credentials in clear text.\nUse https://. Plain http:// is accepted only for loopback hosts (localhost, 127.0.0.1, ::1).\n'],
    ['ftp://acme.okta.com', 'Error: The org URL "ftp://acme.okta.com" must start with https://.\n'],
    ['acme okta.com', 'Error: The org URL "acme okta.com" is not a URL.\nUse the form https://your-org.okta.com\n'],
    ['https://', 'Error: The org URL "https://" is not a URL.\nUse the form https://your-org.okta.com\n'],
    // A bare host is taken as https://, then the same rules apply.
    ['acme.okta.com/api/v1', 'Error: The org URL "https://acme.okta.com/api/v1" must not have a path or query.\nUse https://acme.okta.com\n'],
    ['acme-admin.okta.com', 'Error: The org URL https://acme-admin.okta.com is the Admin Console address.\nUse https://acme.okta.com\n'],
    ['https://acme.okta.com/api/v1', 'Error: The org URL "https://acme.okta.com/api/v1" must not have a path or query.\nUse https://acme.okta.com\n'],
    ['https://user:pw@acme.okta.com', 'Error: The org URL must not contain credentials.\n'],
    ['https://acme-admin.okta.com', 'Error: The org URL https://acme-admin.okta.com is the Admin Console address.\nUse https://acme.okta.com\n'],
    ['https://acme-admin.okta.com.', 'Error: The org URL https://acme-admin.okta.com. is the Admin Console address.\nUse https://acme.okta.com\n'],
    ['https://ACME-ADMIN.oktapreview.com.:443', 'Error: The org URL https://acme-admin.oktapreview.com. is the Admin Console address.\nUse https://acme.oktapreview.com\n'],
  ])('profile add refuses %s (exit 2, nothing stored)', async (org, stderr) => {
    const r = await runCli(['profile', 'add', 'prod', '--org', org, '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe(stderr)
    expect(existsSync(configFile(r.home))).toBe(false)
  })

  it.each(['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'http://127.8.9.10'])('accepts loopback %s', async (org) => {
    const r = await addProfile('local', org, TOKEN)
    expect(stored(r.home).profiles.local?.orgUrl).toBe(org)
  })

  it('profile add --org acme.okta.com (no scheme) assumes https:// and says so on stderr', async () => {
    const r = await addProfile('prod', 'acme.okta.com', TOKEN)
    expect(stored(r.home).profiles.prod?.orgUrl).toBe(ORG)
    expect(r.stderr).toMatch(/^Assuming https:\/\/acme\.okta\.com \(the org URL had no scheme\)\.\nSaved profile "prod" for https:\/\/acme\.okta\.com /)
  })

  it.each<[string, string]>([
    ['ACME.okta.com:8443/', 'https://acme.okta.com:8443'],
    ['acme.okta.com:443', ORG],
    // Loopback hosts are where the sandbox listens, on plain http.
    ['127.0.0.1:8931', 'http://127.0.0.1:8931'],
    ['localhost:8080', 'http://localhost:8080'],
  ])('profile add --org %s is stored as %s', async (org, expected) => {
    const r = await addProfile('p', org, TOKEN)
    expect(stored(r.home).profiles.p?.orgUrl).toBe(expected)
    expect(r.stderr).toContain(`Assuming ${expected} (the org URL had no scheme).\n`)
  })

  it('an org URL with a scheme is stored without a note', async () => {
    const r = await addProfile('prod', ORG, TOKEN)
    expect(r.stderr).not.toContain('Assuming')
  })

  it('http:// for a non-loopback host stays refused, scheme or not guessed', async () => {
    const r = await runCli(['profile', 'add', 'prod', '--org', 'http://acme.okta.com', '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).not.toContain('Assuming')
    expect(existsSync(configFile(r.home))).toBe(false)
  })

  it('the global --org acme.okta.com on another command: https:// assumed, said once, and the request goes there', async () => {
    const added = await addProfile('prod', ORG, TOKEN)
    stub('GET', `/api/v1/users/${ALICE_ID}/factors`, [200, [factor('sms')]])
    const r = await runCli(['--org', 'acme.okta.com', 'factors', 'list', ALICE_ID], { home: added.home })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toBe('Assuming https://acme.okta.com (the org URL had no scheme).\n')
    expect(r.stdout.split('\t')[1]).toBe('sms')
  })

  it('the global --org on profile add is the same rule (said once)', async () => {
    const r = await runCli(['--org', 'acme.okta.com', 'profile', 'add', 'prod', '--token-stdin'], { stdin: `${TOKEN}\n` })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr.match(/Assuming/g)).toHaveLength(1)
    expect(stored(r.home).profiles.prod?.orgUrl).toBe(ORG)
  })

  it('OKTA_CLIENT_ORGURL without a scheme is not guessed at: refused as before', async () => {
    const r = await runCli(['factors', 'list', ALICE_ID], { env: { OKTA_CLIENT_ORGURL: 'acme.okta.com', OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('is not a URL')
    expect(unmatched).toEqual([])
  })

  it('refuses an http:// org from the environment before sending anything', async () => {
    const r = await runCli(['factors', 'list', ALICE_ID], { env: { OKTA_CLIENT_ORGURL: 'http://acme.okta.com', OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('uses http://, which would send your credentials in clear text.')
    expect(unmatched).toEqual([])
  })

  it('talks plain http to a loopback org', async () => {
    const local = 'http://127.0.0.1:8931'
    const scope = nock(local).matchHeader('authorization', `SSWS ${TOKEN}`).get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [])
    const r = await runCli(['factors', 'list', ALICE_ID, '--json'], { env: { OKTA_ORG_URL: local, OKTA_API_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(0)
    expect(scope.isDone()).toBe(true)
    expect(JSON.parse(r.stdout)).toEqual([])
  })
})

describe('profile list, use, remove', () => {
  it('list: TSV piped, a table at a terminal, JSON with --json; never a token', async () => {
    const { home } = await addProfile('prod', ORG, TOKEN)
    await addProfile('staging', 'https://acme.oktapreview.com', OTHER_TOKEN, home, ['--read-only'])
    expect(stored(home).profiles.staging?.readOnly).toBe(true)
    const tsv = await runCli(['profile', 'list'], { home })
    expect(tsv.exitCode).toBe(0)
    expect(tsv.stdout).toBe(`prod\t${ORG}\tSSWS\tyes\t\nstaging\thttps://acme.oktapreview.com\tSSWS\t\tyes\n`)
    const table = await runCli(['profile', 'ls'], { home, tty: true, env: { NO_COLOR: '1' } })
    expect(table.stdout).toBe(
      'NAME     ORG                           AUTH  DEFAULT  READ-ONLY\n' +
        `prod *   ${ORG}         SSWS  yes\n` +
        'staging  https://acme.oktapreview.com  SSWS           yes\n',
    )
    const json = await runCli(['profile', 'list', '--json'], { home })
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'prod', orgUrl: ORG, authMode: 'SSWS', default: true, readOnly: false },
      { name: 'staging', orgUrl: 'https://acme.oktapreview.com', authMode: 'SSWS', default: false, readOnly: true },
    ])
    for (const r of [tsv, table, json]) expect(r.stdout + r.stderr).not.toMatch(new RegExp(`${TOKEN}|${OTHER_TOKEN}`))
  })

  it('list with no profiles: a hint on stderr, [] with --json', async () => {
    const r = await runCli(['profile', 'list'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('No profiles yet. Add one with `oktactl profile add <name> --org <url>`.\n')
    const json = await runCli(['profile', 'list', '--json'], { home: r.home })
    expect(JSON.parse(json.stdout)).toEqual([])
  })

  it('the default profile is used when nothing else is configured; -p picks another', async () => {
    const { home } = await addProfile('prod', ORG, TOKEN)
    await addProfile('other', 'https://other.okta.com', OTHER_TOKEN, home)
    const sms = factor('sms')
    const sent = stub('GET', `/api/v1/users/${ALICE_ID}/factors`, [200, [sms]])
    expect((await runCli(['factors', 'list', ALICE_ID], { home })).exitCode).toBe(0)
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    const other = nock('https://other.okta.com').matchHeader('authorization', `SSWS ${OTHER_TOKEN}`).get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [])
    expect((await runCli(['factors', 'list', ALICE_ID, '-p', 'other'], { home })).exitCode).toBe(0)
    expect(other.isDone()).toBe(true)
  })

  it('use makes a profile the default', async () => {
    const { home } = await addProfile('prod', ORG, TOKEN)
    await addProfile('other', 'https://other.okta.com', OTHER_TOKEN, home)
    expect(stored(home).defaultProfile).toBe('prod')
    const r = await runCli(['profile', 'use', 'other'], { home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe('Default profile is now "other".\n')
    expect(stored(home).defaultProfile).toBe('other')
    const other = nock('https://other.okta.com').matchHeader('authorization', `SSWS ${OTHER_TOKEN}`).get(`/api/v1/users/${ALICE_ID}/factors`).reply(200, [])
    expect((await runCli(['factors', 'list', ALICE_ID], { home })).exitCode).toBe(0)
    expect(other.isDone()).toBe(true)
  })

  it('use of an unknown profile: exit 5', async () => {
    const { home } = await addProfile('prod', ORG, TOKEN)
    const r = await runCli(['profile', 'use', 'nope'], { home })
    expect(r.exitCode).toBe(5)
    expect(r.stderr).toBe('Error: No profile named "nope".\nRun `oktactl profile list`.\n')
    expect(stored(home).defaultProfile).toBe('prod')
  })

  it('remove deletes the profile and its token, and clears the default', async () => {
    const { home } = await addProfile('prod', ORG, TOKEN)
    await addProfile('other', 'https://other.okta.com', OTHER_TOKEN, home)
    const r = await runCli(['profile', 'remove', 'prod'], { home })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe('Removed profile "prod" and its stored credentials.\n')
    const s = stored(home)
    expect(s.profiles).toEqual({ other: { orgUrl: 'https://other.okta.com', authMode: 'SSWS', token: OTHER_TOKEN } })
    expect(s.defaultProfile).toBeUndefined()
    expect(readFileSync(configFile(home), 'utf8')).not.toContain(TOKEN)
    expect(statSync(configFile(home)).mode & 0o777).toBe(0o600)
  })

  it('remove of an unknown profile: exit 5', async () => {
    const r = await runCli(['profile', 'rm', 'nope'])
    expect(r.exitCode).toBe(5)
    expect(r.stderr).toBe('Error: No profile named "nope".\nRun `oktactl profile list`.\n')
  })

  it('-p with an unknown profile: exit 4, nothing sent', async () => {
    const r = await runCli(['factors', 'list', ALICE_ID, '-p', 'nope'])
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toBe('Error: No profile named "nope".\nCreate one with `oktactl profile add`.\n')
    expect(unmatched).toEqual([])
  })
})

describe('a damaged profile store', () => {
  it('a hand-edited config.json that is not JSON: exit 4 naming the file, no token text, not "a bug"', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const home = mkdtempSync(join(tmpdir(), 'oktactl-test-'))
    mkdirSync(join(home, 'config'))
    // V8 quotes the text around an unexpected token in JSON.parse's message.
    writeFileSync(configFile(home), `{"defaultProfile":"prod","profiles":{"prod":{"orgUrl":"${ORG}","token": x${TOKEN}}}}`, { mode: 0o600 })
    for (const argv of [['factors', 'list', ALICE_ID], ['profile', 'list'], ['profile', 'list', '--json']]) {
      const r = await runCli(argv, { home })
      expect(r.exitCode).toBe(4)
      expect(r.stderr).toContain(`The profile store ${configFile(home)} is not valid JSON`)
      expect(r.stderr).not.toContain('bug')
      expect(r.stderr).not.toContain(TOKEN.slice(0, 8))
    }
  })
})

describe('profile add over an existing profile (a token rotation)', () => {
  it('keeps --read-only and --require-ticket, and says so', async () => {
    const { home } = await addProfile('viewer', ORG, TOKEN, undefined, ['--read-only', '--require-ticket'])
    const r = await addProfile('viewer', ORG, OTHER_TOKEN, home)
    expect(stored(home).profiles.viewer).toMatchObject({ token: OTHER_TOKEN, readOnly: true, requireTicket: true })
    expect(r.stderr).toContain('Updated profile "viewer"')
    expect(r.stderr).toContain('Changes: read-only kept; require-ticket kept.\n')
  })

  it('--no-read-only and --no-require-ticket turn them off, and say what changed', async () => {
    const { home } = await addProfile('viewer', ORG, TOKEN, undefined, ['--read-only', '--require-ticket'])
    const r = await addProfile('viewer', 'https://acme.oktapreview.com', OTHER_TOKEN, home, ['--no-read-only', '--no-require-ticket'])
    expect(stored(home).profiles.viewer?.readOnly).toBeUndefined()
    expect(stored(home).profiles.viewer?.requireTicket).toBeUndefined()
    expect(r.stderr).toContain(`Changes: org ${ORG} → https://acme.oktapreview.com; read-only off; require-ticket off.\n`)
  })

  it('a new profile with --no-read-only is simply not read-only', async () => {
    const { home } = await addProfile('fresh', ORG, TOKEN, undefined, ['--no-read-only'])
    expect(stored(home).profiles.fresh?.readOnly).toBeUndefined()
  })
})
