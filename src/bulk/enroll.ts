import type { OktaClient } from '../api/client.js'
import { enrollFactor } from '../api/factors.js'
import type { OktaUser } from '../api/types.js'
import { AuditSession, outcomeOf } from '../audit/record.js'
import type { Context } from '../context.js'
import { OktaApiError, UsageError } from '../errors.js'
import { factorDetail } from '../factors/columns.js'
import { buildEnrollPlan, resolveTypeAndProvider, secretsNeeded, type EnrollFlags } from '../factors/enroll-plan.js'
import { decideToAct, whoText, loadRows, lookupUser, plural, previewNote, resultOutput, type BulkCommonFlags } from './common.js'
import type { InputRow } from './input.js'
import type { ReportRow } from './report.js'
import { RowFailed, runBulk, type RowOutcome, type WorkTools } from './runner.js'

/** `factors enroll --users-file`: one factor type for every user; no per-user secrets. */

export type BulkEnrollFlags = BulkCommonFlags & EnrollFlags & {
  answer?: string
  passcode?: string
  nextPasscode?: string
  sharedSecret?: string
  secretFile?: string
  waitTimeout?: string
}

function listedPhone(row: InputRow): string | undefined {
  const p = row.resolved?.profile?.mobilePhone
  return typeof p === 'string' && p.trim() ? p.trim() : undefined
}

/** Per-row values a CSV may carry, used when the flag is not given. */
function rowFlags(o: BulkEnrollFlags, row: InputRow, user: OktaUser | undefined, factorType: string): EnrollFlags {
  const f = row.fields
  return {
    ...o,
    // A file gives phones in a column; a listing from the org has the profile's mobilePhone.
    phone: o.phone ?? (factorType === 'sms' || factorType === 'call' ? (f.phone ?? f.phonenumber ?? f.mobilephone ?? listedPhone(row)) : undefined),
    extension: o.extension ?? (factorType === 'call' ? f.extension : undefined),
    email: o.email ?? (factorType === 'email' ? (f.email ?? user?.profile?.email) : undefined),
  }
}

export async function bulkEnroll(o: BulkEnrollFlags, ctx: Context, args: string[]): Promise<void> {
  const { factorType, provider } = resolveTypeAndProvider(o)
  if (secretsNeeded(factorType, provider).length || o.answer || o.passcode || o.nextPasscode || o.sharedSecret) {
    throw new UsageError(`Bulk enrollment of ${factorType} would need a secret for every user; enroll those one at a time.`)
  }
  for (const [flag, v] of [['--wait', o.wait], ['--qr-file', o.qrFile], ['--secret-file', o.secretFile]] as const) {
    if (v) throw new UsageError(`${flag} does not apply to bulk runs.`)
  }
  // Okta shows each TOTP secret once, in the enroll answer, and a bulk run has nowhere to put it:
  // every user would be left with a pending factor nobody can activate.
  if (factorType === 'token:software:totp') {
    throw new UsageError(
      'Bulk enrollment of token:software:totp would lose every user\'s secret (Okta shows it once, when the factor is created). Nothing was sent.',
      'Enroll TOTP one user at a time with --secret-file <file> or --qr-file <png>, or let users enroll it themselves.',
    )
  }
  const { settings, rows } = await loadRows(ctx, o)
  // Check the flags once, with stand-in per-user values, before anything is sent.
  buildEnrollPlan({ ...o, phone: o.phone ?? (factorType === 'sms' || factorType === 'call' ? '+15550000000' : undefined), email: o.email ?? (factorType === 'email' ? 'x@example.com' : undefined) }, {})
  const listed = rows.list
  if ((factorType === 'sms' || factorType === 'call') && !o.phone && listed && !listed.every((r) => r.duplicateOf !== undefined || r.fields.phone || r.fields.phonenumber || r.fields.mobilephone)) {
    throw new UsageError(`--type ${factorType} needs a phone for every user: a phone column in the CSV, or --phone.`)
  }
  const act = await decideToAct(ctx, o.dryRun, `Enroll ${factorType} for ${whoText(rows)}?`)
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
      base = { userId: user.id, login: user.profile?.login ?? null }
      const same = tools.claim(user.id, row.line)
      if (same !== undefined) return { ...base, status: 'skipped', summary: `duplicate of line ${same} (the same user)` }
      const plan = buildEnrollPlan(rowFlags(o, row, user, factorType), {})
      const detail = factorDetail({ factorType, profile: plan.body.profile as Record<string, unknown> | undefined })
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
  if (!act) previewNote(ctx, o.dryRun, `enroll ${factorType} for ${plural(result.counts.ok, 'user')}`)
}
