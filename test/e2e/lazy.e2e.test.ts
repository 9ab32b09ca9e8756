import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeKey } from '../auth/helpers/keys.js'
import { CLIENT_ID, OrgServer, USER_ID } from '../auth/helpers/org-server.js'
import { built, oktactl, skipNote, useHostileOrg } from './helpers.js'
import { HOSTILE_TOKEN, factor, user, withUser } from './hostile.js'
import { startPty, tmuxMissing, type Pty } from './pty.js'

// Every path that the built binary reaches through a dynamic import, run on the built binary:
// the bundle's module interop differs from Node's (a CommonJS package arrives with only a
// `default`), so a path that works from src/ can fail in dist/. test/lazy-imports.test.ts checks
// that each dynamic import in src/ names the test here (or elsewhere in test/e2e, test/net) that
// covers it. Marked below as `covers: <specifier>`.

const ID = '00u1lazylazylazy0001'
const LOGIN = 'lazy@example.com'
const FACTORS = [factor('mbl1lazy', 'sms', { phoneNumber: '+15551230001' })]

const ctx = useHostileOrg('lazy', (org) => withUser(org, user(ID, LOGIN), FACTORS))
let auth: OrgServer | undefined
let pty: Pty | undefined

// Registered after useHostileOrg, so it runs first: the pty and OAuth org go before HOME is removed.
afterEach(async () => {
  pty?.kill()
  pty = undefined
  await auth?.close()
  auth = undefined
})

const yaml = (lines: string[]) => `${lines.join('\n')}\n`
const noCreds = { OKTA_CLIENT_ORGURL: undefined, OKTA_CLIENT_TOKEN: undefined }

