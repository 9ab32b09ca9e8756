import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/log.js'
import { startHostileOrg, user, withUser, type HostileOrg } from '../e2e/hostile.js'
import { jsonl, org, run, tempHome } from '../bulk/helpers.js'

// authenticators list|get|delete against the sandbox, whose enrollments derive from the factors.

interface Enrollment { id: string; type: string; key: string; status: string; profile?: Record<string, unknown> }

describe('authenticators (sandbox)', () => {
  it('list: the password, Okta Verify as one enrollment, and one per other factor', async () => {
    const o = await org()
    const r = await run(['authenticators', 'list', 'alice', '--json'], { env: o.env })
    expect(r.exitCode, r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as Enrollment[]).map((e) => `${e.type}/${e.key}`)).toEqual(['password/okta_password', 'app/okta_verify', 'phone/phone_number', 'security_question/security_question'])
    const tsv = await run(['authenticators', 'list', 'alice'], { env: o.env })
    expect(tsv.stdout).toContain('\tphone\tphone_number\tPhone\tACTIVE\t+15555550101\t')
  })

  it('get by id, type or key; a type the user has two of is a usage error listing them; an unknown one exits 5', async () => {
    const o = await org()
    const byKey = await run(['authenticators', 'get', 'alice', 'okta_verify', '--json'], { env: o.env })
    const e = JSON.parse(byKey.stdout) as Enrollment
    expect(e).toMatchObject({ type: 'app', key: 'okta_verify', status: 'ACTIVE' })
    expect(JSON.parse((await run(['authenticators', 'get', 'alice', e.id, '--json'], { env: o.env })).stdout)).toMatchObject({ id: e.id })
    const two = await run(['authenticators', 'get', 'carol', 'phone'], { env: o.env })
    expect(two.exitCode).toBe(2)
    expect(two.stderr).toContain('The user has 2 phone enrollments:')
    expect((await run(['authenticators', 'get', 'dave', 'phone'], { env: o.env })).exitCode).toBe(5)
  })

  it('delete: shows the user, asks (--yes off a terminal), removes the factors behind it, audits; admins refused; the password cannot go', async () => {
    const o = await org()
    const home = tempHome()
    expect((await run(['authenticators', 'delete', 'alice', 'okta_verify'], { env: o.env, home })).exitCode).toBe(2)
    const r = await run(['authenticators', 'delete', 'alice', 'okta_verify', '--yes', '--ticket', 'INC-3'], { env: o.env, home })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain('Will delete the Okta Verify enrollment')
    const factors = (await run(['factors', 'list', 'alice', '--json'], { env: o.env })).stdout
    expect((JSON.parse(factors) as Array<{ factorType: string }>).map((f) => f.factorType)).toEqual(['sms', 'question'])
    const lines = jsonl<AuditEntry>(readFileSync(join(home, 'state', 'audit.log'), 'utf8'))
    expect(lines.map((l) => `${l.command} ${l.outcome} ${l.factors.map((f) => f.type).join()}`)).toEqual(['authenticators delete intent okta_verify', 'authenticators delete ok okta_verify'])
    expect(lines[1]).toMatchObject({ ticket: 'INC-3', requestId: expect.any(String) })
    const admin = await run(['authenticators', 'delete', 'carol', 'security_key', '--yes'], { env: o.env })
    expect(admin.exitCode).toBe(4)
    const pw = await run(['authenticators', 'delete', 'bob', 'password', '--yes'], { env: o.env })
    expect(pw.exitCode).toBe(1)
    expect(pw.stderr).toContain('The password authenticator cannot be unenrolled.')
    const dry = await run(['authenticators', 'delete', 'bob', 'okta_verify', '--dry-run'], { env: o.env })
    expect(dry.stderr).toContain('Dry run: nothing was changed.')
    expect(o.changes().filter((c) => c.status < 300)).toHaveLength(1)
  })

  it('an issued TAC shows as an enrollment', async () => {
    const o = await org()
    await run(['users', 'tac', 'bob', '--yes', '--json'], { env: o.env })
    const list = JSON.parse((await run(['authenticators', 'list', 'bob', '--json'], { env: o.env })).stdout) as Enrollment[]
    expect(list.find((e) => e.type === 'tac')).toMatchObject({ key: 'tac', status: 'ACTIVE', profile: { multiUse: false } })
    expect(JSON.stringify(list)).not.toMatch(/"tac":"/)
  })
})

describe('an org without the API', () => {
  let h: HostileOrg | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })
  it('a 404 says it is an Identity Engine (Limited GA) API and that factors works', async () => {
    h = withUser(await startHostileOrg(), user('00u1classicclassic01', 'c@example.com'))
    const r = await run(['authenticators', 'list', 'c@example.com'], { env: h.env })
    expect(r.exitCode).toBe(5)
    expect(r.stderr).toContain("The authenticator-enrollments API is Identity Engine's (Limited GA)")
  })
})
