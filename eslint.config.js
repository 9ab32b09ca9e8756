// @ts-check
// ESLint 9 flat config (HOUSE_STYLE §8.8): typescript-eslint strictTypeChecked plus three fences.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'

// The layers, top to bottom (README, Architecture). A file may import its own layer and the ones
// below it, never one above: "where does this go?" is answered here. Type imports count too.
const LAYERS = [
  { name: 'entry', paths: ['src/cli.ts', 'src/main.ts', 'src/program.ts'] },
  { name: 'commands', paths: ['src/commands'] },
  { name: 'reports', paths: ['src/report'] },
  { name: 'workflows (helpdesk, bulk, sandbox)', paths: ['src/helpdesk', 'src/bulk', 'src/sandbox'] },
  { name: 'domain (factors, audit)', paths: ['src/factors', 'src/audit'] },
  { name: 'context', paths: ['src/context.ts'] },
  { name: 'services (api, auth, config, output, prompt, net, errors)', paths: ['src/api', 'src/auth', 'src/config', 'src/output', 'src/prompt', 'src/net', 'src/errors.ts', 'src/version.ts'] },
  { name: 'util', paths: ['src/util'] },
]
// (One zone per path above: import-x does not mix file paths and globs in one `from`.)
const LAYER_ZONES = LAYERS.flatMap((layer, i) =>
  LAYERS.slice(0, i).flatMap((above) =>
    above.paths.map((from) => ({
      target: layer.paths.map((p) => (p.endsWith('.ts') ? p : `${p}/**`)),
      from: from.endsWith('.ts') ? from : `${from}/**`,
      message: `${layer.name} is below ${above.name}: move the shared code down, or pass it in.`,
    })),
  ),
)

const UI_LIBRARIES = ['chalk', 'cli-table3', '@inquirer/prompts']
const NO_EXIT = { object: 'process', property: 'exit', message: 'Only src/cli.ts and src/main.ts exit; throw a typed error.' }
const NO_ENV = { object: 'process', property: 'env', message: 'Read the environment from Services.env (src/context.ts).' }

export default defineConfig(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**'] },

  // Plain JS (bin/, scripts/, bench/, this file): ESLint's recommended rules on Node globals.
  js.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },

  // TypeScript: strictTypeChecked (not recommendedTypeChecked) is workable on this tree: the
  // whole of it, tests included, lints in ~12 s on 2 cores. Where we depart from it:
  // - no-unnecessary-condition is off. Almost all of its ~50 reports are guards on data whose
  //   static type is more certain than the data: Okta responses (`user.profile?.login`), the
  //   conf file a user can edit (`conf.get('profiles') ?? {}`), `err as ErrnoException`.
  //   Removing them would change what oktactl does with a malformed response or config file.
  // - no-dynamic-delete is off: see below.
  // - numbers are allowed in template literals (`${n} factors`); every case is a count, a port,
  //   a duration or an exit code. `undefined`, objects and `any` stay banned.
  // - no-confusing-void-expression allows `() => stream.write(x)` shorthands and
  //   `return voidCall()` inside functions that return void anyway.
  // no-floating-promises, no-misused-promises, await-thenable, only-throw-error etc. apply as is.
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // no-dynamic-delete: the objects we delete keys from are JSON documents (the conf file, the token cache, an
      // environment), not maps: a removed key has to be absent when written out, not undefined.
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowAny: false, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false, allowNumber: true }],
    },
  },

  // The layer fences and the cycle check (import-x resolves our `.js` specifiers to the .ts files).
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { ...importX.flatConfigs.typescript.settings, 'import-x/resolver-next': [createTypeScriptImportResolver({ project: import.meta.dirname })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYER_ZONES }],
      // Dynamic imports count: a lazily loaded module that imports its importer is still a cycle.
      'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: false }],
    },
  },

  // The three fences, src/** only.
  {
    files: ['src/**/*.ts'],
    rules: {
      // Output goes through the IO object (stdout/stderr streams that tests replace).
      'no-console': 'error',
      // Colour, tables and prompts are decided in one place each; type-only imports load nothing.
      'no-restricted-imports': [
        'error',
        {
          paths: UI_LIBRARIES.map((name) => ({
            name,
            allowTypeImports: true,
            message: `Import ${name} only in src/output/** or src/prompt/**; take what you need from there.`,
          })),
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=/^(${UI_LIBRARIES.map((n) => n.replace('/', '\\/')).join('|')})$/]`,
          message: 'Load chalk, cli-table3 and @inquirer/prompts only in src/output/** or src/prompt/**.',
        },
      ],
      // Only the entry points exit; env reaches everything else through Services.env.
      'no-restricted-properties': ['error', NO_EXIT, NO_ENV],
    },
  },
  { files: ['src/output/io.ts'], rules: { 'no-console': 'off' } },
  { files: ['src/output/**/*.ts', 'src/prompt/**/*.ts'], rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' } },
  { files: ['src/context.ts'], rules: { 'no-restricted-properties': ['error', NO_EXIT] } },
  { files: ['src/cli.ts', 'src/main.ts'], rules: { 'no-restricted-properties': 'off' } },

  // Tests: keep the type-aware checks (floating and misused promises, await-thenable, …) but not
  // the rules that fight test code: JSON.parse(stdout) and fixtures are `any`, `!` after a
  // lookup the test has just asserted, async stubs of async interfaces that need no await,
  // `any` and `undefined` in test names and messages.
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      // Test names and failure messages may print whatever they hold, `undefined` included.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowAny: true, allowBoolean: true, allowNullish: true, allowNumber: true }],
      // Stub servers answer with `return reply(…)`; a style rule, not a correctness one.
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
)
