import { defineConfig, type Plugin } from 'rolldown'

/**
 * One ESM bundle with every dependency inlined (importing commander, chalk, conf and cli-table3
 * from node_modules costs ~3x a bare `node -e 0`; bundled ~1.2x), split so that a command loads
 * only what it needs. Node pays per ES module loaded, so chunking is decided here, by path, and
 * not by the import graph (bench/files.mjs counts the files each command loads).
 */
const src = (re: string) => new RegExp(`[\\\\/]src[\\\\/](?:${re})`)

/**
 * `import process from 'node:process'` (chalk's colour detection) makes Node build that module's
 * namespace, which reads every lazy property of `process`: ~7 ms per start on Node 24, measured.
 * The global is the same object.
 */
const processGlobal: Plugin = {
  name: 'oktactl:process-global',
  // Only ES imports: a CommonJS require('process') must still get the object itself.
  resolveId: (id, _importer, extra) => ((id === 'node:process' || id === 'process') && extra.kind === 'import-statement' ? '\0process-global' : null),
  load: (id) => (id === '\0process-global' ? 'export default globalThis.process' : null),
}

export default defineConfig({
  plugins: [processGlobal],
  input: { cli: 'src/cli.ts' },
  platform: 'node',
  preserveEntrySignatures: false,
  transform: { target: 'node20' },
  checks: { circularDependency: true },
  output: {
    dir: 'dist',
    format: 'esm',
    cleanDir: true,
    // Some bundled dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: "import { createRequire as __oktactlCreateRequire } from 'node:module'; const require = __oktactlCreateRequire(import.meta.url);",
    codeSplitting: {
      groups: [
        // rolldown's own helpers (CommonJS interop) load with every command: keep them in common.
        { name: 'common', test: (id: string) => id.includes('rolldown:runtime') || id.includes('rolldown/runtime'), priority: 20 },
        // What every command that talks to an org runs: context, the API client, auth set-up,
        // settings, output, audit and the factor domain. Small modules, no heavy dependencies
        // (jose, conf, inquirer, qrcode and cli-table3 stay behind their own dynamic imports).
        // (output/io, output/visible and output/help are in the entry: --help needs them and nothing else.)
        { name: 'common', test: src('context|api/|audit/|auth/(?:cache|index|scopes|explain)|config/|net/proxy|output/(?!table|io|visible|help)|prompt/stdin|util/|factors/|helpdesk/(?:guard|remove|options)|bulk/options'), priority: 10 },
        // The bulk forms of list, enroll, delete and reset: one chunk, loaded by whichever runs.
        { name: 'bulk', test: src('bulk/'), priority: 5 },
      ],
    },
  },
})
