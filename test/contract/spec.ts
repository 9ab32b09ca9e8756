import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

/**
 * Okta's Management API OpenAPI spec, loaded once per test file, patched in memory for its known
 * defects (all of them here, each with its reason) and compiled with ajv.
 *
 * The full spec is read from `../shared/okta-openapi/management.yaml` beside the repository (CI
 * has shared/ next to the clone) or from $OKTA_OPENAPI_SPEC; it is never copied into the
 * repository. Without it (a clone elsewhere), the committed `okta-spec-subset.json` is loaded
 * instead: the operations in `operations.json` and the schemas they reach, with no prose
 * (`npm run spec:subset` cuts it from the full spec; scripts/spec-subset.mjs says what it keeps).
 * The subset is not patched when cut: the same DEFECTS are patched here on either. When the full
 * spec is loaded, every body is judged by the subset too and the two must agree, and
 * subset.test.ts checks the committed file is what the full spec gives.
 *
 * Reuse: `validateRequest(operationId, body)` checks a request body oktactl sends;
 * `validateResponse(operationId, status, body)` checks an answer. Both return a list of problems
 * (empty when valid); `assertRequest` / `assertResponse` throw with that list.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
/** The full spec (not in the repository). */
export const SPEC_PATH = process.env.OKTA_OPENAPI_SPEC ?? resolve(repoRoot, '../shared/okta-openapi/management.yaml')
/** The committed, description-free subset, and the operations it is cut for. */
export const SUBSET_PATH = fileURLToPath(new URL('okta-spec-subset.json', import.meta.url))
export const OPERATIONS_PATH = fileURLToPath(new URL('operations.json', import.meta.url))
export const SUBSET_LIST = JSON.parse(readFileSync(OPERATIONS_PATH, 'utf8')) as { operations: string[]; schemas: string[] }
export const fullSpecAvailable = existsSync(SPEC_PATH)
/** Which spec contract() loads: the full one when it is there, else the committed subset. */
export const specSource: 'full' | 'subset' = fullSpecAvailable ? 'full' : 'subset'
/** Always true in a checkout (the subset is committed); kept for suites that skip without a spec. */
export const specAvailable = fullSpecAvailable || existsSync(SUBSET_PATH)
/** A describe() title that says why the suite was skipped. */
export const specSuiteName = (title: string) =>
  specAvailable ? title : `${title} (SKIPPED: no OpenAPI spec at ${SPEC_PATH} and no subset at ${SUBSET_PATH})`

type Json = Record<string, any>
const REF = '#/components/schemas/'
const ref = (name: string) => ({ $ref: `${REF}${name}` })

// ── Defects of the spec and how each is worked around ───────────────────────────────────────

interface Defect {
  id: string
  /** True while the spec still has the defect; the contract test checks this, so a fixed spec shows up. */
  present: (s: Json) => boolean
  patch: (s: Json) => void
  /**
   * Why the committed subset cannot show this defect (it lives in what the subset leaves out), so
   * `present` is false there by construction and the patch does nothing. The full spec must still
   * show it; every other defect must show on the subset as on the full spec.
   */
  absentFromSubset?: string
}

