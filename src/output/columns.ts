import type { ChalkInstance } from 'chalk'

/** A column of the one output module's tables and TSV (output.ts), apart from it so fit.ts, which output.ts imports, can name it without a cycle. */
export interface Column<T> {
  header: string
  /** Plain value: used for TSV and, unless `styled` is given, for the table. */
  value: (row: T) => string | number | undefined
  /** The value as shown in a terminal table (colour, relative time). */
  styled?: (row: T, theme: ChalkInstance) => string
  /**
   * Free text, shortened with an ellipsis when the table is wider than the terminal; a function
   * says which rows' values may be (a phone number or an email address in the same column may not).
   */
  shrink?: boolean | ((row: T) => boolean)
  /** Dropped from a terminal table that is still too wide (never from TSV or JSON). */
  optional?: boolean
}
