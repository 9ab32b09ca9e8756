import { builtinModules, createRequire } from 'node:module'
import { defineConfig, type Plugin } from 'rolldown'
import { inlineRuntime } from './build/inline-runtime.js'
import { scriptEntry } from './build/script-entry.js'
import { thirdPartyLicenses } from './build/third-party-licenses.js'

/**
 * One bundle with every dependency inlined (importing commander, chalk, conf and cli-table3
 * from node_modules costs ~3x a bare `node -e 0`; bundled ~1.2x), split so that a command loads
 * only what it needs. Node pays per file loaded, so chunking is decided here, by path, and
 * not by the import graph (bench/files.mjs counts the files each command loads). The chunks are
 * ES modules; the entry, dist/cli.js, is then made a classic script that bin/oktactl.js runs
 * through node:vm with a code cache taken after the run (build/script-entry.ts).
 */
const src = (re: string) => new RegExp(`[\\\\/]src[\\\\/](?:${re})`)

const nm = (pkg: string) => new RegExp(`[\\\\/]node_modules[\\\\/]${pkg}[\\\\/]`)

/**
 * The chunks, by path; the first group whose test matches a module takes it. Whatever no group
 * names goes where rolldown puts it: into the entry if the entry imports it (cli, program, the
 * help, errors), otherwise into the chunk of the dynamic import that reaches it (a noun's verbs,
 * conf, jose, inquirer, qrcode, cli-table3, csv, yaml).
 */
const GROUPS: Array<{ name: string; test: (id: string) => boolean }> = [
  // What every command that talks to an org runs: context, the API client, auth set-up, settings,
  // output, audit, the factor domain, chalk. Small modules, no heavy dependencies.
  {
    name: 'common',
    test: (id) =>
      src('context|commands/verb|api/|audit/|auth/(?:cache|index|scopes|explain)|config/|net/proxy|output/(?!table|io|visible|help)|prompt/(?:stdin|prompter)|util/|factors/|helpdesk/(?:guard|remove|options|tac-ttl)|bulk/options').test(id) ||
      nm('chalk').test(id) || id === '\0process-global',
  },
  // The factors noun: every verb in one chunk (the noun is the unit a command loads).
  { name: 'factors', test: (id) => src('commands/factors/').test(id) },
  // The guarded helpdesk flow (reset, and delete for one user): preview, caller check, after-steps.
  { name: 'helpdesk', test: (id) => src('helpdesk/(?:flow|verify-caller|after|activity)').test(id) },
  // The bulk forms of list, enroll, delete and reset: one chunk, loaded by whichever runs.
  { name: 'bulk', test: (id) => src('bulk/').test(id) },
]
/** A module is in a group if the group's test names it, or it is a builtin's copy made for that group. */
const inGroup = (g: (typeof GROUPS)[number], id: string) => g.test(id) || id.endsWith(`?${g.name}`)
const groupOf = (id: string) => GROUPS.find((g) => inGroup(g, id))?.name

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

/**
 * commander requires node:child_process at load, for executable subcommands oktactl never uses;
 * on Node 24 that brings child_process, dgram and their internals (5 builtins compiled on every
 * start, `oktactl --help` included). Required when first called instead. The build fails if
 * commander's line changes, so an upgrade cannot silently undo this.
 */
const CHILD_PROCESS_LINE = "const childProcess = require('node:child_process');"
const lazyChildProcess: Plugin = {
  name: 'oktactl:commander-lazy-child-process',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null
    if (!code.includes(CHILD_PROCESS_LINE)) this.error(`commander's ${id} no longer has \`${CHILD_PROCESS_LINE}\`: update rolldown.config.ts`)
    return code.replace(CHILD_PROCESS_LINE, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };")
  },
}

/**
 * An ES import of a builtin makes Node build its namespace, which reads every lazy getter: on
 * Node 24, `import { constants } from 'node:fs'` loads fs.promises and with it ten more builtins
 * (readline, watchers, dir), and node:http loads undici. Our ES imports of builtins (and those of
 * the bundled packages) get a module that requires the builtin instead and re-exports each
 * property something imports, read when its chunk loads. node:fs/promises, node:os and node:tty
 * are required on first call (see
 * lazyBuiltin): commands that read no file never load the first, and nothing but a prompt needs
 * the last two (tty brings net and the whole of streams: ~4 ms on Node 24).
 */
const nodeRequire = createRequire(import.meta.url)
const IDENT = /^[A-Za-z_$][\w$]*$/
const LAZY = new Set(['fs/promises', 'os', 'tty'])