export const DEFECTS: Defect[] = [
  {
    // okta-api.md §6: 10× `$ref: '#/definitions/base|custom'` in components.examples and 1×
    // '#/components/examples/LogDeviceObject' in LogDevice's example point to nothing. Examples
    // document, they do not validate: drop them all.
    id: 'unresolvable $refs inside examples',
    present: (s) => /"\$ref":"#\/(definitions\/|components\/examples\/LogDeviceObject)/.test(JSON.stringify(s.components)),
    patch: (s) => {
      delete s.components.examples
      stripKeys(s.components.schemas, ['example', 'examples'])
    },
    absentFromSubset: 'the subset has no examples (and neither AppUserSchema, GroupSchema nor LogDevice)',
  },
  {
    // UserFactor, UserFactorActivateResponse, UserFactorPushTransaction and ResendUserFactor put a
    // `discriminator.mapping` on a base schema without `oneOf`; the subtypes `allOf` the base. ajv
    // has no such keyword, so the polymorphism would be silently ignored. Rewrite each as: base
    // schema (renamed `<Name>__base`, subtypes pointed at it) + one if/then per mapped value.
    id: 'discriminator without oneOf on base schemas',
    present: (s) => Boolean(s.components.schemas.UserFactor.discriminator && !s.components.schemas.UserFactor.oneOf),
    patch: (s) => {
      for (const name of ['UserFactor', 'UserFactorActivateResponse', 'UserFactorPushTransaction', 'ResendUserFactor']) {
        polymorphic(s.components.schemas, name)
      }
    },
  },
  {
    // Role responses are `oneOf: [StandardRole, CustomRole]` with a discriminator on `type`, but
    // both accept every RoleType, so a SUPER_ADMIN assignment matches both and fails oneOf. Every
    // `oneOf` + `discriminator.mapping` becomes: `type` is a mapped value, and if/then per value.
    id: 'oneOf + discriminator with overlapping branches (roles)',
    present: (s) => JSON.stringify(s.components.schemas.CustomRole.properties.type) === JSON.stringify(s.components.schemas.StandardRole.properties.type),
    patch: (s) => {
      discriminatedOneOfs(s.paths)
      discriminatedOneOfs(s.components.schemas)
    },
  },
  {
    // Okta sends `_links.resend` (sms/call/email enrollment) and `_links.send` (push activation)
    // as arrays of links, as the spec's own examples show; the schemas say one link object.
    id: '_links.resend and _links.send are arrays on the wire',
    present: (s) => !JSON.stringify(s.components.schemas.LinksResend).includes('"array"'),
    patch: (s) => {
      const oneOrMany = { anyOf: [ref('HrefObject'), { type: 'array', items: ref('HrefObject') }] }
      s.components.schemas.LinksResend.properties.resend = oneOrMany
      s.components.schemas.LinksSend.properties.send = oneOrMany
    },
  },
  {
    // Catalog entries carry `_embedded.phones` as an array (spec example); the schema allows only
    // objects as `_embedded` values.
    id: 'catalog _embedded.phones is an array',
    present: (s) => s.components.schemas.UserFactorSupported.properties._embedded.additionalProperties?.type === 'object',
    patch: (s) => {
      s.components.schemas.UserFactorSupported.properties._embedded.additionalProperties = { type: ['object', 'array'] }
    },
  },
  {
    // UserFactorVerifyResponse(Waiting).profile says every value is an object; its own examples
    // (and Okta) send strings: `{"profile": {"phoneNumber": "+12532236986"}}`.
    id: 'verify response profile values are strings',
    present: (s) => s.components.schemas.UserFactorVerifyResponse.properties.profile.additionalProperties?.type === 'object',
    patch: (s) => {
      for (const n of ['UserFactorVerifyResponse', 'UserFactorVerifyResponseWaiting']) {
        delete s.components.schemas[n].properties.profile.additionalProperties
      }
    },
  },
  {
    // listAuthenticatorEnrollments declares one AuthenticatorEnrollment as its 200 body; its
    // own example (AuthenticatorEnrollmentResponseListAll) is an array of them.
    id: 'authenticator enrollments list is an array',
    present: (s) => s.paths['/api/v1/users/{userId}/authenticator-enrollments'].get.responses['200'].content['application/json'].schema.type !== 'array',
    patch: (s) => {
      s.paths['/api/v1/users/{userId}/authenticator-enrollments'].get.responses['200'].content['application/json'].schema = { type: 'array', items: ref('AuthenticatorEnrollment') }
    },
  },
  {
    // AuthenticatorProfile requires phoneNumber, yet it is the profile of every enrollment
    // (email, security question, TAC …), and the list example has enrollments without one.
    id: 'every enrollment profile requires phoneNumber',
    present: (s) => Boolean(s.components.schemas.AuthenticatorProfile.required?.includes('phoneNumber')),
    patch: (s) => {
      delete s.components.schemas.AuthenticatorProfile.required
    },
  },
  {
    // A REJECTED/TIMEOUT transaction's `_links.factor` is declared as a whole UserFactor; the
    // examples (and Okta) send a link `{href, hints}`.
    id: 'push transaction _links.factor is a link',
    present: (s) => JSON.stringify(s.components.schemas.UserFactorPushTransactionRejected).includes('"factor":{"$ref"'),
    patch: (s) => {
      for (const n of ['UserFactorPushTransactionRejected', 'UserFactorPushTransactionTimeout']) {
        const links = s.components.schemas[n].allOf[1].properties._links.allOf[1]
        links.properties.factor = ref('HrefObject')
      }
    },
  },
  {
    // UserFactorActivateRequest / UserFactorVerifyRequest are `oneOf`s whose branches have no
    // `required` and no `additionalProperties: false`: `{"passCode":"123456"}` matches several
    // branches and fails oneOf. Close each branch and accept any (anyOf); validateRequest() can
    // pick the branch of a given factor type by its title.
    id: 'oneOf request bodies with overlapping branches',
    present: (s) => Array.isArray(s.components.schemas.UserFactorVerifyRequest.oneOf),
    patch: (s) => {
      for (const n of ['UserFactorActivateRequest', 'UserFactorVerifyRequest']) {
        const schema = s.components.schemas[n]
        const branches: Json[] = (schema.oneOf as Json[]).map((b) => ({ ...b, type: 'object', additionalProperties: false }))
        delete schema.oneOf
        schema.anyOf = branches
        for (const b of branches) s.components.schemas[`${n}__${b.title}`] = b
      }
    },
  },
  {
    // UserFactorToken.verify is `oneOf: [RSA {passCode}, Symantec {passCode, nextPassCode}]`, so an
    // RSA body matches both; and Symantec's nextPassCode is typed integer while the spec's own
    // enroll example (and FACTORS-DOC) send a string ("678195"). Accept either branch and either type.
    id: 'token verify: overlapping oneOf, nextPassCode string vs integer',
    present: (s) => s.components.schemas.UserFactorTokenVerifySymantec.properties.nextPassCode.type === 'integer',
    patch: (s) => {
      const token = s.components.schemas.UserFactorToken.allOf[1].properties
      token.verify = { anyOf: token.verify.oneOf }
      s.components.schemas.UserFactorTokenVerifySymantec.properties.nextPassCode = { type: ['string', 'integer'] }
    },
  },
  {
    // The spec has no `POST …/lifecycle/activate/poll` and no `DELETE …/transactions/{id}`; they
    // appear only as links (push enroll `_links.poll`, push challenge `_links.cancel`). Described
    // here as extra operations `pollFactorActivation` and `cancelFactorTransaction`.
    id: 'activate/poll and transaction DELETE are not paths',
    present: (s) =>
      !s.paths['/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate/poll'] &&
      !s.paths['/api/v1/users/{userId}/factors/{factorId}/transactions/{transactionId}']?.delete,
    patch: () => undefined, // see EXTRA_OPERATIONS
  },
]

