import { loadCsvStringify } from '../util/lazy.js'
import type { Posture } from './classify.js'

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (OWASP). */
export function inert(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
}

const briefs = (fs: Posture['active']) => fs.map((f) => `${f.type}${f.provider ? ` (${f.provider})` : ''}`).join('; ')

/** One row per user with a header; the same columns as the table, plus the user id. */
export async function reportCsv(users: Posture[], withRoles: boolean): Promise<string> {
  const { stringify } = await loadCsvStringify()
  const header = ['login', 'user_id', 'status', 'class', 'active_factors', 'pending_factors', 'newest_enrollment', ...(withRoles ? ['admin_roles'] : [])]
  const rows = users.map((u) => [
    u.login, u.userId, u.status, u.class, briefs(u.active), briefs(u.pending), u.newestEnrollment ?? '',
    ...(withRoles ? [(u.adminRoles ?? []).join('; ')] : []),
  ].map(inert))
  return stringify([header, ...rows], { record_delimiter: '\r\n' })
}
