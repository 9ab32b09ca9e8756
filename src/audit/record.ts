import type { OktaResponse } from '../api/client.js'
import type { Context } from '../context.js'
import { CancelledError, CliError, ExitCode, NetworkError, OktaApiError, UnexpectedAnswerError } from '../errors.js'
import {
  AuditLog, auditLogPath, operatorName,
  type AuditEntry, type AuditFactor, type AuditOutcome, type CallerVerification,
} from './log.js'

/** What a command knows about its target when it records an outcome. */
export interface AuditTarget {
  userId?: string | null
  login?: string | null
}

/** The entry's own optional fields, taken as they are (their meanings are on AuditEntry). */
type PassedThrough = Pick<AuditEntry, 'allowAdmin' | 'adminRoles' | 'removeRecovery' | 'pendingTransaction' | 'sessions' | 'tac'>

export interface AuditRecord extends AuditTarget, PassedThrough {
  outcome: AuditOutcome
  factors?: Array<{ id?: string | null; type?: string; factorType?: string }>
  callerVerification?: CallerVerification | null
  reason?: string | null
  errorCode?: string | null
  requestIds?: Array<string | undefined>
  /** The error that ended the attempt: fills reason, errorCode and requestId. */
  error?: unknown
}

/**
 * An audit session for one command: the log opened, the fields every line shares (operator,
 * profile, org, command, ticket) filled in once. Single commands record one line; bulk runs one
 * line per user.
 */
export class AuditSession {
  private constructor(
    private readonly log: AuditLog,
    private readonly ctx: Context,
    private readonly base: Pick<AuditEntry, 'operator' | 'profile' | 'org' | 'command' | 'bulk' | 'ticket'>,
  ) {}

  get path(): string {
    return this.log.path
  }

  static async open(ctx: Context, command: string, opts: { bulk?: boolean; ticket?: string | null } = {}): Promise<AuditSession> {
    const settings = await ctx.settings()
    const path = auditLogPath(ctx.env, ctx.globals.auditLog)
    let log: AuditLog
    try {
      log = await AuditLog.open(path)
    } catch (err) {
      throw new CliError(
        `Cannot write the audit log ${path}: ${(err as Error).message}. Nothing was changed.`,
        ExitCode.FAILURE,
        'Fix its permissions, or choose another file with --audit-log <file> or OKTACTL_AUDIT_LOG.',
      )
    }
    return new AuditSession(log, ctx, {
      operator: operatorName(ctx.env),
      profile: settings.profileName ?? null,
      org: settings.orgUrl,
      command,
      bulk: Boolean(opts.bulk),
      ticket: opts.ticket ?? null,
    })
  }

  async record(r: AuditRecord): Promise<void> {
    const err = r.error
    const ids = (r.requestIds ?? []).filter((x): x is string => Boolean(x))
    const errRequestId = err instanceof OktaApiError ? err.requestId : undefined
    if (errRequestId) ids.push(errRequestId)
    const entry: AuditEntry = {
      time: this.ctx.now().toISOString(),
      ...this.base,
      userId: r.userId ?? null,
      login: r.login ?? null,
      factors: (r.factors ?? []).map(toAuditFactor),
      callerVerification: r.callerVerification ?? null,
      outcome: r.outcome,
      reason: r.reason ?? (err === undefined ? null : reasonOf(err)),
      errorCode: r.errorCode ?? (err instanceof OktaApiError ? (err.errorCode ?? `HTTP ${err.status}`) : null),
      requestId: ids.at(-1) ?? null,
    }
    if (ids.length > 1) entry.requestIds = ids
    for (const k of ['allowAdmin', 'adminRoles', 'removeRecovery', 'pendingTransaction', 'sessions', 'tac'] as const) {
      if (r[k] !== undefined) (entry as unknown as Record<string, unknown>)[k] = r[k]
    }
    await this.log.append(entry)
  }

  close(): Promise<void> {
    return this.log.close()
  }
}

function toAuditFactor(f: { id?: string | null; type?: string; factorType?: string }): AuditFactor {
  return { id: f.id ?? null, type: f.type ?? f.factorType ?? 'unknown' }
}

export function reasonOf(err: unknown): string {
  if (err instanceof OktaApiError) return [err.message, ...err.errorCauses].join(' — ')
  if (err instanceof Error) return err.message
  return String(err)
}

/** cancelled / unknown (the change may have happened) / failed, for an error that ended an attempt. */
export function outcomeOf(err: unknown): AuditOutcome {
  if (err instanceof CancelledError) return 'cancelled'
  if (err instanceof CliError && err.exitCode === ExitCode.CANCELLED) return 'cancelled'
  if (err instanceof UnexpectedAnswerError && err.method !== 'GET') return 'unknown'
  if (err instanceof NetworkError && err.mayHaveHappened) return 'unknown'
  if (err instanceof OktaApiError && err.mayHaveHappened) return 'unknown'
  return 'failed'
}

/**
 * Run one mutating request and record it: `intent` before it goes, then `ok` with its
 * X-Okta-Request-Id, or `failed`/`unknown` with the error's. The log is opened first, so an unwritable log stops the change. Used by enroll and
 * activate, which change one factor with one request.
 */
export async function audited<T>(
  ctx: Context,
  what: { command: string; user: AuditTarget; factor?: { id?: string; factorType?: string } },
  send: () => Promise<OktaResponse<T>>,
): Promise<OktaResponse<T>> {
  const session = await AuditSession.open(ctx, what.command)
  try {
    let res: OktaResponse<T>
    // Intent first: a crash or kill while the request is out still leaves a trace.
    await session.record({ ...what.user, outcome: 'intent', factors: what.factor ? [what.factor] : [] })
    try {
      res = await send()
    } catch (err) {
      await session.record({ ...what.user, outcome: outcomeOf(err), factors: what.factor ? [what.factor] : [], error: err })
      throw err
    }
    const data = res.data as { id?: unknown; factorType?: unknown } | undefined
    const factor = {
      id: typeof data?.id === 'string' ? data.id : what.factor?.id,
      factorType: typeof data?.factorType === 'string' ? data.factorType : what.factor?.factorType,
    }
    await session.record({ ...what.user, outcome: 'ok', factors: [factor], requestIds: [res.requestId] })
    return res
  } finally {
    await session.close()
  }
}
