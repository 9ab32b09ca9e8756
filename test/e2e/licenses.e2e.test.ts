import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, built, skipNote } from './helpers.js'

// dist/ bundles the runtime dependencies, so their license notices must ship with it
// (build/third-party-licenses.ts). Checked in the package under test: this tree's, or the packed
// tarball the e2e matrix installed.

const file = join(dirname(dirname(bin)), 'dist', 'THIRD-PARTY-LICENSES.txt')

describe(`the bundled packages' licenses${skipNote}`, () => {
  it.skipIf(!built)('ship in dist/ with the package, each with its license text', () => {
    expect(existsSync(file), file).toBe(true)
    const text = readFileSync(file, 'utf8')
    for (const pkg of ['commander', 'chalk', 'cli-table3', 'conf', '@inquirer/prompts', 'jose', 'yaml', 'qrcode', 'csv-parse', 'otplib']) {
      const at = text.indexOf(`\n${pkg}@`)
      expect(at, `${pkg} is not listed`).toBeGreaterThan(0)
      const entry = text.slice(at, text.indexOf('\n=====', at + 1) >>> 0)
      expect(entry, `${pkg} has no license text`).toMatch(/Permission|Redistribution|Licensed under/)
    }
    // Every entry carries its license text, not only a name.
    const entries = text.split(/\n={78}\n/).slice(1)
    expect(entries.length).toBeGreaterThan(30)
    for (const e of entries) expect(e.split('\n').slice(1).join('\n').trim(), `${e.split('\n')[0] ?? ''} has no license text`).not.toBe('')
    // Development-only packages are not in the bundle, so not listed.
    expect(text).not.toContain('\nvitest@')
    expect(text).not.toContain('\nrolldown@')
  })
})
