import { CLASSES, type MfaClass, type Posture } from './classify.js'

export interface Count {
  count: number
  /** Of the users reported (failed users excluded), 0–100, one decimal. */
  percent: number
}

/** What the report says about the org as a whole (also the `summary` of --json). */
export interface Summary {
  users: number
  failed: number
  byClass: Record<MfaClass, Count>
  /** Users with at least one ACTIVE factor of the type, most common first. */
  byFactorType: Array<{ type: string } & Count>
  /** Lists that need someone to act (logins). */
  actions: {
    noMfa: string[]
    phishableOnly: string[]
    /** With --with-roles: admins whose best factor is not phishing-resistant. */
    adminsWithoutPhishingResistant?: string[]
  }
  withRoles: boolean
}

const pct = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0)

/**
 * Counts users as they are read, keeping only the counts and the logins that need action, so a
 * report's memory does not grow with the org (the per-user rows stream to their files).
 */
export class SummaryBuilder {
  private n = 0
  private readonly classCounts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<MfaClass, number>
  private readonly typeCounts = new Map<string, number>()
  private readonly noMfa: string[] = []
  private readonly phishableOnly: string[] = []
  private readonly admins: string[] = []

  constructor(private readonly withRoles: boolean) {}

  add(u: Posture): void {
    this.n++
    this.classCounts[u.class]++
    for (const t of new Set(u.active.map((f) => f.type))) this.typeCounts.set(t, (this.typeCounts.get(t) ?? 0) + 1)
    if (u.class === 'none') this.noMfa.push(u.login)
    if (u.class === 'phishable-only') this.phishableOnly.push(u.login)
    if ((u.adminRoles?.length ?? 0) > 0 && u.class !== 'phishing-resistant') this.admins.push(u.login)
  }

  finish(failed: number): Summary {
    const n = this.n
    const byClass = Object.fromEntries(CLASSES.map((c) => [c, { count: this.classCounts[c], percent: pct(this.classCounts[c], n) }])) as Record<MfaClass, Count>
    const byFactorType = [...this.typeCounts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([type, count]) => ({ type, count, percent: pct(count, n) }))
    return {
      users: n,
      failed,
      byClass,
      byFactorType,
      actions: {
        noMfa: [...this.noMfa],
        phishableOnly: [...this.phishableOnly],
        ...(this.withRoles ? { adminsWithoutPhishingResistant: [...this.admins] } : {}),
      },
      withRoles: this.withRoles,
    }
  }
}

/** The summary for a person at a terminal: counts, percentages and the first few of each list. */
export function summaryLines(s: Summary, label: string, show = 10): string[] {
  const lines = [`MFA posture of ${s.users} user${s.users === 1 ? '' : 's'} (${label})${s.failed ? `; ${s.failed} could not be read` : ''}:`]
  for (const c of CLASSES) lines.push(`  ${c.padEnd(20)}${String(s.byClass[c].count).padStart(7)}  ${s.byClass[c].percent.toFixed(1).padStart(5)}%`)
  if (s.byFactorType.length) {
    lines.push('Users with an ACTIVE factor of each type:')
    for (const t of s.byFactorType) lines.push(`  ${t.type.padEnd(20)}${String(t.count).padStart(7)}  ${t.percent.toFixed(1).padStart(5)}%`)
  }
  const list = (title: string, xs: string[] | undefined) => {
    if (xs === undefined) return
    lines.push(`${title}: ${xs.length}`)
    if (xs.length) lines.push(`    ${xs.slice(0, show).join(', ')}${xs.length > show ? `, … and ${xs.length - show} more (see --csv or --html)` : ''}`)
  }
  lines.push('Needs action:')
  list('  No MFA at all', s.actions.noMfa)
  list('  Only phishable factors (sms, call, email, question)', s.actions.phishableOnly)
  list('  Admins without a phishing-resistant factor', s.actions.adminsWithoutPhishingResistant)
  return lines
}
