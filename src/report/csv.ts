import { loadCsvStringify } from '../util/lazy.js'
import type { Posture } from './classify.js'

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (OWASP). */
export function inert(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
}

const briefs = (fs: Posture['active']) => fs.map((f) => `${f.type}${f.provider ? ` (${f.provider})` : ''}`).join('; ')

export interface CsvFormat {
  header: string
  row(u: Posture): string
}

/** One row per user with a header (RFC 4180, CRLF): the table's columns plus the user id. */
export async function csvFormat(withRoles: boolean): Promise<CsvFormat> {
  const { stringify } = await loadCsvStringify()
  const line = (cells: string[]) => stringify([cells.map(inert)], { record_delimiter: '\r\n' })
  return {
    header: line(['login', 'user_id', 'status', 'class', 'active_factors', 'pending_factors', 'newest_enrollment', ...(withRoles ? ['admin_roles'] : [])]),
    row: (u) =>
      line([u.login, u.userId, u.status, u.class, briefs(u.active), briefs(u.pending), u.newestEnrollment ?? '', ...(withRoles ? [(u.adminRoles ?? []).join('; ')] : [])]),
  }
}
