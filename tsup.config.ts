import { defineConfig } from 'tsup'

// One ESM bundle with every dependency inlined: importing commander, chalk, ofetch, conf and
// cli-table3 from node_modules costs ~3x a bare `node -e 0`; bundled they cost ~1.2x.
// Heavy modules (prompts, tables, QR codes, the sandbox server) stay behind dynamic imports,
// which esbuild splits into chunks that load only when a command needs them.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  splitting: true,
  bundle: true,
  noExternal: [/.*/],
  minify: false,
  sourcemap: false,
  // Some bundled dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __oktactlCreateRequire } from 'node:module'; const require = __oktactlCreateRequire(import.meta.url);",
  },
})
