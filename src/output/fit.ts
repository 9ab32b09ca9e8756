import type { Column } from './columns.js'

/**
 * Make a table fit the terminal. First the free-text columns (a factor's detail, a device name, a
 * question) are shortened with an ellipsis, never below their header or a value that must stay
 * whole (an id, a phone number, a login); then columns marked optional are dropped, last first.
 * A table that still does not fit is drawn as it is: values are never split across lines.
 */

const GAP = 2
const MIN_FREE_TEXT = 12
// eslint-disable-next-line no-control-regex -- our own colour codes, measured out
const ANSI = /\u001b\[[0-9;]*m/g

export const displayWidth = (s: string) => s.replace(ANSI, '').length

export interface Fitted<T> {
  /** False when even the shortest table is wider than the terminal: print the rows as records instead. */
  fits: boolean
  columns: Column<T>[]
  /** The widest a column's cells may be, by column; absent means as wide as they are. */
  limits: Map<Column<T>, number>
}

export function fitColumns<T>(rows: T[], columns: Column<T>[], width: number, text: (c: Column<T>, r: T) => string): Fitted<T> {
  // A loop, not Math.max(...rows): a spread of 150,000 rows overflows the call stack.
  const widest = (c: Column<T>, of: T[], start: number) => of.reduce((m, r) => Math.max(m, displayWidth(text(c, r))), start)
  const widths = new Map(columns.map((c) => [c, widest(c, rows, displayWidth(c.header))]))
  const limits = new Map<Column<T>, number>()
  let shown = [...columns]
  const total = () => shown.reduce((sum, c) => sum + (limits.get(c) ?? widths.get(c) ?? 0), 0) + GAP * (shown.length - 1)
  for (const c of shown) {
    if (!c.shrink || total() <= width) continue
    const whole = rows.filter((r) => typeof c.shrink === 'function' && !c.shrink(r))
    const floor = widest(c, whole, Math.max(displayWidth(c.header), MIN_FREE_TEXT))
    const natural = widths.get(c) ?? 0
    const target = Math.max(floor, natural - (total() - width))
    if (target < natural) limits.set(c, target)
  }
  for (let i = shown.length - 1; i >= 0 && total() > width; i--) {
    const c = shown[i]
    if (c?.optional) shown = shown.filter((x) => x !== c)
  }
  return { fits: total() <= width, columns: shown, limits }
}

/** A plain value shortened to `max` columns with an ellipsis. */
export function ellipsis(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1)).trimEnd()}…`
}