const EXTRA_OPERATIONS: Record<string, { responses: Record<string, Json | null> }> = {
  // The ACTIVE factor once the QR code was scanned; otherwise the activation state with links.
  pollFactorActivation: {
    responses: {
      '200': {
        anyOf: [
          { allOf: [ref('UserFactor')], required: ['id', 'factorType', 'status'] },
          {
            allOf: [ref('UserFactorActivatePush'), { properties: { _links: ref('UserFactorLinks') } }],
            required: ['factorResult'],
          },
        ],
      },
    },
  },
  cancelFactorTransaction: { responses: { '204': null } },
}

// ── Loading and compiling ───────────────────────────────────────────────────────────────────

function stripKeys(node: unknown, keys: string[]): void {
  if (Array.isArray(node)) for (const x of node) stripKeys(x, keys)
  else if (node && typeof node === 'object') {
    for (const k of keys) delete (node as Json)[k]
    for (const v of Object.values(node)) stripKeys(v, keys)
  }
}

function polymorphic(schemas: Json, name: string): void {
  const base = schemas[name]
  const { propertyName, mapping } = base.discriminator as { propertyName: string; mapping: Record<string, string> }
  delete base.discriminator
  const baseName = `${name}__base`
  schemas[baseName] = base
  const targets = new Map<string, string[]>()
  for (const [value, target] of Object.entries(mapping)) {
    let sub = target.slice(REF.length)
    if (sub === name) sub = baseName // UserFactorPushTransaction maps SUCCESS to itself
    // "WAITING (with number matching challenge)" is an enum pseudo-value that never appears on
    // the wire: a WAITING transaction may be either waiting variant.
    const wire = value.startsWith('WAITING') ? 'WAITING' : value
    targets.set(wire, [...(targets.get(wire) ?? []), sub])
    // Subtypes extend the base, not the polymorphic wrapper (that would recurse).
    const s = schemas[sub]
    if (sub !== baseName && Array.isArray(s?.allOf)) {
      s.allOf = s.allOf.map((p: Json) => (p.$ref === `${REF}${name}` ? ref(baseName) : p))
    }
  }
  schemas[name] = {
    allOf: [
      ref(baseName),
      ...[...targets].map(([value, subs]) => ({
        if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
        then: subs.length === 1 ? ref(subs[0]!) : { anyOf: subs.map(ref) },
      })),
    ],
  }
}

