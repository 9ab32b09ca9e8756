import { describe, expect, it } from 'vitest'
import { nextLink } from '../../src/api/paging.js'
import { ResponseHeaders } from '../../src/api/transport.js'
import { generatedLogin } from '../../src/sandbox/index.js'
import { org, type TestOrg } from './helpers.js'

/** Every page from `path`, following `Link: rel="next"`; the logins and the pages' sizes. */
async function all(o: TestOrg, path: string): Promise<{ logins: string[]; sizes: number[]; links: string[] }> {
  const logins: string[] = []
  const sizes: number[] = []
  const links: string[] = []
  let next: string | undefined = path
  while (next) {
    const r = await o.get(next)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    sizes.push(r.body.length)
    logins.push(...r.body.map((u: any) => u.profile?.login ?? u.profile?.name))
    const link = r.headers.get('link') ?? ''
    links.push(link)
    next = nextLink(new ResponseHeaders({ link }))
  }
  return { logins, sizes, links }
}

describe('sandbox: listing users', () => {
  it('with no query: every user but DEPROVISIONED, 200 a page, Link self and next until the last page', async () => {
    const o = await org({ users: 450 })
    const r = await all(o, '/api/v1/users')
    expect(r.sizes).toEqual([200, 200, 54])
    expect(r.logins).toHaveLength(454)
    expect(r.logins).not.toContain('erin@example.com')
    expect(new Set(r.logins).size).toBe(454)
    expect(r.links[0]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/users\?limit=200>; rel="self", <http:\/\/127\.0\.0\.1:\d+\/api\/v1\/users\?limit=200&after=00u\w{17}>; rel="next"$/)
    expect(r.links[2]).not.toContain('rel="next"')
    const first = await o.get('/api/v1/users')
    expect(first.headers.get('x-rate-limit-limit')).toBe('600') // listing users: its own bucket
  })

  it('limit is capped at 200; a bad cursor or limit is a 400', async () => {
    const o = await org({ users: 300 })
    expect((await o.get('/api/v1/users?limit=1000')).body).toHaveLength(200)
    expect((await o.get('/api/v1/users?limit=7')).body).toHaveLength(7)
    expect((await o.get('/api/v1/users?after=00unothere0000000000')).status).toBe(400)
    expect((await o.get('/api/v1/users?limit=0')).status).toBe(400)
  })

  it('search: profile attributes, status (DEPROVISIONED included), sw/co/pr, and/or/not with parentheses, case-insensitive values', async () => {
    const o = await org({ users: 40 })
    const s = async (q: string) => (await all(o, `/api/v1/users?search=${encodeURIComponent(q)}`)).logins
    // Finance is every fifth generated user (4, 9, 14 …)
    expect(await s('profile.department eq "finance"')).toEqual([4, 9, 14, 19, 24, 29, 34, 39].map(generatedLogin))
    expect(await s('status eq "DEPROVISIONED"')).toEqual(['erin@example.com'])
    expect(await s('profile.login sw "ALICE"')).toEqual(['alice@example.com'])
    expect(await s('profile.lastName co "003"')).toEqual([3, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39].map(generatedLogin))
    expect(await s('profile.department eq "Finance" and not (profile.lastName eq "0004" or profile.lastName eq "0009")')).toEqual([14, 19, 24, 29, 34, 39].map(generatedLogin))
    expect((await s('profile.department pr')).length).toBe(40)
    expect(await s('id eq "00unobody00000000000"')).toEqual([])
    for (const bad of ['status ne "ACTIVE"', 'profile.department co "Fin"', 'status eq ACTIVE', '(status eq "ACTIVE"', 'status "ACTIVE"', '']) {
      const r = await o.get(`/api/v1/users?search=${encodeURIComponent(bad)}`)
      expect(r.status, bad).toBe(400)
      expect(r.body.errorCode).toBe('E0000031')
    }
  })

  it("filter: only the spec's attributes and eq (and lastUpdated's inequalities), and/or, exact values", async () => {
    const o = await org({ users: 5 })
    const f = async (q: string) => o.get(`/api/v1/users?filter=${encodeURIComponent(q)}`)
    expect((await f('status eq "DEPROVISIONED" or profile.login eq "bob@example.com"')).body.map((u: any) => u.profile.login)).toEqual(['bob@example.com', 'erin@example.com'])
    expect((await f('profile.login eq "BOB@example.com"')).body).toEqual([]) // case-sensitive values
    expect((await f('lastUpdated gt "2025-01-01T00:00:00.000Z"')).body.map((u: any) => u.profile.login)).toEqual(['erin@example.com'])
    for (const bad of ['profile.department eq "Sales"', 'status sw "ACT"', 'not (status eq "ACTIVE")']) expect((await f(bad)).status, bad).toBe(400)
  })

  it('q: a first name, last name or email prefix, DEPROVISIONED left out, 10 by default, not paged', async () => {
    const o = await org({ users: 30 })
    expect((await o.get('/api/v1/users?q=ali')).body.map((u: any) => u.profile.login)).toEqual(['alice@example.com'])
    expect((await o.get('/api/v1/users?q=erin')).body).toEqual([])
    const many = await o.get('/api/v1/users?q=user')
    expect(many.body).toHaveLength(10)
    expect(many.headers.get('link')).not.toContain('rel="next"')
  })
})

describe('sandbox: groups', () => {
  it('seeds Everyone, Engineering, Contractors, Helpdesk and Admins; q is a name prefix; members are paged', async () => {
    const o = await org({ users: 250 })
    const groups = (await o.get('/api/v1/groups')).body
    expect(groups.map((g: any) => g.profile.name)).toEqual(['Everyone', 'Engineering', 'Contractors', 'Helpdesk', 'Admins'])
    expect(groups[0].type).toBe('BUILT_IN')
    expect(groups.every((g: any) => /^00g\w{17}$/.test(g.id))).toBe(true)
    expect((await o.get('/api/v1/groups?q=con')).body.map((g: any) => g.profile.name)).toEqual(['Contractors'])
    const everyone = await all(o, `/api/v1/groups/${groups[0].id}/users`)
    expect(everyone.sizes).toEqual([200, 55])
    expect(everyone.logins).toContain('erin@example.com') // members of any status
    const admins = await all(o, `/api/v1/groups/${groups[4].id}/users`)
    expect(admins.logins).toEqual(['carol@example.com', ...[13, 50, 100, 113, 150, 200, 213, 250].map(generatedLogin)])
    expect((await o.get(`/api/v1/groups/${groups[1].id}`)).body.profile.name).toBe('Engineering')
    expect((await o.get('/api/v1/groups/00gnothere0000000000')).status).toBe(404)
    expect((await o.get('/api/v1/groups/00gnothere0000000000/users')).body.errorCode).toBe('E0000007')
  })
})
