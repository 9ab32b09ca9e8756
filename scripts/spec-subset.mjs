// Cuts the description-free subset of Okta's Management API spec that the contract tests run on
// when the full spec is absent (test/contract/spec.ts). `npm run spec:subset` writes
// test/contract/okta-spec-subset.json; `-- --stdout` prints it instead; `-- --check` exits 1 if the
// committed file is not what the full spec gives (the contract tests check that too).
//
// Input: $OKTA_OPENAPI_SPEC, else ../shared/okta-openapi/management.yaml beside the repository (the
// same lookup as spec.ts). The operations (and the few extra schemas spec.ts names) come from
// test/contract/operations.json. Kept: those operations (operationId, requestBody, responses: the
// contract tests validate bodies) and everything they reach through `$ref` or a discriminator
// mapping, transitively. Removed: every human text (description, summary, example(s),
// externalDocs, tags, x-* extensions), parameters (unused, and listLogEvents' carry prose in their
// `format`), security, servers, and whatever is not reached. No defect is patched: spec.ts patches the
// subset in memory exactly as it patches the full spec. Keys are sorted; one line per path and per
// component, so a change in the spec shows as a change of the lines it touched.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const repoRoot = fileURLToPath(new URL('../', import.meta.url))
const SPEC_PATH = process.env.OKTA_OPENAPI_SPEC ?? resolve(repoRoot, '../shared/okta-openapi/management.yaml')
const OUT = resolve(repoRoot, 'test/contract/okta-spec-subset.json')
const LIST = resolve(repoRoot, 'test/contract/operations.json')

/** Keys that hold human text (or point at it), removed wherever they are a keyword. */
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'tags'])
/** Keywords whose value is a map from names (properties, status codes, media types …) to objects. */
const NAME_MAPS = new Set([
  'properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'mapping',
  'paths', 'schemas', 'responses', 'parameters', 'requestBodies', 'headers', 'content', 'links', 'encoding', 'callbacks',
])
/** Keywords whose value is data, not schema: kept exactly as they are. */
const DATA = new Set(['default', 'enum', 'const'])
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])
const OPERATION_KEYS = new Set(['operationId', 'requestBody', 'responses'])

/** A copy of `node` without prose; `names` when its keys are names rather than keywords. */
function clean(node, names = false) {
  if (Array.isArray(node)) return node.map((x) => clean(x))
  if (!node || typeof node !== 'object') return node
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    if (!names && (PROSE.has(k) || k.startsWith('x-'))) continue
    out[k] = !names && DATA.has(k) ? v : clean(v, !names && NAME_MAPS.has(k))
  }
  return out
}

/** `#/components/<kind>/<name>` targets of the $refs and discriminator mappings under `node`. */
function refsOf(node, found = [], names = false) {
  if (Array.isArray(node)) for (const x of node) refsOf(x, found)
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (names) refsOf(v, found)
      else if (k === '$ref' && typeof v === 'string') found.push(v)
      else if (k === 'discriminator' && v?.mapping) found.push(...Object.values(v.mapping))
      else if (!DATA.has(k)) refsOf(v, found, NAME_MAPS.has(k))
    }
  }
  return found
}

/**
 * Keys sorted, except a discriminator's mapping: spec.ts turns it into an enum, whose order shows
 * in ajv's messages ("allowed values (…)"), and the subset must say exactly what the spec says.
 */
const sorted = (node, inDiscriminator = false) =>
  Array.isArray(node) ? node.map((x) => sorted(x))
  : node && typeof node === 'object' ? Object.fromEntries(Object.keys(node).sort().map((k) => [k, inDiscriminator && k === 'mapping' ? node[k] : sorted(node[k], k === 'discriminator')]))
  : node

export function subset(spec, { operations, schemas = [] }) {
  const paths = {}
  const wanted = new Set(operations)
  for (const [path, item] of Object.entries(spec.paths)) {
    const kept = {}
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || !wanted.has(op?.operationId)) continue
      wanted.delete(op.operationId)
      kept[method] = clean(Object.fromEntries(Object.entries(op).filter(([k]) => OPERATION_KEYS.has(k))))
    }
    if (Object.keys(kept).length) paths[path] = kept
  }
  if (wanted.size) throw new Error(`not in the spec: ${[...wanted].join(', ')}`)

  const components = {}
  const queue = [...refsOf(paths), ...schemas.map((n) => `#/components/schemas/${n}`)]
  while (queue.length) {
    const target = queue.shift()
    const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(target)
    if (!m) throw new Error(`unexpected $ref ${target}`)
    const [, kind, name] = m
    if (components[kind]?.[name]) continue
    const source = spec.components?.[kind]?.[name]
    if (!source) throw new Error(`$ref to nothing: ${target}`)
    const node = clean(source)
    ;(components[kind] ??= {})[name] = node
    queue.push(...refsOf(node))
  }
  return sorted({ openapi: spec.openapi, info: { title: spec.info.title, version: spec.info.version, license: spec.info.license }, paths, components })
}

/** JSON with sorted keys, one line per path and per component. */
export function serialize(doc) {
  const expand = (trail) => trail.length < 2 || (trail[0] === 'components' && trail.length < 3)
  const write = (value, trail) => {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !expand(trail)) return JSON.stringify(value)
    const pad = '  '.repeat(trail.length + 1)
    const lines = Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${write(v, [...trail, k])}`)
    return `{\n${lines.join(',\n')}\n${'  '.repeat(trail.length)}}`
  }
  return `${write(doc, [])}\n`
}

function main(args) {
  if (!existsSync(SPEC_PATH)) {
    console.error(`spec-subset: no OpenAPI spec at ${SPEC_PATH} (set OKTA_OPENAPI_SPEC)`)
    return 2
  }
  const text = readFileSync(SPEC_PATH, 'utf8')
  const spec = parse(text, { uniqueKeys: false })
  const source = { of: `${spec.info.title} ${spec.info.version}`, sha256: createHash('sha256').update(text).digest('hex'), by: 'npm run spec:subset' }
  const doc = sorted({ ...subset(spec, JSON.parse(readFileSync(LIST, 'utf8'))), 'x-subset': source })
  const out = serialize(doc)
  if (args.includes('--stdout')) {
    process.stdout.write(out)
    return 0
  }
  if (args.includes('--check')) {
    const same = existsSync(OUT) && readFileSync(OUT, 'utf8') === out
    console.error(same ? `spec-subset: ${OUT} is up to date` : `spec-subset: ${OUT} is stale; run npm run spec:subset`)
    return same ? 0 : 1
  }
  writeFileSync(OUT, out)
  const counts = Object.entries(doc.components).map(([kind, m]) => `${Object.keys(m).length} ${kind}`).join(', ')
  console.log(`spec-subset: wrote ${OUT} (${Buffer.byteLength(out)} bytes: ${Object.keys(doc.paths).length} paths, ${counts}) from ${SPEC_PATH}`)
  return 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2))
