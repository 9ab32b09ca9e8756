import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { EXTRA_OPERATION_IDS, SPEC_PATH, SUBSET_LIST, SUBSET_PATH, fullSpecAvailable, subsetContract } from './spec.js'

// The committed subset of Okta's spec (okta-spec-subset.json) is what the contract tests run on
// when the full spec is absent. It must carry no prose, hold every operation the tests use and
// every schema those reach, and be exactly what scripts/spec-subset.mjs cuts from the full spec.

const SCRIPT = fileURLToPath(new URL('../../scripts/spec-subset.mjs', import.meta.url))
const text = readFileSync(SUBSET_PATH, 'utf8')
const subset = JSON.parse(text) as Json

/** Every [path, key, value] in the document, depth first. */
function* entries(node: unknown, path = ''): Generator<[string, string, unknown]> {
  if (Array.isArray(node)) for (const [i, x] of node.entries()) yield* entries(x, `${path}/${i}`)
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      yield [path, k, v]
      yield* entries(v, `${path}/${k}`)
    }
  }
}

describe('contract: the committed spec subset, test/contract/okta-spec-subset.json', () => {
  it('carries no prose: no description, summary, example, docs or x- extension, no sentence', () => {
    const found: string[] = []
    for (const [path, key, value] of entries(subset)) {
      const at = `${path}/${key}`
      // A property may be named `description` (a group's profile has one): its value is a schema.
      const property = path.endsWith('/properties')
      if (!property && ['description', 'summary', 'example', 'examples', 'externalDocs', 'tags'].includes(key)) found.push(`${at} is there`)
      if (!property && key.startsWith('x-') && at !== '/x-subset') found.push(`${at} is there`)
      if (typeof value !== 'string' || key === '$ref' || key === 'pattern') continue
      // Names, enum values, formats and titles are a few words ("WAITING (with number matching challenge)").
      if (value.length > 80 || value.split(/\s+/).length > 5 || /\w\. \w/.test(value)) found.push(`${at}: ${value}`)
    }
    expect(found).toEqual([])
    expect(text).not.toMatch(/"description":"/)
  })

  it('holds every operation in operations.json, and every $ref in it points into it', () => {
    const ops = Object.values(subset.paths as Json).flatMap((item) => Object.values(item as Json).map((op) => (op as Json).operationId as string))
    expect(ops.sort()).toEqual([...SUBSET_LIST.operations].sort())
    const dangling: string[] = []
    for (const [path, key, value] of entries(subset)) {
      const refs = key === '$ref' ? [value] : key === 'mapping' && path.endsWith('/discriminator') ? Object.values(value as Json) : []
      for (const r of refs) {
        const [, kind, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(String(r)) ?? []
        if (!kind || !name || !subset.components[kind]?.[name]) dangling.push(`${path}/${key}: ${String(r)}`)
      }
    }
    expect(dangling).toEqual([])
    for (const name of SUBSET_LIST.schemas) expect(subset.components.schemas[name], name).toBeDefined()
  })

  it('compiles: every schema, request body and response (extra operations too), patched, resolves in ajv', () => {
    const c = subsetContract()
    for (const name of Object.keys(c.spec.components.schemas)) expect(c.validateSchema(name, null)).toBeInstanceOf(Array)
    expect(c.operationIds().sort()).toEqual([...SUBSET_LIST.operations, ...EXTRA_OPERATION_IDS].sort())
    for (const op of c.operationIds()) {
      expect(c.validateRequest(op, {})).toBeInstanceOf(Array)
      for (const status of c.statuses(op)) expect(c.validateResponse(op, status, {})).toBeInstanceOf(Array)
    }
  })

  it('is what the generator makes of it: cutting the committed subset again gives the same bytes (closed, canonical, generated)', async () => {
    const gen = (await import(pathToFileURL(SCRIPT).href)) as { subset: (spec: Json, list: typeof SUBSET_LIST) => Json; serialize: (doc: Json) => string }
    const again = gen.serialize({ ...gen.subset(subset, SUBSET_LIST), 'x-subset': subset['x-subset'] })
    expect(again === text, 'the committed subset is not what scripts/spec-subset.mjs writes: run npm run spec:subset').toBe(true)
  })

  // Cutting it from the full spec needs the full spec: where it is absent (a clone without
  // ../shared) this test is not defined rather than skipped, and the summary line below says so.
  if (!fullSpecAvailable) console.warn(`contract: no full OpenAPI spec at ${SPEC_PATH}: the subset was checked against itself, not against the full spec`)
  if (fullSpecAvailable) it(
    'the committed subset is what `npm run spec:subset` cuts from the full spec',
    async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, '--stdout'], {
        env: { ...process.env, OKTA_OPENAPI_SPEC: SPEC_PATH },
        maxBuffer: 64 * 1024 * 1024,
      })
      // Line by line (one line per path and per component), so a stale subset says what changed.
      const committed = new Set(text.split('\n'))
      const fresh = new Set(stdout.split('\n'))
      const changed = [
        ...[...fresh].filter((l) => !committed.has(l)).map((l) => `+ ${l.slice(0, 160)}`),
        ...[...committed].filter((l) => !fresh.has(l)).map((l) => `- ${l.slice(0, 160)}`),
      ]
      expect(changed, 'the committed subset is stale: run npm run spec:subset').toEqual([])
      expect(stdout === text, 'same lines, different order: run npm run spec:subset').toBe(true)
    },
    120_000,
  )
})

type Json = Record<string, any>