function discriminatedOneOfs(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(discriminatedOneOfs)
  if (!node || typeof node !== 'object') return
  const n = node as Json
  if (Array.isArray(n.oneOf) && n.discriminator?.mapping) {
    const { propertyName, mapping } = n.discriminator as { propertyName: string; mapping: Record<string, string> }
    delete n.oneOf
    delete n.discriminator
    n.required = [...new Set([...(n.required ?? []), propertyName])]
    n.properties = { ...n.properties, [propertyName]: { enum: Object.keys(mapping) } }
    n.allOf = Object.entries(mapping).map(([value, target]) => ({
      if: { properties: { [propertyName]: { const: value } } },
      then: { $ref: target },
    }))
  }
  for (const v of Object.values(n)) discriminatedOneOfs(v)
}

/** `#/components/…` refs of path-level schemas, rebased on the components document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase)
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `okta${v}` : rebase(v)
  return out
}

interface Operation {
  requestBody?: Json
  requestBodyRequired?: boolean
  responses: Record<string, Json | null>
}

export class Contract {
  private readonly ajv: Ajv
  private readonly operations = new Map<string, Operation>()
  private readonly compiled = new Map<string, ValidateFunction>()

  /** Which defects the loaded spec still had before patching. */
  readonly defectsPresent: Record<string, boolean> = {}

  constructor(readonly spec: Json) {
    for (const d of DEFECTS) {
      this.defectsPresent[d.id] = d.present(spec)
      d.patch(spec)
    }
    stripKeys(spec.components.schemas, ['discriminator']) // the remaining ones sit beside a oneOf
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
    addFormats.default(this.ajv)
    this.ajv.addSchema({ components: { schemas: spec.components.schemas } }, 'okta')
    for (const item of Object.values(spec.paths as Json)) {
      for (const op of Object.values(item as Json)) {
        if (!op || typeof op !== 'object' || typeof (op as Json).operationId !== 'string') continue
        const o = op as Json
        const responses: Record<string, Json | null> = {}
        for (const [status, r0] of Object.entries(o.responses ?? {})) {
          const r = (r0 as Json).$ref ? spec.components.responses[(r0 as Json).$ref.split('/').pop()] : r0
          responses[status] = (r as Json)?.content?.['application/json']?.schema ?? null
        }
        // A request body may be a $ref to components/requestBodies (the TAC enrollment's is).
        const rb = o.requestBody?.$ref ? spec.components.requestBodies?.[o.requestBody.$ref.split('/').pop()] : o.requestBody
        const body = rb?.content?.['application/json']?.schema
        const required = rb?.required === true
        this.operations.set(o.operationId, { ...(body ? { requestBody: body, requestBodyRequired: required } : {}), responses })
      }
    }
    for (const [id, op] of Object.entries(EXTRA_OPERATIONS)) this.operations.set(id, op)
  }

  operationIds(): string[] {
    return [...this.operations.keys()]
  }

  /** The statuses `operationId` declares a response for. */
  statuses(operationId: string): number[] {
    return Object.keys(this.operation(operationId).responses).map(Number)
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let v = this.compiled.get(key)
    if (!v) {
      v = this.ajv.compile(rebase(schema) as Json)
      this.compiled.set(key, v)
    }
    return v
  }

  private operation(operationId: string): Operation {
    const op = this.operations.get(operationId)
    if (!op) throw new Error(`No operation ${operationId} in the spec`)
    return op
  }

  /** Problems with `value` against components.schemas[name] (patched). */
  validateSchema(name: string, value: unknown): string[] {
    return run(this.validator(`schema:${name}`, ref(name)), value)
  }

  /**
   * Problems with a request body for `operationId`. For activateFactor and verifyFactor, pass the
   * factor type to check against that branch only (e.g. `{ factorType: 'sms' }`).
   */
  validateRequest(operationId: string, body: unknown, opts: { factorType?: string } = {}): string[] {
    const op = this.operation(operationId)
    if (!op.requestBody) return body === undefined ? [] : [`${operationId} takes no request body`]
    if (body === undefined) return op.requestBodyRequired ? [`${operationId} needs a request body`] : []
    const name = { activateFactor: 'UserFactorActivateRequest', verifyFactor: 'UserFactorVerifyRequest' }[operationId]
    if (name && opts.factorType) {
      if (!this.spec.components.schemas[`${name}__${opts.factorType}`]) return [`${operationId} has no ${opts.factorType} variant`]
      return this.validateSchema(`${name}__${opts.factorType}`, body)
    }
    return run(this.validator(`req:${operationId}`, op.requestBody), body)
  }

  /** Problems with a response: status declared, body present iff the spec has content, body valid. */
  validateResponse(operationId: string, status: number, body: unknown): string[] {
    const op = this.operation(operationId)
    const key = String(status)
    if (!(key in op.responses)) {
      // 401 is not declared per operation; Okta's error body is the same Error as everywhere.
      return status === 401 ? this.validateSchema('Error', body) : [`${operationId} does not declare status ${status}`]
    }
    const schema = op.responses[key]
    if (!schema) return body === undefined ? [] : [`${operationId} ${status} has no body in the spec, got ${JSON.stringify(body).slice(0, 80)}`]
    if (body === undefined) return [`${operationId} ${status}: the spec has a body, got none`]
    return run(this.validator(`res:${operationId}:${key}`, schema), body)
  }

  assertRequest(operationId: string, body: unknown, opts: { factorType?: string } = {}): void {
    const errors = this.validateRequest(operationId, body, opts)
    if (errors.length) throw new Error(`${operationId} request does not match the spec:\n  ${errors.join('\n  ')}`)
  }

  assertResponse(operationId: string, status: number, body: unknown): void {
    const errors = this.validateResponse(operationId, status, body)
    if (errors.length) throw new Error(`${operationId} ${status} response does not match the spec:\n  ${errors.join('\n  ')}`)
  }
}

