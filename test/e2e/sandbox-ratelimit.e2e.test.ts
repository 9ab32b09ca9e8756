import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RequestInfo, type Sandbox, startSandbox } from '../../src/sandbox/index.js'
import { type Home, killStragglers, oktactl, runnable, skipNote, tempHome, tsvRows } from './helpers.js'

// A rate-limited run of the built binary that recovers after X-Rate-Limit-Reset, in about two
// seconds rather than a minute. The sandbox's windows are fixed minutes (src/sandbox/ratelimit.ts;
// there is no shorter-window option), so the test drives the sandbox's clock instead: it holds
// the clock 400 ms before the end of a minute until the sandbox has answered the CLI with a 429,
// then lets it run at real speed from there. The 429 therefore says Date = end − 1 s (HTTP dates
// have whole seconds) and X-Rate-Limit-Reset = end, the CLI waits Reset − Date + 1 s = 2 s, and its
// retry lands 1.6 s into the next window, where the bucket is full again.

const HOLD_BEFORE_END_MS = 400
let windowEnd = 0 // ms, on the sandbox's clock
let held: number | undefined // the sandbox's time while held
let offset = 0 // sandbox time − real time, once running
let releaseOn429 = false
const clock = () => held ?? Date.now() + offset
const seen: Array<RequestInfo & { at: number }> = []

let sb: Sandbox
let home: Home
let creds: Record<string, string>

describe.skipIf(!runnable)(`e2e: a rate-limited oktactl run recovers after X-Rate-Limit-Reset${skipNote}`, () => {
  beforeAll(async () => {
    home = tempHome('e2e-ratelimit')
    windowEnd = (Math.floor(Date.now() / 60_000) + 2) * 60_000 // any minute will do: the clock is ours
    held = windowEnd - HOLD_BEFORE_END_MS
    sb = await startSandbox({
      port: 0,
      rateLimit: 1, // one request per minute per endpoint bucket
      pushDelay: 0,
      now: clock,
      onRequest: (info) => {
        seen.push({ ...info, at: clock() })
        if (releaseOn429 && info.status === 429 && held !== undefined) {
          offset = held - Date.now()
          held = undefined
        }
      },
    })
    creds = { OKTA_CLIENT_ORGURL: sb.url, OKTA_CLIENT_TOKEN: sb.token }
  })
  afterAll(async () => {
    killStragglers()
    await sb?.close()
    home?.remove()
  })

  it('uses up the bucket: X-Rate-Limit-* headers; with --max-retries 0 the CLI exits 6', async () => {
    const r = await fetch(`${sb.url}/api/v1/users/alice`, { headers: { Authorization: `SSWS ${sb.token}`, Accept: 'application/json' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('x-rate-limit-limit')).toBe('1')
    expect(r.headers.get('x-rate-limit-remaining')).toBe('0')
    expect(r.headers.get('x-rate-limit-reset')).toBe(String(windowEnd / 1000))
    expect(Date.parse(r.headers.get('date')!)).toBe(windowEnd - 1000)

    const limited = await oktactl(home, ['factors', 'list', 'alice', '--max-retries', '0'], { env: creds })
    expect(limited.code, limited.stderr).toBe(6)
    expect(limited.stdout).toBe('')
    expect(limited.stderr).toContain('E0000047')
    expect(held).toBe(windowEnd - HOLD_BEFORE_END_MS) // still held: nothing has rolled over
  })

  it('waits out the 429 as X-Rate-Limit-Reset says (notice on stderr), retries once, and exits 0', async () => {
    seen.length = 0
    releaseOn429 = true
    const r = await oktactl(home, ['factors', 'list', 'alice'], { env: creds })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^! Rate limited by Okta \(GET \/api\/v1\/users\/alice\); waiting 2 s before retry 1 of 2\.\n$/)
    expect(tsvRows(r.stdout).map((row) => row[1])).toEqual(['sms', 'token:software:totp', 'push', 'question'])
    expect(r.ms).toBeGreaterThanOrEqual(1900) // it really waited

    expect(seen.map((s) => `${s.method} ${s.path.replace(/00u\w+/, '{id}')} ${s.status}`)).toEqual([
      'GET /api/v1/users/alice 429',
      'GET /api/v1/users/alice 200',
      'GET /api/v1/users/{id}/factors 200',
    ])
    expect(seen[0]?.errorCode).toBe('E0000047')
    expect(seen[1]!.at).toBeGreaterThanOrEqual(windowEnd) // the retry came after X-Rate-Limit-Reset
  })
})
