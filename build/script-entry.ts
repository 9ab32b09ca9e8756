import type { OutputChunk, Plugin } from 'rolldown'
import { parseAst } from 'rolldown/parseAst'

/** Where the entry's exports are kept for the chunks (set by bin/oktactl.js when the entry returns). */
export const ENTRY_EXPORTS = 'Symbol.for("oktactl.entry")'

/**
 * The entry chunk (dist/cli.js) becomes a classic script: one function expression that
 * bin/oktactl.js compiles with node:vm and calls. Why: Node's compile cache (enableCompileCache)
 * serialises a module right after compiling it, before it runs, so it holds the top-level code
 * only, and every function a start calls (commander's parsing and help, main, the program) is
 * parsed and compiled again on every run; V8's code cache taken after a run (vm.Script's
 * createCachedData) holds those too. Measured on Node 24: ~2.3 ms off commander's root help
 * (README, Speed). The other chunks stay ES modules under Node's cache.
 *
 * What changes in the entry, each checked (the build fails on anything else):
 * - static imports (builtins only) read the builtin through the `__builtin` parameter;
 * - `import.meta.url` is the `__entryUrl` parameter; a dynamic `import(x)` is `__import(x)`,
 *   which bin/oktactl.js resolves against the entry's URL, as an import in it would be;
 * - the `export { … }` at the end becomes the function's return value, which bin/oktactl.js
 *   keeps under ENTRY_EXPORTS, and a chunk's `import { … } from "./cli.js"` reads it from there.
 * The function body is strict, as module code is. The build fails on what a function body would
 * run differently or not at all: a `#!` line, a top-level await (`for await` included), an
 * exported binding the entry reassigns (the chunks get the value it had when the entry
 * returned, not a live binding), an `import()` of anything but a relative or `node:` string,
 * a name the wrapper's parameters would shadow, and a chunk's import of the entry in a form
 * this does not rewrite.
 */
