/**
 * Loaders for the third-party packages oktactl imports on demand (prompts load in src/prompt/,
 * the UI layer's fence, through the same interop()).
 *
 * A dynamic import of a package behaves differently in `src/` (Node's loader) and in the bundle
 * (the bundler's interop): a CommonJS package such as `yaml` or `qrcode` arrives in the bundle with
 * only a `default` export, so `const { parse } = await import('yaml')` works in the tests and fails
 * in the shipped binary. Each loader here takes the module whichever shape it arrives in, checks that
 * the member we call is really there, and fails loudly if not. `test/lazy-imports.test.ts` fails if
 * a package is imported dynamically without interop(), and `test/e2e/lazy.e2e.test.ts` runs every
 * loader's path on the built binary.
 */
import type * as Yaml from 'yaml'
import type * as CsvSync from 'csv-parse/sync'
import type * as CsvStringifySync from 'csv-stringify/sync'
import type QRCodeModule from 'qrcode'
import type ConfModule from 'conf'

/** The module itself if it has `member`, else its `default` if that does: ESM or bundled CJS. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the caller's view of an untyped module
export function interop<T>(mod: unknown, member: string, name: string): T {
  const has = (m: unknown) =>
    m !== null && (typeof m === 'object' || typeof m === 'function') && (m as Record<string, unknown>)[member] !== undefined
  if (has(mod)) return mod as T
  const fallback = (mod as { default?: unknown } | null)?.default
  if (has(fallback)) return fallback as T
  throw new Error(`the bundled ${name} module has no ${member}(): the build is broken`)
}

export const loadYaml = async (): Promise<typeof Yaml> => interop(await import('yaml'), 'parse', 'yaml')

export const loadCsv = async (): Promise<typeof CsvSync> => interop(await import('csv-parse/sync'), 'parse', 'csv-parse')

export const loadCsvStringify = async (): Promise<typeof CsvStringifySync> =>
  interop(await import('csv-stringify/sync'), 'stringify', 'csv-stringify')

export const loadQrCode = async (): Promise<typeof QRCodeModule> => interop(await import('qrcode'), 'toBuffer', 'qrcode')

/** conf's class is its default export. */
export async function loadConf(): Promise<typeof ConfModule> {
  const cls = interop<{ default: unknown }>(await import('conf'), 'default', 'conf').default
  if (typeof cls !== 'function') throw new Error('the bundled conf module has no class: the build is broken')
  return cls as typeof ConfModule
}
