import type { OktaClient } from '../api/client.js'
import { enrollFactor } from '../api/factors.js'
import type { OktaUser } from '../api/types.js'
import { AuditSession, outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { OktaApiError, UsageError } from '../errors.js'
import { factorDetail } from '../factors/columns.js'
import { buildEnrollPlan, type EnrollSpec, type EnrollUserValues } from '../factors/enroll-plan.js'
import { decideToAct, whoText, openRows, lookupUser, plural, previewNote, resultOutput } from './common.js'
import type { InputRow } from './input.js'
import type { BulkSettings } from './options.js'
import type { ReportRow } from './report.js'
import { RowFailed, runBulk, type RowOutcome, type WorkTools } from './runner.js'
import { loginOf } from '../factors/resolve.js'

/** `factors enroll --users-file`: one factor type for every user; no per-user secrets. */

function listedPhone(row: InputRow): string | undefined {
  const p = row.resolved?.profile?.mobilePhone
  return typeof p === 'string' && p.trim() ? p.trim() : undefined
}

/** Per-row values a CSV may carry (or the user's profile), used where the flags leave them out. */
function userValues(row: InputRow, user: OktaUser | undefined, factorType: string): EnrollUserValues {
  const f = row.fields
  return {
    // A file gives phones in a column; a listing from the org has the profile's mobilePhone.
    phone: factorType === 'sms' || factorType === 'call' ? (f.phone ?? f.phonenumber ?? f.mobilephone ?? listedPhone(row)) : undefined,
    extension: factorType === 'call' ? f.extension : undefined,
    email: factorType === 'email' ? (f.email ?? user?.profile?.email) : undefined,
  }
}

/** What the parse step made of the flags: the spec (parseEnrollSpec, for many users) and where the users come from. */
export interface BulkEnrollRequest {
  spec: EnrollSpec
  settings: BulkSettings
  dryRun: boolean
  /** The command line as typed (for the resume hint). */
  args: string[]
}

export async function bulkEnroll(req: BulkEnrollRequest, ctx: Context): Promise<void> {
  const { spec, settings, args } = req
  const { factorType } = spec
  const rows = await openRows(ctx, settings)
  const listed = rows.list
  if ((factorType === 'sms' || factorType === 'call') && !spec.profile.phone && listed && !listed.every((r) => r.duplicateOf !== undefined || r.fields.phone || r.fields.phonenumber || r.fields.mobilephone)) {
    throw new UsageError(`--type ${factorType} needs a phone for every user: a phone column in the CSV, or --phone.`)
  }
  const act = await decideToAct(ctx, req.dryRun, `Enroll ${factorType} for ${whoText(rows)}?`)
  const audit = await AuditSession.open(ctx, 'factors enroll', { bulk: true })

  const work = async (row: InputRow, api: OktaClient, tools: WorkTools): Promise<RowOutcome> => {
    let base: { userId: string | null; login: string | null } = { userId: null, login: null }
    let recorded = false
    const record = async (r: Parameters<AuditSession['record']>[0]) => {
      recorded = r.outcome !== 'intent'
      await audit.record({ ...base, login: base.login ?? row.user, ...r })
    }
    try {
      const user = await lookupUser(api, row)
      base = { userId: user.id, login: loginOf(user) ?? null }
      const same = tools.claim(user.id, row.line)
      if (same !== undefined) return { ...base, status: 'skipped', summary: `duplicate of line ${same} (the same user)` }
      const plan = buildEnrollPlan(spec, {}, userValues(row, user, factorType))
      const detail = factorDetail({ factorType, profile: 'profile' in plan.body ? plan.body.profile : undefined })
      const what = `${factorType}${detail ? ` ${detail}` : ''}`
      if (!act) {
        await record({ outcome: 'dry-run', factors: [{ type: factorType }] })
        return { ...base, status: 'ok', summary: `would enroll ${what}`, factors: [{ id: null, type: factorType }] }
      }
      await record({ outcome: 'intent', factors: [{ type: factorType }] })
      try {
        const { data, requestId } = await enrollFactor(api, { userId: user.id, ...plan })
        await record({ outcome: 'ok', factors: [{ id: data.id, type: data.factorType }], requestIds: [requestId] })
        return { ...base, status: 'ok', summary: `enrolled ${what} (${data.status})`, requestId: requestId ?? null, factors: [{ id: data.id, type: data.factorType }] }
      } catch (err) {
        if (err instanceof OktaApiError && err.errorCode === 'E0000001' && err.errorCauses.some((c) => /already set up/i.test(c))) {
          await record({ outcome: 'failed', factors: [{ type: factorType }], error: err })
          return { ...base, status: 'skipped', errorCode: err.errorCode, summary: `already enrolled: ${factorType}`, requestId: err.requestId ?? null }
        }
        throw err
      }
    } catch (err) {
      if (!recorded) await record({ outcome: act ? outcomeOf(err) : 'dry-run', factors: [{ type: factorType }], error: err })
      throw new RowFailed(err, base)
    }
  }

  const result = await runBulk<ReportRow>({
    ctx,
    action: 'enroll',
    label: 'enroll',
    rows,
    settings,
    args,
    preview: !act,
    defaultReport: true,
    work,
    output: resultOutput,
    finish: () => audit.close(),
  })
  if (!act) previewNote(ctx, req.dryRun, `enroll ${factorType} for ${plural(result.counts.ok, 'user')}`)
}