describe.skipIf(!built)(`lazily loaded paths, on the built binary${skipNote}`, () => {
  // covers: yaml
  it('reads ~/.okta/okta.yaml (SSWS) and sends its token', async () => {
    mkdirSync(join(ctx.home.dir, '.okta'))
    writeFileSync(join(ctx.home.dir, '.okta', 'okta.yaml'), yaml(['okta:', '  client:', `    orgUrl: ${ctx.org.url}`, `    token: ${HOSTILE_TOKEN}`]))
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN, '--json'], { env: noCreds })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(FACTORS)
    expect(ctx.org.requests.map((s) => s.headers.authorization)).toEqual([`SSWS ${HOSTILE_TOKEN}`, `SSWS ${HOSTILE_TOKEN}`])
  })

  it('./okta.yaml in the working directory wins over ~/.okta/okta.yaml', async () => {
    mkdirSync(join(ctx.home.dir, '.okta'))
    writeFileSync(join(ctx.home.dir, '.okta', 'okta.yaml'), yaml(['okta:', '  client:', '    orgUrl: https://wrong.okta.com', '    token: 00wrongwrongwrong']))
    writeFileSync(join(ctx.home.dir, 'okta.yaml'), yaml(['okta:', '  client:', `    orgUrl: "${ctx.org.url}"`, `    token: "${HOSTILE_TOKEN}"`]))
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN, '--json'], { env: noCreds })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(FACTORS)
  })

  it('an okta.yaml that is not YAML is a clear exit 4 naming the file, without a stack', async () => {
    mkdirSync(join(ctx.home.dir, '.okta'))
    writeFileSync(join(ctx.home.dir, '.okta', 'okta.yaml'), 'okta:\n  client: [unclosed\n')
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN], { env: noCreds })
    expect(r.stderr).toContain(`${join(ctx.home.dir, '.okta', 'okta.yaml')} is not valid YAML`)
    expect(r.stderr).not.toContain('parse is not a function')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.code).not.toBe(0)
  })

  // covers: ./oauth.js
  it('PrivateKey mode, the Go SDK spelling (inline PEM, privateKeyId, scopes list); the token cache serves the next run', async () => {
    const key = makeKey('rsa', 'pkcs8', 'kid-go')
    auth = await OrgServer.start({ publicKey: key.publicKey, keyId: 'kid-go', clock: () => Date.now() })
    const pem = key.pem.trim().split('\n').map((l) => `      ${l}`)
    mkdirSync(join(ctx.home.dir, '.okta'))
    writeFileSync(
      join(ctx.home.dir, '.okta', 'okta.yaml'),
      yaml(['okta:', '  client:', `    orgUrl: ${auth.url}`, '    authorizationMode: PrivateKey', `    clientId: ${CLIENT_ID}`,
        '    scopes:', '      - okta.users.read', '      - okta.users.manage', '    privateKeyId: kid-go', '    privateKey: |', ...pem]),
    )
    const first = await oktactl(ctx.home, ['factors', 'list', USER_ID, '--json'], { env: noCreds })
    expect(first.code, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject([{ id: 'mbl1factor0000000001' }])
    const second = await oktactl(ctx.home, ['factors', 'list', USER_ID, '--json'], { env: noCreds })
    expect(second.code, second.stderr).toBe(0)
    expect(auth.tokenRequests).toBe(1)
    expect(auth.apiCalls().map((c) => c.scheme)).toEqual(['Bearer', 'Bearer'])
    for (const s of [...auth.secrets, ...key.secretBits]) expect(first.stderr + second.stderr).not.toContain(s)
  })

  it('PrivateKey mode, the Node SDK spelling (privateKey as a JWK mapping, keyId), with a DPoP-bound token', async () => {
    const key = makeKey('P-256', 'jwk')
    auth = await OrgServer.start({ publicKey: key.publicKey, keyId: 'kid-node', dpop: true, clock: () => Date.now() })
    const jwk = JSON.parse(key.jwk) as Record<string, string>
    mkdirSync(join(ctx.home.dir, '.okta'))
    writeFileSync(
      join(ctx.home.dir, '.okta', 'okta.yaml'),
      yaml(['okta:', '  client:', `    orgUrl: ${auth.url}`, "    authorizationMode: 'PrivateKey'", `    clientId: ${CLIENT_ID}`,
        '    scopes: okta.users.read okta.users.manage', '    keyId: kid-node', '    privateKey:', ...Object.entries(jwk).map(([k, v]) => `      ${k}: "${v}"`)]),
    )
    const r = await oktactl(ctx.home, ['factors', 'list', USER_ID, '--json'], { env: noCreds })
    expect(r.code, r.stderr).toBe(0)
    expect(auth.apiCalls().map((c) => c.scheme)).toEqual(['DPoP'])
    expect(auth.tokensIssued).toBe(1)
  })

  // covers: csv-parse/sync, ../../bulk/list.js
  it('reads a CSV users file', async () => {
    writeFileSync(join(ctx.home.dir, 'users.csv'), `login,ticket\n${LOGIN},T-1\n`)
    const r = await oktactl(ctx.home, ['factors', 'list', '--users-file', 'users.csv', '--json'], { env: ctx.org.env })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('"mbl1lazy"')
    expect(ctx.org.requests.some((s) => s.url === `/api/v1/users/${ID}/factors`)).toBe(true)
  })

  // covers: ../../bulk/enroll.js
  it('enrolls email for every user of a users file', async () => {
    ctx.org.on('POST', `/api/v1/users/${ID}/factors`, { json: factor('emf1lazy', 'email', { email: LOGIN }, { status: 'PENDING_ACTIVATION' }) })
    const r = await oktactl(ctx.home, ['factors', 'enroll', '--users-file', '-', '--type', 'email', '--yes', '--json'], { env: ctx.org.env, stdin: `${LOGIN}\n` })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('"emf1lazy"')
    const post = ctx.org.requests.find((q) => q.method === 'POST')
    expect(JSON.parse(post?.body ?? '{}')).toMatchObject({ factorType: 'email', provider: 'OKTA', profile: { email: LOGIN } })
  })

  // covers: qrcode
  it('writes the TOTP QR code as a PNG, mode 0600', async () => {
    ctx.org.on('POST', `/api/v1/users/${ID}/factors`, {
      json: factor('uft1lazy', 'token:software:totp', { credentialId: LOGIN }, {
        provider: 'GOOGLE', status: 'PENDING_ACTIVATION',
        _embedded: { activation: { timeStep: 30, sharedSecret: 'JBSWY3DPEHPK3PXP', encoding: 'base32', keyLength: 6 } },
      }),
    })
    const r = await oktactl(ctx.home, ['factors', 'enroll', LOGIN, '--type', 'totp', '--qr-file', 'qr.png'], { env: ctx.org.env })
    expect(r.code, r.stderr).toBe(0)
    const png = readFileSync(join(ctx.home.dir, 'qr.png'))
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(statSync(join(ctx.home.dir, 'qr.png')).mode & 0o777).toBe(0o600)
  })

  // covers: conf
  // covers: ./commands/profile/index.js
  it('stores a profile in the conf store (0600) and uses it', async () => {
    const add = await oktactl(ctx.home, ['profile', 'add', 'lazy', '--org', ctx.org.url, '--token-stdin', '--default'], { env: noCreds, stdin: `${HOSTILE_TOKEN}\n` })
    expect(add.code, add.stderr).toBe(0)
    const file = join(ctx.home.dir, 'config', 'config.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const list = await oktactl(ctx.home, ['profile', 'list', '--json'], { env: noCreds })
    expect(list.stdout).toContain('"lazy"')
    expect(list.stdout).not.toContain(HOSTILE_TOKEN)
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN, '--json'], { env: noCreds })
    expect(r.code, r.stderr).toBe(0)
    expect(ctx.org.requests.at(-1)?.headers.authorization).toBe(`SSWS ${HOSTILE_TOKEN}`)
  })

  // covers: ../../auth/keys.js
  it('profile add with a private key file checks the key, stores its path, and the profile signs in', async () => {
    const key = makeKey('P-256', 'sec1')
    auth = await OrgServer.start({ publicKey: key.publicKey, clock: () => Date.now() })
    const add = await oktactl(ctx.home, ['profile', 'add', 'svc', '--org', auth.url, '--client-id', CLIENT_ID, '--private-key', key.file], { env: noCreds })
    expect(add.code, add.stderr).toBe(0)
    const stored = readFileSync(join(ctx.home.dir, 'config', 'config.json'), 'utf8')
    expect(stored).toContain(key.file)
    for (const bit of key.secretBits.filter(Boolean)) expect(stored).not.toContain(bit)
    const r = await oktactl(ctx.home, ['--profile', 'svc', 'factors', 'list', USER_ID, '--json'], { env: noCreds })
    expect(r.code, r.stderr).toBe(0)
    expect(auth.apiCalls().map((c) => c.scheme)).toEqual(['Bearer'])
  })

  // covers: ./run.js
  // covers: ./commands/doctor/index.js
  it('doctor runs its checks', async () => {
    ctx.org.on('GET', '/.well-known/okta-organization', { json: { id: '00o1lazy', pipeline: 'idx' } })
    const r = await oktactl(ctx.home, ['doctor'], { env: ctx.org.env })
    expect(r.stdout + r.stderr).toMatch(/Configuration\s/)
    expect(r.stdout + r.stderr).toMatch(/ok\s+Reachable/)
  })
})

