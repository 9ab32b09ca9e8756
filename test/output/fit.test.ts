import { describe, expect, it } from 'vitest'
import type { UserFactor } from '../../src/api/types.js'
import { factorColumns } from '../../src/factors/columns.js'
import { Output } from '../../src/output/output.js'
import { fakeIO } from '../helpers/io.js'

const NOW = new Date('2026-12-01T12:00:00Z')
const f = (id: string, factorType: string, profile: Record<string, unknown>): UserFactor =>
  ({ id, factorType, provider: 'OKTA', status: 'ACTIVE', created: '2026-11-01T12:00:00.000Z', profile })
const FACTORS = [
  f('mbl1aaaaaaaaaaaaaaaa', 'sms', { phoneNumber: '+15555550103' }),
  f('opf1aaaaaaaaaaaaaaaa', 'push', { name: 'A very long device name for an iPhone 15 Pro Max', platform: 'IOS' }),
  f('ufs1aaaaaaaaaaaaaaaa', 'question', { questionText: 'What is the food you least liked as a child?' }),
]

async function table(columns: number, opts: { stderrTTY?: boolean } = {}) {
  const io = fakeIO({ tty: true, columns })
  if (opts.stderrTTY === false) io.io.stderrIsTTY = false
  const out = new Output(io.io, { format: 'table', color: false, errColor: false })
  await out.printList(FACTORS, factorColumns(() => NOW))
  return { stdout: io.stdout(), out, stderr: io.stderr }
}

const lines = (s: string) => s.split('\n').filter(Boolean)

describe('tables fit the terminal', () => {
  it('at 120 columns the table is drawn whole', async () => {
    const { stdout } = await table(120)
    expect(stdout).toContain('A very long device name for an iPhone 15 Pro Max · IOS')
    expect(lines(stdout)[0]).toMatch(/^ID +TYPE +PROVIDER +STATUS +DETAIL +ENROLLED$/)
  })

  it('narrower: free text is shortened with an ellipsis, phone numbers and ids stay whole, then optional columns go', async () => {
    for (const width of [100, 90, 80]) {
      const { stdout } = await table(width)
      for (const l of lines(stdout)) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(width)
      expect(stdout).toContain('+15555550103')
      for (const x of FACTORS) expect(stdout).toContain(x.id)
      expect(stdout).toMatch(/…/)
    }
    // Shortening comes first: at 80 every column is still there.
    expect(lines((await table(80)).stdout)[0]).toMatch(/^ID +TYPE +PROVIDER +STATUS +DETAIL +ENROLLED$/)
    // At 60 the free text is as short as it goes, so the optional columns (provider, enrolled) go.
    const at60 = lines((await table(60)).stdout)
    expect(at60[0]).toMatch(/^ID +TYPE +STATUS +DETAIL$/)
    expect(at60[1]).toBe('mbl1aaaaaaaaaaaaaaaa  sms       ACTIVE  +15555550103')
    expect(at60[2]).toMatch(/^opf1a{16} {2}push +ACTIVE {2}A very long…$/)
  })

  it('too narrow for any table: one record per row, nothing split', async () => {
    const { stdout } = await table(40)
    expect(stdout.split('\n\n')).toHaveLength(3)
    expect(stdout).toContain('ID        mbl1aaaaaaaaaaaaaaaa\nTYPE      sms\nPROVIDER  OKTA\nSTATUS    ACTIVE\nDETAIL    +15555550103\n')
    // A long value wraps between words, under its value column.
    expect(stdout).toContain('DETAIL    What is the food you least\n          liked as a child?\n')
    for (const l of lines(stdout)) expect(l.length).toBeLessThanOrEqual(40)
  })

  it('measures a very large table without spreading its rows (150,000 rows once overflowed the stack)', async () => {
    const many = Array.from({ length: 150_000 }, (_, i) => f(`mbl${String(i).padStart(17, '0')}`, 'sms', { phoneNumber: '+15555550103' }))
    const fit = (await import('../../src/output/fit.js')).fitColumns(many, factorColumns(() => NOW), 80, (c, r) => String(c.value(r) ?? ''))
    expect(fit.columns.map((c) => c.header)).toContain('DETAIL')
  })

  it('TSV and JSON are never shortened', async () => {
    const io = fakeIO({ columns: 40 })
    const out = new Output(io.io, { format: 'tsv', color: false, errColor: false })
    await out.printList(FACTORS, factorColumns(() => NOW))
    expect(io.stdout()).toContain('A very long device name for an iPhone 15 Pro Max · IOS')
    expect(lines(io.stdout())[0]?.split('\t')).toHaveLength(6)
  })
})

describe('messages on a terminal', () => {
  it('break between words, so an id or a phone number is never split; labels keep their column', async () => {
    const io = fakeIO({ tty: true, columns: 60 })
    const out = new Output(io.io, { format: 'table', color: false, errColor: false })
    out.note('User:        Alice Anderson <alice@example.com> 00uKxx7nitZf2AgVnZlo')
    out.note('Would delete the sms factor mbl1aaaaaaaaaaaaaaaa (+15555550103) of alice@example.com (00uKxx7nitZf2AgVnZlo).')
    expect(io.stderr()).toBe(
      'User:        Alice Anderson <alice@example.com>\n' +
        '             00uKxx7nitZf2AgVnZlo\n' +
        'Would delete the sms factor mbl1aaaaaaaaaaaaaaaa\n' +
        '  (+15555550103) of alice@example.com\n' +
        '  (00uKxx7nitZf2AgVnZlo).\n',
    )
  })

  it('a suggested command is kept whole on its own line, so it pastes as one', () => {
    const io = fakeIO({ tty: true, columns: 60 })
    new Output(io.io, { format: 'table', color: false, errColor: false }).note('A code was sent by sms to 00uKxx7nitZf2AgVnZlo. Verify it with: oktactl factors verify 00uKxx7nitZf2AgVnZlo mbl1aaaaaaaaaaaaaaaa --code -')
    expect(io.stderr()).toBe('A code was sent by sms to 00uKxx7nitZf2AgVnZlo. Verify it\n  with:\n  oktactl factors verify 00uKxx7nitZf2AgVnZlo mbl1aaaaaaaaaaaaaaaa --code -\n')
  })

  it('off a terminal a message stays one line (for logs and grep)', () => {
    const io = fakeIO({ columns: 60 })
    const out = new Output(io.io, { format: 'tsv', color: false, errColor: false })
    const long = 'Would delete the sms factor mbl1aaaaaaaaaaaaaaaa (+15555550103) of alice@example.com (00uKxx7nitZf2AgVnZlo).'
    out.note(long)
    expect(io.stderr()).toBe(`${long}\n`)
  })
})
