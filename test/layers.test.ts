import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { afterAll, describe, expect, it } from 'vitest'

// The layer fences and the cycle check are ESLint rules (eslint.config.js). `npm test` lints the
// tree; this proves the rules bite: an upward import and a cycle, written into src/ for the test
// (and removed after), each fail the lint with the project's own config.

const root = fileURLToPath(new URL('../', import.meta.url))
const probe = join(root, 'src', 'util', '__layer_probe__')
const onlyOurs = ({ ruleId }: { ruleId: string }) => ruleId === 'import-x/no-restricted-paths' || ruleId === 'import-x/no-cycle'

async function lint(files: Record<string, string>): Promise<Array<{ file: string; rule: string | null; message: string }>> {
  mkdirSync(probe, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(probe, name), text)
  const eslint = new ESLint({ cwd: root, ruleFilter: onlyOurs })
  const results = await eslint.lintFiles(Object.keys(files).map((f) => join(probe, f)))
  return results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath.slice(probe.length + 1), rule: m.ruleId, message: m.message })))
}

afterAll(() => rmSync(probe, { recursive: true, force: true }))

describe('layers', () => {
  it('util may not import from a layer above it (here: the context)', async () => {
    const found = await lint({ 'up.ts': "import type { Context } from '../../context.js'\nexport type X = Context\n" })
    expect(found).toEqual([expect.objectContaining({ file: 'up.ts', rule: 'import-x/no-restricted-paths', message: expect.stringContaining('util is below context') })])
  }, 60_000)

  it('an import cycle fails the lint, a dynamic import included', async () => {
    const found = await lint({
      'a.ts': "import { b } from './b.js'\nexport const a = (): unknown => b\n",
      'b.ts': "export const b = async (): Promise<unknown> => (await import('./a.js')).a\n",
    })
    expect(found.map((f) => [f.file, f.rule])).toEqual(expect.arrayContaining([['a.ts', 'import-x/no-cycle'], ['b.ts', 'import-x/no-cycle']]))
  }, 60_000)
})
