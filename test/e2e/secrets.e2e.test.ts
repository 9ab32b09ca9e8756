import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { built, oktactl, skipNote, useHostileOrg } from './helpers.js'
import { HOSTILE_TOKEN, factor, startHostileOrg, user, withUser } from './hostile.js'

// Secrets on the built binary: tokens with stray line ends or spaces are refused by name before
// anything is sent, an environment token never goes to an org another source named, --debug
// redacts credentials by header name, and long-lived secrets are refused on argv.

const ID = '00u1secretsecret0001'
const LOGIN = 'secret@example.com'

const ctx = useHostileOrg('secrets', (org) => withUser(org, user(ID, LOGIN), [factor('mbl1secret', 'sms')]))

describe.skipIf(!built)(`secrets, on the built binary${skipNote}`, () => {
  it.each<[string, string, RegExp]>([
    ['a trailing \\r (a token file with Windows line endings)', `${HOSTILE_TOKEN}\r`, /contains a carriage return \(\\r\) at its end; it was not sent\.\nThe token was probably read from a file with Windows line endings/],
    ['a newline inside', `${HOSTILE_TOKEN.slice(0, 10)}\n${HOSTILE_TOKEN.slice(10)}`, /contains a newline \(\\n\) at position 11/],
    ['a trailing space', `${HOSTILE_TOKEN} `, /contains a space at its end/],
  ])('OKTA_CLIENT_TOKEN with %s: exit 4 naming the variable, the token not printed, nothing sent', async (_n, token, message) => {
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN, '--debug'], { env: { ...ctx.org.env, OKTA_CLIENT_TOKEN: token } })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('Error: The API token from environment (OKTA_CLIENT_TOKEN) contains')
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toContain(HOSTILE_TOKEN.slice(4, 20))
    expect(r.stdout).toBe('')
    expect(ctx.org.requests).toEqual([])
  })

  it('a quoted okta.yaml token with a \\r: exit 4 naming the file', async () => {
    mkdirSync(join(ctx.home.dir, '.okta'))
    const file = join(ctx.home.dir, '.okta', 'okta.yaml')
    writeFileSync(file, `okta:\n  client:\n    orgUrl: ${ctx.org.url}\n    token: "${HOSTILE_TOKEN}\\r"\n`)
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN])
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(`The API token from ${file} contains a carriage return`)
    expect(r.stderr).not.toContain(HOSTILE_TOKEN.slice(4, 20))
    expect(ctx.org.requests).toEqual([])
  })

  it('OKTA_CLIENT_TOKEN with --org naming another org: exit 4 with a hint, no request anywhere', async () => {
    const other = await startHostileOrg()
    try {
      const r = await oktactl(ctx.home, ['--org', other.url, 'factors', 'list', LOGIN], { env: { OKTA_CLIENT_TOKEN: HOSTILE_TOKEN } })
      expect(r.code).toBe(4)
      expect(r.stderr).toContain(`Error: Credentials from environment (OKTA_CLIENT_TOKEN) name no org, and the org (${other.url}) comes from flag --org: oktactl will not send them there.`)
      expect(r.stderr).toContain('Set OKTA_CLIENT_ORGURL')
      expect(r.stderr).not.toContain(HOSTILE_TOKEN)
      expect(other.requests).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN with --org naming another org: exit 4, the token stays home', async () => {
    const other = await startHostileOrg()
    try {
      const r = await oktactl(ctx.home, ['--org', other.url, 'factors', 'list', LOGIN], { env: ctx.org.env })
      expect(r.code).toBe(4)
      expect(r.stderr).toContain(`its credentials are for ${ctx.org.url}`)
      expect(other.requests).toEqual([])
      expect(ctx.org.requests).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('--debug shows the Authorization scheme and never the token', async () => {
    const r = await oktactl(ctx.home, ['factors', 'list', LOGIN, '--debug'], { env: ctx.org.env })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/authorization: SSWS \[REDACTED\]/i)
    expect(r.stderr).not.toContain(HOSTILE_TOKEN)
  })

  it.each<[string, string[]]>([
    ['--answer', ['factors', 'verify', LOGIN, 'question', '--answer', 'correct horse battery']],
    ['--shared-secret', ['factors', 'enroll', LOGIN, '--type', 'token:hotp', '--factor-profile-id', 'fpr1', '--shared-secret', '484f97be3213b117e3a20438e291540a']],
  ])('a literal %s is a usage error (exit 2) that does not echo it; nothing is sent', async (flag, argv) => {
    const r = await oktactl(ctx.home, argv, { env: ctx.org.env })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${flag} takes no value on the command line`)
    expect(r.stderr).not.toContain(argv.at(-1))
    expect(ctx.org.requests).toEqual([])
  })

  it('--answer - reads the answer from stdin', async () => {
    const q = factor('ufs1question', 'question', { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' })
    withUser(ctx.org, user(ID, LOGIN), [q])
    ctx.org.on('POST', `/api/v1/users/${ID}/factors/ufs1question/verify`, { json: { factorResult: 'SUCCESS' } })
    const r = await oktactl(ctx.home, ['factors', 'verify', LOGIN, 'question', '--answer', '-'], { env: ctx.org.env, stdin: 'correct horse battery\n' })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(ctx.org.requests.at(-1)?.body ?? '{}')).toEqual({ answer: 'correct horse battery' })
  })
})
