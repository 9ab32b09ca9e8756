import { AuthError, CliError, NetworkError, OktaApiError } from '../../../errors.js'

/** One doctor check's result, and how the checks turn an error into one. */

export type Verdict = 'ok' | 'warn' | 'fail' | 'skip'

export interface Check {
  id: string
  title: string
  verdict: Verdict
  detail: string
  hint?: string
  /** A failure here means credentials or permissions: exit 4 rather than 1. */
  auth?: boolean
}

export function isAuthFailure(err: unknown): boolean {
  return err instanceof AuthError || (err instanceof OktaApiError && (err.status === 401 || err.status === 403))
}

export function messageOf(err: unknown): string {
  if (err instanceof NetworkError || err instanceof CliError) return err.message
  return err instanceof Error ? err.message : String(err)
}

export function hintOf(err: unknown): string | undefined {
  return err instanceof CliError ? err.hint : undefined
}
