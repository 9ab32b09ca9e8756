import { parseNonNegativeInt } from '../config/flags.js'
import { UsageError } from '../errors.js'

/**
 * How long a temporary access code may live, as Okta allows. Its own small module: `users tac`
 * checks --ttl when it parses its flags, without loading the rest of the helpdesk code.
 */
export const TAC_MIN_MINUTES = 10
export const TAC_MAX_MINUTES = 14_400

/** Pure: a TTL flag (--ttl, --tac-ttl) → minutes, or a UsageError outside Okta's range. */
export function parseTacTtl(ttl: string | undefined, ttlFlag = '--ttl'): number | undefined {
  const ttlMinutes = parseNonNegativeInt(ttl, ttlFlag)
  if (ttlMinutes !== undefined && (ttlMinutes < TAC_MIN_MINUTES || ttlMinutes > TAC_MAX_MINUTES)) {
    throw new UsageError(`${ttlFlag}: a temporary access code lives ${TAC_MIN_MINUTES} to ${TAC_MAX_MINUTES} minutes (got ${ttlMinutes}).`)
  }
  return ttlMinutes
}
