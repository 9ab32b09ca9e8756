import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'
import { rolldown, type Plugin } from 'rolldown'
import { afterEach, describe, expect, it } from 'vitest'
import { scriptEntry } from '../../build/script-entry.js'

// build/script-entry.ts turns the entry chunk into a script that bin/oktactl.js compiles with
// node:vm; the chunks read its exports from where bin keeps them. Built here from small modules.

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function virtual(files: Record<string, string>): Plugin {
  return {
    name: 'virtual',
    resolveId: (id) => (id.replace(/^\.\//, '') in files ? id.replace(/^\.\//, '') : null),
    load: (id) => files[id] ?? null,
  }
}

async function build(files: Record<string, string>, external: string[] = []) {
  dir = mkdtempSync(join(tmpdir(), 'oktactl-script-entry-'))
  const bundle = await rolldown({ input: { cli: 'entry.js' }, plugins: [virtual(files), scriptEntry()], external: [/^node:/, ...external], platform: 'node', preserveEntrySignatures: false })
  try {
    await bundle.write({ dir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name].js' })
  } finally {
    await bundle.close()
  }
  return { entry: readFileSync(join(dir, 'cli.js'), 'utf8') }
}

/**
 * Runs the built dist/cli.js as bin/oktactl.js does (node:vm, its exports kept for the chunks),
 * hands `check` the global object, then removes what the run and the test left on it.
 */
async function runBuilt(check: (g: Record<string | symbol, unknown>) => Promise<void>, leftOnGlobal: string[]): Promise<void> {
  const file = join(dir, 'cli.js')
  const url = pathToFileURL(file)
  const g = globalThis as Record<string | symbol, unknown>
  const fn = vm.runInThisContext(readFileSync(file, 'latin1'), { filename: file }) as (...a: unknown[]) => unknown
  g[Symbol.for('oktactl.entry')] = fn(url.href, (s: string) => import(new URL(s, url).href), createRequire(import.meta.url))
  try {
    await check(g)
  } finally {
    delete g[Symbol.for('oktactl.entry')]
    for (const k of leftOnGlobal) delete g[k]
  }
}

const FILES = {
  'entry.js': [
    "import { sep } from 'node:path'",
    'export class Shared extends Error {}',
    'globalThis.__seen = []',
    'globalThis.__seen.push(typeof sep, new URL(import.meta.url).protocol)',
    "globalThis.__done = import('./chunk.js').then((m) => m.check())",
  ].join('\n'),
  'chunk.js': ["import { Shared } from './entry.js'", 'export const check = () => new Shared("x") instanceof Error && Shared.name'].join('\n'),
}

describe('the entry as a script', () => {
  it("rewrites a chunk's import of a renamed entry export (rolldown's `$1` names) and runs", async () => {
    // Two modules of the entry export a Shared each: rolldown calls one of them Shared$1.
    const files = {
      'entry.js': [
        "export { Shared } from './a.js'",
        "import { Shared as Other } from './b.js'",
        'globalThis.__other = Other',
        "globalThis.__done = import('./chunk.js').then((m) => m.check())",
      ].join('\n'),
      'a.js': 'export class Shared extends Error {}',
      'b.js': 'export class Shared extends Error {}',
      'chunk.js': ["import { Shared } from './a.js'", "import { Shared as B } from './b.js'", 'export const check = () => [new Shared() instanceof Error, B === globalThis.__other, B !== Shared]'].join('\n'),
    }
    await build(files)
    expect(readFileSync(join(dir, 'chunk.js'), 'utf8')).toMatch(/Shared\$1/)
    await runBuilt(async (g) => {
      await expect(g.__done).resolves.toEqual([true, true, true])
    }, ['__other', '__done'])
  })

  it('is one strict function expression: builtins, import.meta.url and import() through its parameters, its exports returned', async () => {
    const { entry } = await build(FILES)
    expect(entry.startsWith('(function (__entryUrl, __import, __builtin) {\n"use strict";\n')).toBe(true)
    expect(entry).not.toMatch(/\bimport\b/)
    expect(entry).not.toMatch(/^export /m)
    expect(entry).toContain('__builtin("node:path")')
    expect(entry).toMatch(/return \{ \w+: Shared \};\n\}\)\n$/)
    expect(readFileSync(join(dir, 'chunk.js'), 'utf8')).toContain('globalThis[Symbol.for("oktactl.entry")]')
  })

  it('runs as bin/oktactl.js runs it: the chunk gets the entry\'s own class', async () => {
    await build(FILES)
    await runBuilt(async (g) => {
      await expect(g.__done).resolves.toBe('Shared')
      expect(g.__seen).toEqual(['string', 'file:'])
    }, ['__seen', '__done'])
  })

  it.each<[string, Record<string, string>, string[], RegExp]>([
    ['a static import that is not a builtin', { 'entry.js': "import pad from 'left-pad'\nconsole.log(pad)" }, ['left-pad'], /imports left-pad statically/],
    ['a top-level await', { 'entry.js': 'await Promise.resolve(1)\nconsole.log(1)' }, [], /awaits at its top level/],
    ['import.meta other than .url', { 'entry.js': 'console.log(import.meta.dirname)' }, [], /import\.meta other than \.url/],
    // (oktactl's build writes ASCII only, charset: 'ascii'; this one does not.)
    ['a character outside printable ASCII', { 'entry.js': 'console.log("caf\u00e9")' }, [], /outside printable ASCII/],
    ['a #! line (a function body cannot start with one)', { 'entry.js': '#!/usr/bin/env node\nconsole.log(1)' }, [], /starts with #!/],
    ['a top-level for await', { 'entry.js': 'for await (const x of [Promise.resolve(1)]) console.log(x)' }, [], /awaits at its top level/],
    [
      'an exported binding it reassigns (a chunk would keep the value it had when the entry returned)',
      { 'entry.js': "export let n = 0\nsetTimeout(() => { n = 1 })\nimport('./chunk.js')", 'chunk.js': "import { n } from './entry.js'\nconsole.log(n)" },
      [],
      /reassigns n, which it exports/,
    ],
    ['an import() of a package (bin resolves what the entry imports against dist/)', { 'entry.js': "import('left-pad')" }, ['left-pad'], /takes a relative or node: string only/],
    ['an import() of a computed name', { 'entry.js': 'import(process.argv[2])' }, [], /takes a relative or node: string only/],
    ['a name it would shadow (a parameter of the function it becomes)', { 'entry.js': 'console.log(typeof __builtin)' }, [], /already uses the name __builtin/],
  ])('the build fails on %s', async (_n, files, external, message) => {
    await expect(build(files, external)).rejects.toThrow(message)
  })
})
