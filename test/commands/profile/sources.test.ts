import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run.js'

const ORG = 'https://acme.okta.com'
const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD'

type Shown = Record<string, { value: string; source: string }> & { skipped: string[] }

async function sources(argv: string[], opts: Parameters<typeof runCli>[1] = {}): Promise<Shown> {
  const r = await runCli(['profile', 'show', '--sources', '--json', ...argv], opts)
  expect(r.exitCode, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Shown
}

function homeWithYaml(yaml: string): string {
  const home = mkdtempSync(join(tmpdir(), 'oktactl-src-'))
  mkdirSync(join(home, '.okta'))
  writeFileSync(join(home, '.okta', 'okta.yaml'), yaml)
  return home
}

describe('profile show --sources', () => {
  it('shows environment credentials variable by variable, with defaults marked', async () => {
    const s = await sources([], {
      env: {
        OKTA_CLIENT_ORGURL: ORG,
        OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
        OKTA_CLIENT_CLIENTID: '0oa1',
        OKTA_CLIENT_PRIVATEKEY: '/keys/app.pem',
        OKTA_CLIENT_KEYID: 'k1',
        HTTPS_PROXY: 'http://me:pw@proxy.corp:3128',
        NO_PROXY: 'internal.example',
      },
    })
    expect(s).toMatchObject({
      profile: { value: '(none)', source: '—' },
      orgUrl: { value: ORG, source: 'environment (OKTA_CLIENT_ORGURL)' },
      authMode: { value: 'PrivateKey', source: 'environment (OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey)' },
      clientId: { value: '0oa1', source: 'environment (OKTA_CLIENT_CLIENTID)' },
      privateKey: { value: '/keys/app.pem', source: 'environment (OKTA_CLIENT_PRIVATEKEY)' },
      keyId: { value: 'k1', source: 'environment (OKTA_CLIENT_KEYID)' },
      scopes: { value: 'okta.users.read okta.users.manage', source: 'default' },
      readOnly: { value: 'false', source: 'default' },
      proxy: { value: 'http://me:****@proxy.corp:3128', source: 'environment (HTTPS_PROXY)' },
      timeout: { value: '30 s', source: 'default' },
      maxRetries: { value: '2', source: 'default' },
      tokenCache: { value: expect.stringMatching(/^on \(.*tokens\.json\)$/), source: 'default' },
      skipped: [],
    })
  })

  it('follows the precedence: flags, then the chosen profile alone; env, default profile, ./okta.yaml, ~/.okta/okta.yaml', async () => {
    const home = homeWithYaml(`okta:\n  client:\n    orgUrl: ${ORG}\n    token: ${TOKEN}\n    requestTimeout: 12\n    rateLimit: { maxRetries: 4 }\n    proxy: http://yaml-proxy:8080\n`)
    const fromYaml = await sources([], { home })
    const yamlFile = join(home, '.okta', 'okta.yaml')
    expect(fromYaml).toMatchObject({
      orgUrl: { value: ORG, source: yamlFile },
      authMode: { value: 'SSWS', source: yamlFile },
      token: { value: '00ab…CD (redacted)', source: yamlFile },
      timeout: { value: '12 s', source: yamlFile },
      maxRetries: { value: '4', source: yamlFile },
      proxy: { value: 'http://yaml-proxy:8080', source: yamlFile },
    })

    // A project okta.yaml wins over ~/.okta/okta.yaml; flags win over both.
    const cwd = mkdtempSync(join(tmpdir(), 'oktactl-cwd-'))
    writeFileSync(join(cwd, 'okta.yaml'), `okta:\n  client:\n    orgUrl: ${ORG}\n    token: 00projectprojectproject99\n`)
    const project = await sources(['--timeout', '5', '--max-retries', '0'], { home, cwd })
    expect(project).toMatchObject({
      token: { value: '00pr…99 (redacted)', source: join(cwd, 'okta.yaml') },
      timeout: { value: '5 s', source: 'flag --timeout' },
      maxRetries: { value: '0', source: 'flag --max-retries' },
    })

    // The environment wins over the files, and HTTPS_PROXY over okta.yaml's proxy.
    const env = await sources([], { home, env: { OKTA_CLIENT_ORGURL: ORG, OKTA_API_TOKEN: '00envenvenvenvenvenv77', HTTPS_PROXY: 'http://env-proxy:1' } })
    expect(env).toMatchObject({ token: { value: '00en…77 (redacted)', source: 'environment (OKTA_API_TOKEN)' }, proxy: { source: 'environment (HTTPS_PROXY)' } })

    // A profile chosen with --profile is used alone: the environment's token does not mix in.
    await runCli(['profile', 'add', 'prod', '--org', ORG, '--token-stdin', '--read-only'], { home, stdin: '00profileprofileprof55\n' })
    const chosen = await sources(['--profile', 'prod'], { home, env: { OKTA_API_TOKEN: '00envenvenvenvenvenv77' } })
    expect(chosen).toMatchObject({
      profile: { value: 'prod', source: 'profile "prod"' },
      token: { value: '00pr…55 (redacted)', source: 'profile "prod"' },
      readOnly: { value: 'true', source: 'profile "prod"' },
      timeout: { value: '30 s', source: 'default' },
    })
    // The positional name does the same.
    expect((await sources(['prod'], { home })).profile).toEqual({ value: 'prod', source: 'profile "prod"' })
  })

  it('lists credentials passed over because they are for another org', async () => {
    const home = homeWithYaml(`okta:\n  client:\n    orgUrl: ${ORG}\n    token: ${TOKEN}\n`)
    await runCli(['profile', 'add', 'other', '--org', 'https://other.okta.com', '--token-stdin'], { home, stdin: '00otherotherotherother11\n' })
    const s = await sources(['--org', ORG], { home })
    expect(s.orgUrl).toEqual({ value: ORG, source: 'flag --org' })
    expect(s.token).toEqual({ value: '00ab…CD (redacted)', source: join(home, '.okta', 'okta.yaml') })
    expect(s.skipped).toEqual(['profile "other" (its credentials are for https://other.okta.com)'])

    const r = await runCli(['profile', 'show', '--sources', '--org', 'https://third.okta.com'], { home })
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toContain('Skipped: profile "other" (its credentials are for https://other.okta.com)')
  })

  it('with nothing configured, lists every place it looked, in precedence order, and still exits 4', async () => {
    const home = mkdtempSync(join(tmpdir(), 'oktactl-src-'))
    const cwd = mkdtempSync(join(tmpdir(), 'oktactl-cwd-'))
    const r = await runCli(['profile', 'show', '--sources', '--json'], { home, cwd, env: {} })
    expect(r.exitCode).toBe(4)
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { message: 'No Okta org is configured.', exitCode: 4, hint: expect.stringContaining('oktactl profile add') } })
    const { looked } = JSON.parse(r.stdout) as { looked: Array<{ place: string; status: string }> }
    expect(looked.map((p) => p.place)).toEqual([
      'flag --org',
      'flag --profile',
      'OKTACTL_PROFILE',
      'environment (OKTA_CLIENT_ORGURL)',
      'environment (OKTA_ORG_URL)',
      'environment (OKTA_CLIENT_TOKEN)',
      'environment (OKTA_API_TOKEN)',
      'environment (OKTA_CLIENT_AUTHORIZATIONMODE)',
      'environment (OKTA_CLIENT_CLIENTID)',
      'environment (OKTA_CLIENT_PRIVATEKEY)',
      expect.stringMatching(/^default profile \(.+\)$/),
      join(cwd, 'okta.yaml'),
      join(home, '.okta', 'okta.yaml'),
    ])
    expect(new Set(looked.map((p) => p.status))).toEqual(new Set(['not set', 'not found']))

    // A token without an org: the variable is marked set, its value never printed.
    const tsv = await runCli(['profile', 'show', '--sources'], { home, cwd, env: { OKTA_CLIENT_TOKEN: TOKEN } })
    expect(tsv.exitCode).toBe(4)
    expect(tsv.stdout.split('\n')).toContain('environment (OKTA_CLIENT_TOKEN)\tset')
    expect(tsv.stdout.split('\n')).toContain(`${join(home, '.okta', 'okta.yaml')}\tnot found`)
    expect(tsv.stdout + tsv.stderr).not.toContain(TOKEN)
    expect(tsv.stderr).toContain('No Okta org is configured.')
  })

  it('prints FIELD, VALUE, SOURCE rows, tab-separated when piped, with the token redacted', async () => {
    const r = await runCli(['profile', 'show', '--sources', '--no-token-cache'], { env: { OKTA_CLIENT_ORGURL: ORG, OKTA_CLIENT_TOKEN: TOKEN } })
    expect(r.exitCode).toBe(0)
    expect(r.stdout.split('\n')).toContain('token\t00ab…CD (redacted)\tenvironment (OKTA_CLIENT_TOKEN)')
    expect(r.stdout).not.toContain(TOKEN)
    expect(r.stdout).not.toContain('tokenCache') // only OAuth tokens are cached
  })

  it('shows that the token cache is off, and why', async () => {
    const env = { OKTA_CLIENT_ORGURL: ORG, OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey', OKTA_CLIENT_CLIENTID: '0oa1', OKTA_CLIENT_PRIVATEKEY: '/k.pem' }
    expect((await sources(['--no-token-cache'], { env })).tokenCache).toEqual({ value: 'off', source: 'flag --no-token-cache' })
    expect((await sources([], { env: { ...env, OKTACTL_NO_TOKEN_CACHE: '1' } })).tokenCache).toEqual({ value: 'off', source: 'environment (OKTACTL_NO_TOKEN_CACHE)' })
  })
})