function run(v: ValidateFunction, value: unknown): string[] {
  if (v(value)) return []
  return (v.errors ?? []).filter(relevant).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${paramsText(e)}`)
}

/** ajv reports the failed `if` of every if/then as well; only the `then` failures matter. */
const relevant = (e: ErrorObject) => e.keyword !== 'if'
const paramsText = (e: ErrorObject) =>
  e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
  : e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
  : ''

/** The operations described here rather than in the spec (see the last defect). */
export const EXTRA_OPERATION_IDS = Object.keys(EXTRA_OPERATIONS)

let loaded: Contract | undefined
let loadedSubset: Contract | undefined

/** The committed subset, parsed, patched and compiled (whichever spec contract() loads). */
export function subsetContract(): Contract {
  if (!existsSync(SUBSET_PATH)) throw new Error(`No OpenAPI spec subset at ${SUBSET_PATH}: run npm run spec:subset`)
  loadedSubset ??= new Contract(JSON.parse(readFileSync(SUBSET_PATH, 'utf8')) as Json)
  return loadedSubset
}

/**
 * The patched and compiled spec: the full one when it is there (parsed once per test file; about
 * a second), else the committed subset.
 */
export function contract(): Contract {
  if (specSource === 'subset') return subsetContract()
  loaded ??= new Contract(parse(readFileSync(SPEC_PATH, 'utf8'), { uniqueKeys: false }) as Json)
  return loaded
}

/**
 * `judge` on the loaded spec. With the full spec loaded, the subset must judge alike (the same
 * problems, in any order), or the subset no longer stands in for the full spec on a clean clone.
 */
function agreed(what: string, judge: (c: Contract) => string[]): string[] {
  const problems = judge(contract())
  if (specSource === 'full') {
    const fromSubset = judge(subsetContract())
    if (JSON.stringify([...fromSubset].sort()) !== JSON.stringify([...problems].sort())) {
      throw new Error(`${what}: the full spec says ${JSON.stringify(problems)}, the committed subset ${JSON.stringify(fromSubset)} (npm run spec:subset)`)
    }
  }
  return problems
}

export const validateRequest = (operationId: string, body: unknown, opts: { factorType?: string } = {}) =>
  agreed(`${operationId} request ${JSON.stringify(body)}`, (c) => c.validateRequest(operationId, body, opts))
export const validateResponse = (operationId: string, status: number, body: unknown) =>
  agreed(`${operationId} ${status} response`, (c) => c.validateResponse(operationId, status, body))