/**
 * A builtin loaded on first call: each function becomes a stand-in that requires it, and the
 * default export an object of the same stand-ins (`os.homedir()`, `tty.isatty(1)` work as
 * written). Values other than functions are not exported, so importing one fails the build,
 * except fs/promises' `constants` (the same object as node:fs's). `isatty(1)` and `isatty(2)`
 * (chalk asks both as it loads) are answered by process.stdout/stderr, which every command
 * builds anyway to write its output: the same libuv check, without loading node:tty.
 */
function lazyBuiltin(name: string, head: string[]): string {
  const mod = nodeRequire(`node:${name}`) as Record<string, unknown>
  const calls = Object.keys(mod).filter((k) => IDENT.test(k) && k !== 'default' && typeof mod[k] === 'function' && !/^[A-Z]/.test(k))
  const body = (k: string) =>
    name === 'tty' && k === 'isatty'
      ? 'return fd === 1 ? Boolean(process.stdout.isTTY) : fd === 2 ? Boolean(process.stderr.isTTY) : load().isatty(fd)'
      : `return load().${k}(...args)`
  return [
    ...head,
    ...(name === 'fs/promises' ? ["export { constants } from 'node:fs'"] : []),
    'let mod',
    `const load = () => (mod ??= requireBuiltin('node:${name}'))`,
    ...calls.map((k) => `export function ${k}(${name === 'tty' && k === 'isatty' ? 'fd' : '...args'}) { ${body(k)} }`),
    // The default export has every property: the functions above, the rest (constants, classes)
    // read from the module when first asked for (`os.EOL` works as written).
    `export default { ${[...calls, ...Object.keys(mod).filter((k) => IDENT.test(k) && k !== 'default' && !calls.includes(k)).map((k) => `get ${k}() { return load().${k} }`)].join(', ')} }`,
  ].join('\n')
}

const builtinsByRequire: Plugin = {
  name: 'oktactl:builtins-by-require',
  resolveId(id, importer, extra) {
    if (extra.kind !== 'import-statement') return null
    const name = id.replace(/^node:/, '')
    if (name === 'module' || name === 'process' || !builtinModules.includes(name)) return null
    // One copy per chunk group that imports it, so that it loads with that group and no other:
    // a builtin in the common chunk is required by every command that loads it.
    const group = importer ? groupOf(importer) : undefined
    return `\0builtin:${name}${group ? `?${group}` : ''}`
  },
  load(id) {
    if (!id.startsWith('\0builtin:')) return null
    const name = id.slice('\0builtin:'.length).replace(/\?.*$/, '')
    // process.getBuiltinModule (Node >= 20.16 and 22.3) skips the path work of a createRequire per module.
    const head = [
      "import { createRequire } from 'node:module'",
      "const requireBuiltin = (id) => typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : createRequire(import.meta.url)(id)",
    ]
    if (LAZY.has(name)) return lazyBuiltin(name, head)
    // Getters too: which properties are getters differs between Node lines (async_hooks'
    // AsyncLocalStorage is one from 22 on), and the build must give the same exports on each.
    const plain = Object.getOwnPropertyNames(nodeRequire(`node:${name}`)).filter((k) => IDENT.test(k) && k !== 'default')
    // Each is read when its chunk loads, and only if something imports it (the call is pure, so
    // the bundler drops the rest): a property Node later turned into a getter (async_hooks'
    // AsyncLocalStorage on Node >= 22, fs.F_OK on 24) still gives its value; an unused
    // deprecated one is never touched.
    return [...head, `const m = requireBuiltin('node:${name}')`, 'export default m',
      'const readExport = (k) => m[k]',
      ...plain.map((k) => `export const ${k} = /* @__PURE__ */ readExport(${JSON.stringify(k)})`)].join('\n')
  },
}


export default defineConfig({
  plugins: [processGlobal, lazyChildProcess, builtinsByRequire, inlineRuntime(), scriptEntry(), thirdPartyLicenses()],
  input: { cli: 'src/cli.ts' },
  platform: 'node',
  preserveEntrySignatures: false,
  transform: { target: 'node20' },
  checks: { circularDependency: true },
  output: {
    dir: 'dist',
    format: 'esm',
    cleanDir: true,
    // Node reads a file with any non-ASCII byte as a two-byte string (twice the memory, slower to
    // hash and compile); without comments the start-up chunks are a quarter smaller. Measured on
    // Node 24: ~1 ms off --help and factors list. License comments stay.
    charset: 'ascii',
    comments: { legal: true, annotation: false, jsdoc: false },
    codeSplitting: {
      // A group holds what its test names and nothing more: the modules --help needs (errors,
      // visible, version, io, help) stay in the entry instead of being pulled into common.
      includeDependenciesRecursively: false,
      groups: GROUPS.map((g, i) => ({ name: g.name, test: (id: string) => inGroup(g, id), priority: GROUPS.length - i })),
    },
  },
})
