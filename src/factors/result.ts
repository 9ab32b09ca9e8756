import type { FactorResult } from '../api/types.js'
import { visible } from '../output/visible.js'
import { factorTransactionId } from '../api/factors.js'
import type { Context } from '../context.js'
import { VerificationError } from '../errors.js'
import type { Column } from '../output/output.js'

/**
 * The results that exit 0: SUCCESS, and a challenge or push sent (CHALLENGE, WAITING). Anything
 * else — REJECTED, TIMEOUT, no factorResult at all, a value Okta does not document — exits 3.
 */
const OK = new Set(['SUCCESS', 'CHALLENGE', 'WAITING'])

/**
 * A push's number challenge (`_embedded.challenge.correctAnswer`), as text to show, or undefined
 * when there is none. Okta sends a small number; anything else is shown inert, as its JSON.
 */
export function challengeNumber(r: FactorResult): string | undefined {
  const n: unknown = r._embedded?.challenge?.correctAnswer
  if (n === undefined || n === null) return undefined
  // visible() prints anything but a string or number as its JSON, inert.
  return visible(n)
}

interface Row {
  result: string
  factorId: string
  transactionId: string
  correctAnswer: string
}

const columns: Column<Row>[] = [
  {
    header: 'RESULT',
    value: (r) => r.result,
    styled: (r, t) => (r.result === 'SUCCESS' ? t.green(r.result) : OK.has(r.result) ? t.yellow(r.result) : t.red(r.result)),
  },
  { header: 'FACTOR', value: (r) => r.factorId },
  { header: 'TRANSACTION', value: (r) => r.transactionId },
  { header: 'ANSWER', value: (r) => r.correctAnswer },
]

/**
 * Print Okta's verify/poll result (the object itself with --json) and turn a failed result into
 * exit 3. SUCCESS, CHALLENGE and WAITING exit 0.
 */
export async function printFactorResult(
  ctx: Context,
  result: FactorResult,
  factorId: string,
  opts: { transactionId?: string; waitTimedOut?: boolean } = {},
): Promise<void> {
  const row: Row = {
    result: typeof result.factorResult === 'string' && result.factorResult ? result.factorResult : 'UNKNOWN',
    factorId,
    transactionId: opts.transactionId ?? factorTransactionId(result) ?? '',
    correctAnswer: challengeNumber(result) ?? '',
  }
  if (ctx.out.json) ctx.out.printJson(result)
  else await ctx.out.printList([row], columns)
  if (opts.waitTimedOut) throw new VerificationError(`Gave up waiting: the result is still ${visible(row.result)}.`, 'Raise --wait-timeout, or poll again later.')
  if (!OK.has(row.result)) {
    throw new VerificationError(
      row.result === 'UNKNOWN' ? 'Not verified: Okta answered without a factorResult.' : `Verification ${visible(row.result.toLowerCase())}.`,
    )
  }
}

export function isFinalPushResult(r: FactorResult): boolean {
  return r.factorResult !== 'WAITING'
}
