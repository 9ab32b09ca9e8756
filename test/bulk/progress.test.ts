import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import { Progress } from '../../src/bulk/progress.js'
import { fakeIO } from '../helpers/io.js'

const theme = new Chalk({ level: 0 })

describe('progress ETA', () => {
  it('is never less than what the rate limits allow for the rest (a run that burst through its window)', () => {
    let t = 0
    const p = new Progress(fakeIO().io, 200, 'reset', theme, () => t, () => undefined, (left) => (left > 0 ? 35_000 : 0))
    t = 2_000
    for (let i = 0; i < 10; i++) p.tick('ok')
    // 10 users in 2 s would say 38 s for 190; the window opens in 35 s: the pace wins here…
    expect(p.eta()).toBe('38s')
    t = 500
    // …and the limit wins when the machine alone would be faster (10 in 0.5 s: "10s")
    expect(p.eta()).toBe('35s')
    p.stop()
  })

  it('says -- while the total is unknown (a listing still being read), then counts from the total', () => {
    let t = 0
    const p = new Progress(fakeIO().io, undefined, 'list', theme, () => t)
    p.tick('ok')
    t = 1000
    expect(p.eta()).toBe('--')
    p.setTotal(11)
    expect(p.eta()).toBe('10s')
    p.stop()
  })
})
