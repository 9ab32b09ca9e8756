import type { OutputChunk, Plugin } from 'rolldown'

/**
 * rolldown puts its helpers (CommonJS interop: __commonJSMin, __toESM, __exportAll) in a chunk of
 * their own that every other chunk imports, so `oktactl --help` loaded two files where one
 * would do: measured on Node 24, the second ES module costs ~2 ms of a 37 ms start. The helpers
 * are small (~1.7 KB) and keep no state, so each chunk that imports them gets its own copy,
 * scoped in a function so that no name can clash, and the helper chunk is dropped. The build
 * fails if the helper chunk stops looking as described here, so a rolldown upgrade cannot
 * silently undo this, or if chunks import each other in a cycle (see the end).
 */
export function inlineRuntime(): Plugin {
  return {
    name: 'oktactl:inline-runtime',
    generateBundle(_options, bundle) {
      const runtime = Object.values(bundle).find((c): c is OutputChunk => c.type === 'chunk' && c.moduleIds.some((id) => id.includes('rolldown/runtime')))
      // (A build of one chunk has the helpers inside it already.)
      if (!runtime || runtime.isEntry) return
      const lines = runtime.code.split('\n')
      const exportLine = lines.find((l) => l.startsWith('export {'))
      if (runtime.moduleIds.length !== 1 || !exportLine || !lines[0]?.startsWith('import { createRequire } from "node:module";')) {
        this.error(`rolldown's helper chunk ${runtime.fileName} is not what build/inline-runtime.ts expects: update it`)
      }
      const exported = [...exportLine.matchAll(/(\w+) as (\w+)/g)].map(([, local = '', name = '']) => `${name}: ${local}`)
      const body = lines
        .filter((l) => !l.startsWith('import ') && !l.startsWith('export '))
        // The one eager call in the helpers: a require() for the bundle, made when first used.
        .map((l) => l.replace('var __require = (() => createRequire(import.meta.url))();', 'var __require = (id) => __runtimeCreateRequire(import.meta.url)(id);'))
        .join('\n')
      if (/\bcreateRequire\(/.test(body.replaceAll('__runtimeCreateRequire(', ''))) this.error(`rolldown's helpers call createRequire eagerly: update build/inline-runtime.ts`)
      const helpers = `(() => {\n${body}\nreturn { ${exported.join(', ')} };\n})()`
      const from = new RegExp(`^import \\{ ([^}]*) \\} from "\\./${runtime.fileName.replace(/[.$]/g, '\\$&')}";$`, 'm')
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk === runtime) continue
        const m = from.exec(chunk.code)
        if (!m) {
          if (chunk.code.includes(runtime.fileName)) this.error(`${chunk.fileName} reaches ${runtime.fileName} in a way build/inline-runtime.ts does not rewrite`)
          continue
        }
        const names = (m[1] ?? '').split(',').map((s) => s.trim().replace(/^(\w+) as (\w+)$/, '$1: $2'))
        // (A function, so that no `$&` in the helpers' code is read as a replacement pattern.)
        chunk.code = chunk.code.replace(m[0], () => `import { createRequire as __runtimeCreateRequire } from "node:module";\nconst { ${names.join(', ')} } = ${helpers};`)
      }
      delete bundle[runtime.fileName]
      // A copy is initialised where the chunk's import of the helpers was, so no chunk may be
      // reached through a static import cycle (a hoisted function could then run before it).
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])))
      const visiting = new Set<string>()
      const done = new Set<string>()
      const visit = (name: string, path: string[]): void => {
        if (done.has(name)) return
        if (visiting.has(name)) this.error(`a static import cycle between chunks: ${[...path, name].join(' -> ')} (build/inline-runtime.ts needs none)`)
        visiting.add(name)
        for (const next of chunks.get(name)?.imports ?? []) if (chunks.has(next)) visit(next, [...path, name])
        visiting.delete(name)
        done.add(name)
      }
      for (const name of chunks.keys()) visit(name, [])
    },
  }
}