export function scriptEntry(): Plugin {
  return {
    name: 'oktactl:script-entry',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c): c is OutputChunk => c.type === 'chunk' && c.isEntry)
      if (!entry) return this.error('no entry chunk')
      const code = entry.code
      const program = parseAst(code, { sourceType: 'module' })
      const edits: Array<{ start: number; end: number; text: string }> = []
      if ((program as { hashbang?: unknown }).hashbang) this.error('the entry starts with #!, which a function body cannot')
      for (const p of ['__entryUrl', '__import', '__builtin']) if (new RegExp(`\\b${p}\\b`).test(code)) this.error(`the entry already uses the name ${p}`)
      let returned: string | undefined
      const exported = new Set<string>()
      for (const node of program.body) {
        if (node.type === 'ImportDeclaration') {
          const from = node.source.value
          if (!from.startsWith('node:')) this.error(`the entry imports ${from} statically; build/script-entry.ts takes builtins only`)
          const names = node.specifiers.map((s) => {
            if (s.type === 'ImportSpecifier' && s.imported.type === 'Identifier') return s.imported.name === s.local.name ? s.local.name : `${s.imported.name}: ${s.local.name}`
            this.error(`the entry's import of ${from} is not a named import; build/script-entry.ts takes named imports only`)
          })
          edits.push({ start: node.start, end: node.end, text: `const { ${names.join(', ')} } = __builtin(${JSON.stringify(from)});` })
        } else if (node.type === 'ExportNamedDeclaration') {
          if (node.declaration || node.source) this.error('the entry exports a declaration; build/script-entry.ts takes one `export { … }` list')
          if (returned !== undefined) this.error('the entry has two `export { … }` lists')
          for (const s of node.specifiers) exported.add(name(s.local))
          returned = `{ ${node.specifiers.map((s) => `${name(s.exported)}: ${name(s.local)}`).join(', ')} }`
          edits.push({ start: node.start, end: node.end, text: '' })
        } else if (node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') {
          this.error(`the entry has an ${node.type}; build/script-entry.ts takes one \`export { … }\` list`)
        }
      }
      walk(program, (n) => {
        if (n.type === 'MemberExpression' && n.object?.type === 'MetaProperty' && !n.computed && n.property?.name === 'url') {
          n.object.rewritten = true
          edits.push({ start: n.start, end: n.end, text: '__entryUrl' })
        } else if (n.type === 'MetaProperty' && code.startsWith('import.meta', n.start)) {
          if (!n.rewritten) this.error(`the entry reads import.meta other than .url: ${code.slice(n.start - 40, n.end + 20)}`)
        } else if (n.type === 'AssignmentExpression' || n.type === 'UpdateExpression') {
          const target = n.type === 'AssignmentExpression' ? n.left : n.argument
          if (target?.type === 'Identifier' && exported.has(target.name ?? '')) {
            this.error(`the entry reassigns ${target.name ?? ''}, which it exports: a chunk would see the value it had when the entry returned`)
          }
        } else if ((n.type === 'ForOfStatement' && n.await && n.topLevel) || (n.type === 'VariableDeclaration' && n.kind === 'await using' && n.topLevel)) {
          this.error('the entry awaits at its top level, which a script cannot')
        } else if (n.type === 'ImportExpression') {
          const src = n.source
          if (src?.type !== 'Literal' || typeof src.value !== 'string' || !/^(?:\.\.?\/|node:)/.test(src.value) || n.options) this.error(`the entry's import() of ${code.slice(n.start, n.end)}: build/script-entry.ts takes a relative or node: string only`)
          edits.push({ start: n.start, end: n.start + 'import'.length, text: '__import' })
        } else if (n.type === 'AwaitExpression' && n.topLevel) {
          this.error('the entry awaits at its top level, which a script cannot')
        }
      })
      let out = code
      for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
      entry.code = `(function (__entryUrl, __import, __builtin) {\n"use strict";\n${out}\nreturn ${returned ?? '{}'};\n})\n`
      if (/[^\t\n\r\x20-\x7e]/.test(entry.code)) this.error('the entry has a character outside printable ASCII; bin/oktactl.js reads it as latin1')

      // The chunks that import from the entry read its exports where bin/oktactl.js keeps them.
      const entryFile = entry.fileName.replace(/[.$]/g, '\\$&')
      const from = new RegExp(`^import \\{ ([^}]*) \\} from "\\./${entryFile}";$`, 'gm')
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk === entry) continue
        chunk.code = chunk.code.replace(from, (_m, list: string) => {
          const names = list.split(',').map((s) => {
            const m = /^([\w$]+)(?: as ([\w$]+))?$/.exec(s.trim())
            if (!m) this.error(`${chunk.fileName} imports \`${s.trim()}\` from the entry, which build/script-entry.ts does not rewrite`)
            return m[2] ? `${m[1] ?? ''}: ${m[2]}` : (m[1] ?? '')
          })
          return `const { ${names.join(', ')} } = globalThis[${ENTRY_EXPORTS}] ?? (() => { throw new Error("oktactl: run bin/oktactl.js, not a file of dist/") })();`
        })
        // A chunk whose imports from the entry were all inlined keeps a bare import of it, for order only.
        chunk.code = chunk.code.replace(new RegExp(`^import "\\./${entryFile}";\n`, 'gm'), '')
        if (chunk.code.includes(`"./${entry.fileName}"`)) this.error(`${chunk.fileName} reaches the entry in a way build/script-entry.ts does not rewrite`)
      }
    },
  }
}

function name(n: { type: string; name?: string; value?: unknown }): string {
  return n.type === 'Identifier' ? (n.name ?? '') : JSON.stringify(n.value)
}

/** An ESTree node as the walk and its checks see it: the fields they read, each optional. */
interface Node {
  type: string
  start: number
  end: number
  /** Set by the walk on a node outside any function. */
  topLevel?: boolean
  /** Set on an `import.meta` whose `.url` was rewritten. */
  rewritten?: boolean
  computed?: boolean
  await?: boolean
  kind?: string
  name?: string
  value?: unknown
  object?: Node
  property?: Node
  left?: Node
  argument?: Node
  source?: Node
  options?: Node | null
}

/** Every node of the tree, depth first (`topLevel` set on an await outside any function). */
function walk(root: unknown, visit: (node: Node) => void): void {
  const go = (value: unknown, inFunction: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => go(v, inFunction))
    if (!value || typeof value !== 'object') return
    const node = value as Node & Record<string, unknown>
    if (typeof node.type === 'string') {
      if (!inFunction) node.topLevel = true
      visit(node)
    }
    const inner = inFunction || /Function/.test(node.type)
    for (const [k, v] of Object.entries(node)) if (k !== 'parent' && v && typeof v === 'object') go(v, inner)
  }
  go(root, false)
}
