import { describe, expect, it } from 'vitest'
import { startSpinner } from '../../src/output/spinner.js'
import { fakeIO } from '../helpers/io.js'

describe('spinner', () => {
  it('draws on stderr when stdin and stderr are terminals', () => {
    const f = fakeIO({ tty: true })
    const s = startSpinner(f.io, 'Waiting…')
    s.stop('done')
    expect(f.stderr()).toContain('Waiting…')
    expect(f.stderr()).toContain('done\n')
    expect(f.stdout()).toBe('')
  })

  it.each([
    ['stdin is not a terminal', { stdinIsTTY: false }],
    ['stderr is not a terminal', { stderrIsTTY: false }],
  ])('draws nothing when %s', (_why, override) => {
    const f = fakeIO({ tty: true })
    const s = startSpinner({ ...f.io, ...override }, 'Waiting…')
    s.stop('done')
    expect(f.stderr()).toBe('')
  })
})
