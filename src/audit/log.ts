import type { FileHandle } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { redact } from '../api/redact.js'
import { stateDir, type Env } from '../config/paths.js'
import { openAppendOnly } from '../util/fs.js'

/**
 * The local audit log: one JSON object a line, appended, never rewritten. It records who changed
 * which user's factors, why (ticket), how the caller was verified, and what Okta said (request
 * id), so a helpdesk can answer "who reset this admin's MFA?" without the Okta System Log.
 */

/**
 * `intent` is written before a change is sent; `unknown` when the request went but no usable
 * answer came back (a connection reset after the request was written, a malformed 2xx): the
 * change may have happened.
 */
export type AuditOutcome = 'intent' | 'ok' | 'failed' | 'unknown' | 'refused' | 'cancelled' | 'dry-run'

export interface AuditFactor {
  id: string | null
  type: string
}

export interface CallerVerification {
  method: string
  factorId: string | null
  /** Okta's factorResult (SUCCESS, REJECTED, TIMEOUT …), WRONG_CODE, NO_FACTOR or WAIT_TIMEOUT. */
  result: string
}

export interface AuditEntry {
  time: string
  operator: string
  profile: string | null
  org: string | null
  command: string
  bulk: boolean
  userId: string | null
  login: string | null
  factors: AuditFactor[]
  ticket: string | null
  callerVerification: CallerVerification | null
  outcome: AuditOutcome
  /** Why it was refused, cancelled or failed (never a secret). */
  reason: string | null
  errorCode: string | null
  /** X-Okta-Request-Id of the (last) mutating response, or of the error. */
  requestId: string | null
  /** Every mutating response's request id, when there was more than one (e.g. --types sms,call). */
  requestIds?: string[]
  /** Reset and delete: whether --allow-admin was given. */
  allowAdmin?: boolean
  /** Reset and delete: the admin role types the user held (["unknown"] when they could not be read). */
  adminRoles?: string[]
  /** Reset and delete: whether --remove-recovery was given. */
  removeRecovery?: boolean
  /** A push sent to verify the caller that was still pending when the run stopped (its poll transaction id). */
  pendingTransaction?: string
  /** Sessions ended (users sessions revoke, --revoke-sessions); oauthTokens: tokens revoked too. */
  sessions?: { oauthTokens: boolean }
  /** A temporary access code was issued: whether multi-use, the TTL asked, its expiry. Never the code. */
  tac?: { multiUse: boolean; ttlMinutes: number | null; expiresAt: string | null }
}

/** Where the audit log lives: --audit-log, then OKTACTL_AUDIT_LOG, then <state dir>/audit.log. */
export function auditLogPath(env: Env, flag?: string): string {
  return flag || env.OKTACTL_AUDIT_LOG || join(stateDir(env), 'audit.log')
}

/** The OS user running oktactl (falls back to $USER / $USERNAME when the OS cannot say). */
export function operatorName(env: Env): string {
  try {
    const name = userInfo().username
    if (name) return name
  } catch {
    // no passwd entry (containers)
  }
  return env.USER || env.USERNAME || 'unknown'
}

/** One line of the log: redacted (belt and braces: no field should ever hold a secret), no newlines. */
export function auditLine(entry: AuditEntry): string {
  return `${JSON.stringify(redact(entry))}\n`
}

/**
 * An open audit log. Opened before a command changes anything, so a log that cannot be written
 * stops the command instead of leaving an unrecorded change. Appends are serialised; each line
 * is one write on an O_APPEND descriptor, so lines from concurrent oktactl processes never
 * interleave.
 */
export class AuditLog {
  private chain: Promise<void> = Promise.resolve()
  private closed = false

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  static async open(path: string): Promise<AuditLog> {
    // Never through a symlink, never to a device or FIFO; a looser mode on our own file is tightened.
    const { fh } = await openAppendOnly(path)
    return new AuditLog(path, fh)
  }

  append(entry: AuditEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error('audit log is closed'))
    const line = auditLine(entry)
    this.chain = this.chain.then(async () => {
      await this.fh.write(line)
    })
    return this.chain
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.chain
    } finally {
      await this.fh.close()
    }
  }
}
