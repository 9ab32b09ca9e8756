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
/** Retries of one request at most: each rate-limit wait may last 90 s, so more would mean hours. */
export const MAX_RETRIES = 10

/** A retry count from okta.yaml or the environment: a whole number, 0 to MAX_RETRIES; anything else is not a setting (the default applies). */
export function retriesSetting(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_RETRIES ? n : undefined
}

/** Seconds from okta.yaml or the environment: a finite number more than 0; anything else (YAML's .inf and .nan too) is not a setting. */
export function secondsSetting(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : NaN
  return Number.isFinite(n) && n > 0 ? n : undefined
}

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

/**
 * Seconds, written as a decimal number (not 0x10, 1e3 or Infinity), more than 0. A very long one
 * is taken as it is: the timers that use it are capped where Node's would overflow.
 */
export function parsePositiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : NaN
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds (got "${value}").`)
  return n
}

/** --max-retries: a whole number, 0 to MAX_RETRIES. */
export function parseRetries(value: string | undefined, flag: string): number | undefined {
  const n = parseNonNegativeInt(value, flag)
  if (n !== undefined && n > MAX_RETRIES) throw new UsageError(`${flag} must be at most ${MAX_RETRIES} (got "${value ?? ''}"): each wait for a rate limit may last 90 s.`)
  return n
}
