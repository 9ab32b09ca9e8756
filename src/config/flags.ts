import { UsageError } from '../errors.js'
import type { IO } from '../output/io.js'
import type { Format } from '../output/output.js'

/** Options every command accepts (defined on the root command). */
export interface GlobalOptions {
  profile?: string
  org?: string
  json?: boolean
  output?: string
  color?: boolean
  input?: boolean
  yes?: boolean
  debug?: boolean
  timeout?: string
  maxRetries?: string
  readOnly?: boolean
  tokenCache?: boolean
  auditLog?: string
}

export const DEFAULT_TIMEOUT_SECONDS = 30
export const DEFAULT_MAX_RETRIES = 2

export function formatFor(g: GlobalOptions, io: IO): Format {
  if (g.json) return 'json'
  if (g.output !== undefined) {
    if (g.output === 'table' || g.output === 'tsv' || g.output === 'json') return g.output
    throw new UsageError(`--output must be table, tsv or json (got "${g.output}").`)
  }
  return io.stdoutIsTTY ? 'table' : 'tsv'
}

export function parseNonNegativeInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number (got "${value}").`)
  return Number(value)
}

export function parsePositiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds (got "${value}").`)
  return n
}
