import { visible } from './output/visible.js'
/**
 * Every failure the CLI can report, and the one function that turns a failure into an exit code.
 * Commands throw these; only main.ts catches them.
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  VERIFY_FAILED: 3,
  AUTH: 4,
  NOT_FOUND: 5,
  RATE_LIMITED: 6,
  BULK_FAILED: 7,
  CANCELLED: 130,
  /** A bulk run stopped by SIGHUP, a closed stdout (SIGPIPE's number) or SIGTERM: 128 + the signal. */
  HANGUP: 129,
  PIPE_CLOSED: 141,
  TERMINATED: 143,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export class CliError extends Error {
  readonly exitCode: ExitCodeValue
  readonly hint: string | undefined
  constructor(message: string, exitCode: ExitCodeValue, hint?: string) {
    super(message)
    this.name = new.target.name
    this.exitCode = exitCode
    this.hint = hint
  }
}

/** Bad flags or arguments; nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.USAGE, hint)
  }
}

/** Missing or unusable credentials, or a request refused for permission. */
export class AuthError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.AUTH, hint)
  }
}

export class NotFoundError extends CliError {
  /** The Okta answer this was made from, so --json errors still carry its status and ids. */
  readonly api: OktaApiError | undefined
  constructor(message: string, hint?: string, api?: OktaApiError) {
    super(message, ExitCode.NOT_FOUND, hint)
    this.api = api
  }
}

/** A verification that completed but did not succeed (REJECTED, TIMEOUT, a wait that ran out). */
export class VerificationError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.VERIFY_FAILED, hint)
  }
}

/** The operator declined, or pressed Ctrl-C. */
export class CancelledError extends CliError {
  constructor(message = 'Cancelled.') {
    super(message, ExitCode.CANCELLED)
  }
}

/** A bulk run finished with some rows failed. */
export class BulkFailedError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.BULK_FAILED)
  }
}

/** The network failed, or timed out, before Okta answered. */
export class NetworkError extends CliError {
  readonly method: string
  readonly url: string
  /** A change (not a GET) whose request had been written when the connection failed: it may have happened. */
  readonly mayHaveHappened: boolean
  constructor(message: string, method: string, url: string, hint?: string, requestSent = false) {
    super(message, ExitCode.FAILURE, hint)
    this.method = method
    this.url = url
    this.mayHaveHappened = requestSent && method !== 'GET'
  }
}

/**
 * Okta answered 2xx with a body oktactl cannot use: not JSON, the wrong shape, nested too deep, or
 * larger than the cap. Exit 1, naming the request; for a change, it may have been made.
 */
export class UnexpectedAnswerError extends CliError {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly why: string,
  ) {
    const path = visible(safePath(url))
    const change = method === 'GET' ? '' : ' The change may have been made: check before retrying.'
    super(`Okta returned an unexpected answer to ${method} ${path} (HTTP ${status}): ${why}.${change}`, ExitCode.FAILURE)
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

export interface OktaErrorBody {
  errorCode?: string
  errorSummary?: string
  errorLink?: string
  errorId?: string
  errorCauses?: Array<{ errorSummary?: string }>
}

/** Okta answered with a non-2xx status. */
export class OktaApiError extends CliError {
  readonly status: number
  readonly errorCode: string | undefined
  readonly errorSummary: string | undefined
  readonly errorCauses: string[]
  readonly errorId: string | undefined
  readonly requestId: string | undefined
  readonly method: string
  readonly url: string
  /**
   * A 5xx answer to a change (anything but GET): a gateway's 502 or 504 can come after Okta acted,
   * so the change may have been made, as after a connection lost once the request was sent.
   */
  readonly mayHaveHappened: boolean

  constructor(init: {
    status: number
    statusText?: string
    body: unknown
    requestId: string | undefined
    method: string
    url: string
  }) {
    // The body is the org's text: keep only fields of the expected type, so a hostile answer cannot crash us.
    const b = errorBody(init.body)
    const causes = (b.errorCauses ?? []).map((c) => c.errorSummary ?? '').filter(Boolean)
    const summary = visible(b.errorSummary ?? init.statusText ?? 'Request failed')
    const code = b.errorCode ? ` ${visible(b.errorCode)}` : ''
    const mayHaveHappened = init.status >= 500 && init.method !== 'GET'
    super(
      `Okta HTTP ${init.status}${code}: ${summary}`,
      exitCodeForStatus(init.status, b.errorCode),
      mayHaveHappened ? 'The change may have been made (a server error can come after it was): check before retrying.' : undefined,
    )
    this.mayHaveHappened = mayHaveHappened
    this.status = init.status
    this.errorCode = b.errorCode
    this.errorSummary = b.errorSummary
    this.errorCauses = causes
    this.errorId = b.errorId
    this.requestId = init.requestId
    this.method = init.method
    this.url = init.url
  }
}

function errorBody(raw: unknown): OktaErrorBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const r = raw as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 4096 ? v : undefined)
  const causes = Array.isArray(r.errorCauses) ? r.errorCauses.slice(0, 50) : []
  return {
    errorCode: str(r.errorCode),
    errorSummary: str(r.errorSummary),
    errorLink: str(r.errorLink),
    errorId: str(r.errorId),
    errorCauses: causes.map((c: unknown) => ({ errorSummary: str((c as Record<string, unknown> | null)?.errorSummary) })),
  }
}

/** Okta codes that mean "the code or answer was wrong", not "you may not". */
const VERIFY_CODES = new Set(['E0000068', 'E0000082', 'E0000083', 'E0000069'])

export function exitCodeForStatus(status: number, errorCode?: string): ExitCodeValue {
  if (errorCode && VERIFY_CODES.has(errorCode)) return ExitCode.VERIFY_FAILED
  if (status === 401 || status === 403) return ExitCode.AUTH
  if (status === 404) return ExitCode.NOT_FOUND
  if (status === 429) return ExitCode.RATE_LIMITED
  return ExitCode.FAILURE
}

export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof CliError) return err.exitCode
  return ExitCode.FAILURE
}

/** Why a run was asked to stop: a signal, or stdout closed by its reader (EPIPE). */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE'

/** The exit code for a run stopped by `reason`: 128 + the signal's number (SIGPIPE for EPIPE). */
export const STOP_EXIT = {
  SIGINT: ExitCode.CANCELLED,
  SIGTERM: ExitCode.TERMINATED,
  SIGHUP: ExitCode.HANGUP,
  EPIPE: ExitCode.PIPE_CLOSED,
} as const satisfies Record<StopReason, number>

/** How a stop is named in messages. */
export const STOP_WORDS: Record<StopReason, string> = { SIGINT: 'Interrupted', SIGTERM: 'Stopped by SIGTERM', SIGHUP: 'Stopped by SIGHUP', EPIPE: 'Stopped: the output was closed' }
