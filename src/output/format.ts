import { visible } from './visible.js'

/** Small pure formatters used by tables and messages. */

export function relativeTime(iso: string | undefined, now: Date): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const s = Math.round((now.getTime() - t) / 1000)
  const abs = Math.abs(s)
  const unit = (n: number, u: string) => `${n} ${u}${n === 1 ? '' : 's'}`
  let text: string
  if (abs < 60) text = 'just now'
  else if (abs < 3600) text = unit(Math.floor(abs / 60), 'minute')
  else if (abs < 86400) text = unit(Math.floor(abs / 3600), 'hour')
  else if (abs < 86400 * 30) text = unit(Math.floor(abs / 86400), 'day')
  else if (abs < 86400 * 365) text = unit(Math.floor(abs / (86400 * 30)), 'month')
  else text = unit(Math.floor(abs / (86400 * 365)), 'year')
  if (text === 'just now') return text
  return s >= 0 ? `${text} ago` : `in ${text}`
}

/** Show enough of a secret to recognise it, never enough to use it. */
export function redactToken(token: string | undefined): string {
  if (!token) return ''
  if (token.length <= 12) return '****'
  return `${token.slice(0, 4)}…${token.slice(-2)} (redacted)`
}

/** TSV cells hold no tab, newline or other control character: each is shown as an escape (\t, \n, \e). */
export function tsvCell(v: unknown): string {
  return visible(v)
}
