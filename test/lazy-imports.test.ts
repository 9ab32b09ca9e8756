import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { interop } from '../src/util/lazy.js'

// A dynamic import is a path the bundle splits off and the command tests (which import src/) do
// not exercise as it ships. Two rules close that class of bug:
// 1. a package is imported lazily only through interop() (src/util/lazy.ts), which copes with both
//    module shapes and checks that the member we call is there;
// 2. every dynamic import in src/ is covered by an end-to-end test of the built binary, marked
//    `// covers: <specifier>` next to it in test/e2e/ or test/net/.

const root = fileURLToPath(new URL('../', import.meta.url))

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
const imports = files(join(root, 'src'), /\.ts$/).flatMap((file) =>
  [...stripComments(readFileSync(file, 'utf8')).matchAll(/(interop(?:<[^>]*>)?\(\s*)?await import\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => ({
    file: relative(root, file),
    spec: m[2] ?? m[3] ?? '',
    viaInterop: Boolean(m[1]),
  })),
)
const covered = new Set(
  [...files(join(root, 'test', 'e2e'), /\.ts$/), ...files(join(root, 'test', 'net'), /\.e2e\.test\.ts$/)].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\/\/ covers: (.+)$/gm)].flatMap((m) => (m[1] ?? '').split(',').map((s) => s.trim())),
  ),
)

describe('dynamic imports', () => {
  it('are found (the scan itself works)', () => {
    expect(imports.map((i) => i.spec)).toContain('yaml')
    expect(imports.map((i) => i.spec)).toContain('./table.js')
  })

  it('of a package go through interop()', () => {
    const raw = imports.filter((i) => !i.spec.startsWith('.') && !i.spec.startsWith('node:') && !i.viaInterop)
    expect(raw).toEqual([])
  })

  it('each have an end-to-end test of the built binary', () => {
    const missing = [...new Set(imports.map((i) => i.spec).filter((s) => !s.startsWith('node:')))].filter((s) => !covered.has(s))
    expect(missing).toEqual([])
  })
})

describe('interop', () => {
  const parse = () => 1
  it('takes an ES module as it is', () => {
    const mod = { parse }
    expect(interop(mod, 'parse', 'x')).toBe(mod)
  })
  it("takes a bundled CommonJS module's default", () => {
    const inner = { parse }
    expect(interop({ default: inner }, 'parse', 'x')).toBe(inner)
  })
  it('fails loudly when neither has the member', () => {
    expect(() => interop({ default: {} }, 'parse', 'yaml')).toThrow('the bundled yaml module has no parse()')
  })
})
