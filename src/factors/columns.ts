import type { ChalkInstance } from 'chalk'
import type { UserFactor } from '../api/types.js'
import { relativeTime } from '../output/format.js'
import type { Column } from '../output/output.js'
import { visible } from '../output/visible.js'

/** The one human detail that tells factors of a type apart. */
export function factorDetail(f: { factorType?: string; profile?: Record<string, unknown> }): string {
  const p = f.profile ?? {}
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = p[k]
      if (typeof v === 'string' && v) return visible(v)
    }
    return ''
  }
  switch (f.factorType) {
    case 'sms':
    case 'call':
      return pick('phoneNumber') + (pick('phoneExtension') ? ` x${pick('phoneExtension')}` : '')
    case 'email':
      return pick('email')
    case 'push':
    case 'signed_nonce':
      return [pick('name', 'deviceType'), pick('platform')].filter(Boolean).join(' · ')
    case 'question':
      return pick('questionText', 'question')
    default:
      return pick('credentialId', 'authenticatorName', 'name')
  }
}

/** A device name or a question may be shortened; a phone number, an email address or a credential id is shown whole. */
export const detailIsFreeText = (f: { factorType?: string }): boolean => ['push', 'signed_nonce', 'question'].includes(f.factorType ?? '')

export function statusStyled(status: string, theme: ChalkInstance): string {
  if (status === 'ACTIVE') return theme.green(status)
  if (status === 'PENDING_ACTIVATION' || status === 'ENROLLED') return theme.yellow(status)
  return theme.dim(status)
}

/**
 * The factors a reset or delete removed (or, in a dry run, would remove): what happened to each
 * first, and no status column: a removed factor is not ACTIVE any more.
 */
export function removalColumns(now: () => Date, dryRun: boolean): Column<UserFactor>[] {
  const result = dryRun ? 'dry-run' : 'removed'
  return [
    { header: 'RESULT', value: () => result, styled: (_f, t) => (dryRun ? t.yellow(result) : t.red(result)) },
    ...factorColumns(now).filter((c) => c.header !== 'STATUS'),
  ]
}

export function factorColumns(now: () => Date): Column<UserFactor>[] {
  return [
    { header: 'ID', value: (f) => f.id },
    { header: 'TYPE', value: (f) => f.factorType },
    { header: 'PROVIDER', value: (f) => f.provider, optional: true },
    { header: 'STATUS', value: (f) => f.status, styled: (f, t) => statusStyled(f.status, t) },
    { header: 'DETAIL', value: (f) => factorDetail(f), shrink: detailIsFreeText },
    { header: 'ENROLLED', value: (f) => f.created, styled: (f, t) => t.dim(relativeTime(f.created, now())), optional: true },
  ]
}
