import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readUsersFile } from '../../src/bulk/input.js'
import { UsageError } from '../../src/errors.js'
import { tempHome, usersFile } from './helpers.js'

const stdin = (text: string) => Readable.from([text])
const none = Readable.from([])

describe('--users-file input', () => {
  it('plain: one user a line; blank lines, # comments and surrounding spaces skipped; line numbers kept', async () => {
    const f = usersFile(tempHome(), '# leavers, 2026-11\nalice@example.com\n\n  00u1bobbobbob0000000b  \r\n# end\ncarol\n')
    const { rows, format } = await readUsersFile(f, none)
    expect(format).toBe('lines')
    expect(rows).toEqual([
      { line: 2, user: 'alice@example.com', fields: {} },
      { line: 4, user: '00u1bobbobbob0000000b', fields: {} },
      { line: 6, user: 'carol', fields: {} },
    ])
  })

  it('- reads stdin', async () => {
    const { rows } = await readUsersFile('-', stdin('alice\nbob\n'))
    expect(rows.map((r) => r.user)).toEqual(['alice', 'bob'])
  })

  it('CSV with a login column (any case, BOM, quotes, extra columns kept as fields)', async () => {
    const f = usersFile(tempHome(), '\uFEFFName,Login,Phone\n"Example, Alice",alice@example.com,+15551230001\n\n# skipped\nBob,"bob@example.com",\n', 'u.csv')
    const { rows, format } = await readUsersFile(f, none)
    expect(format).toBe('csv')
    expect(rows).toEqual([
      { line: 2, user: 'alice@example.com', fields: { name: 'Example, Alice', phone: '+15551230001' } },
      { line: 5, user: 'bob@example.com', fields: { name: 'Bob' } },
    ])
  })

  it('CSV prefers user, then id, then login', async () => {
    const f = usersFile(tempHome(), 'login,id\nalice@example.com,00u1alicealice00000a\n')
    expect((await readUsersFile(f, none)).rows[0]?.user).toBe('00u1alicealice00000a')
    const g = usersFile(tempHome(), 'id,user\n00u1,alice\n')
    expect((await readUsersFile(g, none)).rows[0]?.user).toBe('alice')
  })

  it('duplicates (case-insensitive) are marked with the first line', async () => {
    const { rows } = await readUsersFile('-', stdin('alice@example.com\nbob\nALICE@example.com\n'))
    expect(rows[2]).toMatchObject({ line: 3, duplicateOf: 1 })
    expect(rows[1]?.duplicateOf).toBeUndefined()
  })

  it.each([
    ['a CSV header without a user column', 'name,phone\nAlice,+1555\n', /no user, id, login or email column/],
    ['an empty user cell', 'login,phone\n,+1555\n', /line 2: the login column is empty/],
    ['no users at all', '# nothing\n\n', /No users in/],
  ])('usage error (exit 2) for %s', async (_what, text, message) => {
    const err = await readUsersFile('-', stdin(text)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as Error).message).toMatch(message)
  })

  it('a missing file is a usage error naming it', async () => {
    const err = await readUsersFile('/nonexistent/users.txt', none).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as Error).message).toBe('Cannot read --users-file /nonexistent/users.txt: ENOENT.')
  })
})