describe.skipIf(!built || Boolean(tmuxMissing))(`at a pseudo-terminal (tmux), on the built binary${skipNote}${tmuxMissing}`, () => {
  // covers: @inquirer/prompts, ./table.js, ../../helpdesk/flow.js
  it('delete asks for confirmation, shows the user and factor, and deletes on "y"', async () => {
    ctx.org.on('DELETE', `/api/v1/users/${ID}/factors/mbl1lazy`, { status: 204 })
    pty = startPty(ctx.home, ['factors', 'delete', LOGIN, 'sms'], { env: ctx.org.env })
    await pty.waitFor('?')
    expect(pty.screen()).toContain(LOGIN)
    pty.send('y', 'Enter')
    expect(await pty.exitCode()).toBe(0)
    expect(ctx.org.requests.filter((s) => s.method === 'DELETE').map((s) => s.url)).toEqual([`/api/v1/users/${ID}/factors/mbl1lazy`])
  })

  it('"n" at the confirmation sends nothing and exits 130', async () => {
    pty = startPty(ctx.home, ['factors', 'delete', LOGIN, 'sms'], { env: ctx.org.env })
    await pty.waitFor('?')
    pty.send('n', 'Enter')
    expect(await pty.exitCode()).toBe(130)
    expect(ctx.org.requests.filter((s) => s.method !== 'GET')).toEqual([])
  })

  it('factors list draws a table on a terminal', async () => {
    pty = startPty(ctx.home, ['factors', 'list', LOGIN], { env: ctx.org.env })
    expect(await pty.exitCode()).toBe(0)
    const screen = pty.screen()
    // A table with a header row, columns aligned with spaces (piped output would be headerless TSV).
    expect(screen).toMatch(/^ID\s+TYPE\s+PROVIDER\s+STATUS\s+DETAIL/m)
    expect(screen).not.toContain('\t')
    expect(screen).toContain('mbl1lazy')
    expect(screen).toContain('+15551230001')
  })

  it('profile add asks for the token without echoing it', async () => {
    pty = startPty(ctx.home, ['profile', 'add', 'typed', '--org', ctx.org.url], { env: noCreds })
    await pty.waitFor('API token')
    pty.send('-l', HOSTILE_TOKEN)
    pty.send('Enter')
    expect(await pty.exitCode()).toBe(0)
    expect(pty.screen()).not.toContain(HOSTILE_TOKEN)
    expect(readFileSync(join(ctx.home.dir, 'config', 'config.json'), 'utf8')).toContain(HOSTILE_TOKEN)
  })
})
