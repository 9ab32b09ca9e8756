import Table from 'cli-table3'
import type { ChalkInstance } from 'chalk'
import { cell } from './visible.js'

/** Draw an aligned, borderless table for a terminal. Loaded lazily: piped output never pays for it. */
export function renderTable(headers: string[], rows: string[][], theme: ChalkInstance): string {
  const none = {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
    bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '',
    right: '', 'right-mid': '', middle: '',
  }
  const table = new Table({
    head: headers.map((h) => cell(theme.bold(h))),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
    chars: none,
    wordWrap: false,
  })
  for (const r of rows) table.push(r)
  return table
    .toString()
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
}
