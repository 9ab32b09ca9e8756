import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contextFor } from '../../src/context.js'
import { ENV } from '../helpers/okta.js'
import { fakeIO } from '../helpers/io.js'
import { FIXED_NOW } from '../helpers/run.js'

// A run makes one connection (settings, proxy, the authoriser and its token): the API client and
// a wait's bounded copies of it (src/factors/wait.ts) share it, so a wait builds no second
// authoriser (for OAuth: no second read of the key file). Only doctor asks for another.
describe('the connection of a run', () => {
  const ctx = () => {
    const home = mkdtempSync(join(tmpdir(), 'oktactl-conn-'))
    const env = { ...ENV, HOME: home, OKTACTL_CONFIG_DIR: join(home, 'c'), OKTACTL_STATE_DIR: join(home, 's') }
    return contextFor({ optsWithGlobals: () => ({}) }, { io: fakeIO().io, env, cwd: home, now: () => FIXED_NOW, sleep: async () => {} })
  }

  it('is made once: connect() and api() share it, authoriser included', async () => {
    const c = ctx()
    const first = await c.connect()
    expect(await c.connect()).toBe(first)
    const api = await c.api()
    expect(api).toBe(first.client)
    expect(api.auth).toBe(first.auth)
  })

  it('with options (doctor, without the token cache) is a new one', async () => {
    const c = ctx()
    const first = await c.connect()
    const probe = await c.connect({ tokenCache: false })
    expect(probe).not.toBe(first)
    expect(probe.auth).not.toBe(first.auth)
  })
})
