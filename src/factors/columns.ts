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

export function statusStyled(status: string, theme: ChalkInstance): string {
  if (status === 'ACTIVE') return theme.green(status)
  if (status === 'PENDING_ACTIVATION' || status === 'ENROLLED') return theme.yellow(status)
  return theme.dim(status)
}

export function factorColumns(now: () => Date): Column<UserFactor>[] {
  return [
    { header: 'ID', value: (f) => f.id },
    { header: 'TYPE', value: (f) => f.factorType },
    { header: 'PROVIDER', value: (f) => f.provider },
    { header: 'STATUS', value: (f) => f.status, styled: (f, t) => statusStyled(f.status, t) },
    { header: 'DETAIL', value: (f) => factorDetail(f) },
    { header: 'ENROLLED', value: (f) => f.created, styled: (f, t) => t.dim(relativeTime(f.created, now())) },
  ]
}
