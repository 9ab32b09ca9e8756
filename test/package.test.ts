import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// What `npm pack` ships: the binary, the bundle, the licence and the README; no sources, tests,
// source maps or repository tooling. (scripts/e2e-matrix.mjs installs this tarball and runs the
// end-to-end suites on it.)
const root = fileURLToPath(new URL('../', import.meta.url))
const built = existsSync(join(root, 'dist', 'cli.js'))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, any>

describe('package.json', () => {
  it('names the licence, the repository, the home page, where to file bugs, and keywords', () => {
    expect(pkg.license).toBe('Apache-2.0')
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/)
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w-]+\/oktactl\.git$/) })
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/[\w-]+\/oktactl#readme$/)
    expect(pkg.bugs).toEqual({ url: expect.stringMatching(/^https:\/\/github\.com\/[\w-]+\/oktactl\/issues$/) })
    expect(pkg.keywords).toEqual(expect.arrayContaining(['okta', 'mfa', 'cli']))
    expect(pkg.engines).toEqual({ node: '>=20.12' })
    // Every dependency is bundled: installing oktactl brings nothing else.
    expect(pkg.dependencies).toBeUndefined()
  })
})

describe(`npm pack${built ? '' : ' (SKIPPED: no dist/cli.js; run `npm run build` first)'}`, () => {
  it.skipIf(!built)('ships bin, the whole bundle, LICENSE, README.md and package.json, and nothing else', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent' } })
    const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string; mode: number }> }>
    const files = report!.files.map((f) => f.path).sort()
    const dist = readdirSync(join(root, 'dist')).map((f) => `dist/${f}`)
    expect(files).toEqual(['LICENSE', 'README.md', 'bin/oktactl.js', ...dist, 'package.json'].sort())
    expect(files.filter((f) => /\.(map|ts|tsx)$|^(src|test|scripts|bench|\.ci)\//.test(f))).toEqual([])
    // The binary is executable in the tarball.
    expect(report!.files.find((f) => f.path === 'bin/oktactl.js')!.mode & 0o111).not.toBe(0)
  })
})
