import { redact } from '../api/redact.js'
import type { ChalkInstance } from 'chalk'
import type { IO } from './io.js'
import { makeTheme } from './theme.js'
import { tsvCell } from './format.js'
import { cell, forTerminal, oneLine } from './visible.js'
import type { Column } from './columns.js'
import { ellipsis, fitColumns } from './fit.js'
import { wrapMessage } from './wrap.js'

export type Format = 'table' | 'tsv' | 'json'

export type { Column } from './columns.js'

/**
 * The one output module. stdout gets the result and nothing else: a table on a terminal,
 * tab-separated rows without a header when piped, or JSON. Messages, warnings and progress go
 * to stderr.
 */
export class Output {
  readonly io: IO
  readonly format: Format
  readonly theme: ChalkInstance
  /** Theme for stderr, which can be a terminal when stdout is not. */
  readonly errTheme: ChalkInstance

  constructor(io: IO, opts: { format: Format; color: boolean; errColor: boolean }) {
    this.io = io
    this.format = opts.format
    this.theme = makeTheme(opts.color)
    this.errTheme = makeTheme(opts.errColor)
  }

  get json(): boolean {
    return this.format === 'json'
  }

  /**
   * Write a JSON document to stdout, with every secret field redacted (src/api/redact.ts): the
   * one writer of JSON does it, so no call site can forget. `showSecrets` is for a value the
   * user asked for by name (the sandbox's own token), never for anything from an org.
   */
  printJson(value: unknown, opts: { showSecrets?: boolean } = {}): void {
    this.io.stdout.write(`${JSON.stringify((opts.showSecrets ? value : redact(value)) ?? null, null, 2)}\n`)
  }

  /**
   * A JSON document written as it is produced, for results too large to hold (an org-wide
   * report): `{ ...head, [key]: [items…], ...tail }`, pretty-printed like printJson and every
   * value redacted the same way.
   */
  jsonStream(head: Record<string, unknown>, key: string): { item(v: unknown): void; end(tail: Record<string, unknown>): void } {
    const w = (t: string) => this.io.stdout.write(t)
    const value = (v: unknown, indent: string) => (JSON.stringify(redact(v) ?? null, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`)
    w(`{\n${Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${value(v, '  ')},\n`).join('')}  ${JSON.stringify(key)}: [`)
    let any = false
    return {
      item: (v) => {
        w(`${any ? ',' : ''}\n    ${value(v, '    ')}`)
        any = true
      },
      end: (tail) => {
        w(`${any ? '\n  ' : ''}]${Object.entries(tail).map(([k, v]) => `,\n  ${JSON.stringify(k)}: ${value(v, '  ')}`).join('')}\n}\n`)
      },
    }
  }

  /** One row of tab-separated output, streamed (no header, like printList's TSV). */
  printTsvRow<T>(row: T, columns: Column<T>[]): void {
    this.io.stdout.write(forTerminal(`${columns.map((c) => tsvCell(c.value(row))).join('\t')}\n`))
  }

  /**
   * Print rows. In JSON mode `raw` (the API objects as Okta returned them) is printed instead.
   * An empty result prints `[]` in JSON mode, and otherwise a note on stderr.
   */
  async printList<T>(rows: T[], columns: Column<T>[], opts: { raw?: unknown; empty?: string; showSecrets?: boolean } = {}): Promise<void> {
    if (this.json) {
      this.printJson(opts.raw ?? rows, { showSecrets: opts.showSecrets })
      return
    }
    if (rows.length === 0) {
      if (opts.empty) this.note(opts.empty)
      return
    }
    if (this.format === 'tsv') {
      const lines = rows.map((r) => columns.map((c) => tsvCell(c.value(r))).join('\t'))
      this.io.stdout.write(forTerminal(`${lines.join('\n')}\n`))
      return
    }
    const { renderTable } = await import('./table.js')
    // Each cell is one inert line (cli-table3 would split a newline into rows); the table's own
    // colours are already real escape codes, so its text is written as it is.
    const shown = (c: Column<T>, r: T) => cell(c.styled ? c.styled(r, this.theme) : c.value(r))
    const fit = fitColumns(rows, columns, this.io.columns, shown)
    if (!fit.fits) {
      this.io.stdout.write(records(rows, columns, shown, this.theme, this.io.columns))
      return
    }
    const cells = rows.map((r) =>
      fit.columns.map((c) => {
        const limit = fit.limits.get(c)
        const mayShorten = typeof c.shrink === 'function' ? c.shrink(r) : Boolean(c.shrink)
        return limit !== undefined && mayShorten ? ellipsis(cell(c.value(r)), limit) : shown(c, r)
      }),
    )
    this.io.stdout.write(`${renderTable(fit.columns.map((c) => cell(c.header)), cells, this.theme)}\n`)
  }

  /** Human-only text on stdout (skipped in JSON mode). Our layout (newlines) is kept; nothing else drives the terminal. */
  printText(text: string): void {
    if (!this.json) this.io.stdout.write(forTerminal(text.endsWith('\n') ? text : `${text}\n`))
  }

  /** A drawing we made ourselves (the enrollment QR code), written as it is. Skipped in JSON mode. */
  printDrawing(text: string): void {
    if (!this.json) this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }

  /** A note for people, on stderr: one line (a newline in it is shown as \n). */
  note(message: string): void {
    this.io.stderr.write(`${this.fitted(oneLine(message))}\n`)
  }

  /** Several lines of note, each one line. */
  noteLines(lines: string[]): void {
    this.io.stderr.write(lines.map((l) => `${this.fitted(oneLine(l))}\n`).join(''))
  }

  /** A warning, on stderr, always. */
  warn(message: string): void {
    this.io.stderr.write(`${this.fitted(oneLine(`${this.errTheme.yellow('!')} ${message}`))}\n`)
  }

  /** On a terminal, a message broken between words at its width (ids and phone numbers stay whole). */
  private fitted(line: string): string {
    return this.io.stderrIsTTY ? wrapMessage(line, this.io.columns) : line
  }

  /** A success line, on stderr, only for a person at a terminal (gh's rule). */
  success(message: string): void {
    if (this.io.stderrIsTTY) this.io.stderr.write(`${oneLine(`${this.errTheme.green('✓')} ${message}`)}\n`)
  }
}

/**
 * Rows as records, one `HEADER  value` line per column and a blank line between rows: for a
 * terminal too narrow for the table, where the terminal's wrapping would split ids and numbers.
 */
function records<T>(rows: T[], columns: Column<T>[], shown: (c: Column<T>, r: T) => string, theme: ChalkInstance, width: number): string {
  const pad = Math.max(...columns.map((c) => c.header.length)) + 2
  return rows
    .map((r) =>
      columns
        .map((c) => wrapMessage(`${cell(theme.bold(c.header))}${' '.repeat(pad - c.header.length)}${shown(c, r)}`, width, ' '.repeat(pad)))
        .join('\n'),
    )
    .join('\n\n')
    .concat('\n')
}
