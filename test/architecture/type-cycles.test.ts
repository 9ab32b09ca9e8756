import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// ESLint's import-x/no-cycle (eslint.config.js, test/layers.test.ts) checks value and dynamic
// imports but skips `import type` by design, so a cycle made of type imports alone would pass it.
// Such a cycle costs nothing at run time, but it is still a knot in the layering ("which of these
// two files comes first?"), so this closes the gap: every relative import and re-export of src/,
// type-only ones included, read by TypeScript's own pre-processor, and no strongly connected
// component of more than one file.

const src = fileURLToPath(new URL('../../src/', import.meta.url))

/** file → the src files it imports (any kind of import or re-export, static or dynamic). */
function importGraph(files: Map<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const [file, text] of files) {
    const { importedFiles } = ts.preProcessFile(text, true, true)
    const deps = importedFiles
      .map((f) => f.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')))
      .filter((d) => files.has(d))
    graph.set(file, deps)
  }
  return graph
}

/** Tarjan's strongly connected components with more than one member (each a cycle), or a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

describe('no import cycles in src/, type-only imports included', () => {
  it('finds a cycle made of type imports alone (the check itself works)', () => {
    const files = new Map([
      ['/p/a.ts', "import type { B } from './b.js'\nexport interface A { b: B }"],
      ['/p/b.ts', "export type { A } from './a.js'\nexport interface B { n: number }"],
      ['/p/c.ts', "import { x } from './d.js'\nexport const c = () => import('./e.js')"],
      ['/p/d.ts', 'export const x = 1'],
      ['/p/e.ts', "import type { c } from './c.js'\nexport type E = typeof c"],
    ])
    expect(cycles(importGraph(files)).sort()).toEqual([['/p/a.ts', '/p/b.ts'], ['/p/c.ts', '/p/e.ts']])
  })

  it('src/ has none', () => {
    const files = new Map(
      readdirSync(src, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => [join(src, f), readFileSync(join(src, f), 'utf8')] as const),
    )
    expect(files.size).toBeGreaterThan(100)
    expect(cycles(importGraph(files)).map((c) => c.map((f) => relative(src, f)))).toEqual([])
  })
})
