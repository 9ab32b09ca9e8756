import type { Help } from 'commander'

/**
 * Help that fits the terminal. commander wraps an option's description only when the column
 * left beside the longest term is 40 wide, so one long term (`poll <user> <factor>
 * <transaction>`) left every line of a help screen at full length, cut mid-word by the terminal.
 * Here the term column is capped; a longer term gets a line of its own with the description
 * below it. The texts we add after the generated help are reflowed to the same width.
 */

const ITEM_INDENT = 2
const SPACER = 2

/** The widest the term column grows, for a given help width. */
export const termColumnCap = (width: number) => Math.max(16, Math.min(34, Math.floor(width * 0.4)))

/** Overrides for commander's Help (pass to configureHelp). */
export const helpLayout: Partial<Help> = {
  padWidth(this: Help, cmd, helper) {
    const longest = Math.max(
      helper.longestOptionTermLength(cmd, helper),
      helper.longestGlobalOptionTermLength(cmd, helper),
      helper.longestSubcommandTermLength(cmd, helper),
      helper.longestArgumentTermLength(cmd, helper),
    )
    return Math.min(longest, termColumnCap(this.helpWidth ?? 80))
  },
  formatItem(this: Help, term, termWidth, description, helper) {
    const indent = ' '.repeat(ITEM_INDENT)
    if (!description) return indent + term
    const width = this.helpWidth ?? 80
    const column = ITEM_INDENT + termWidth + SPACER
    const body = wrapWords(description, Math.max(20, width - column)).map((l) => ' '.repeat(column) + l)
    const termFits = helper.displayWidth(term) <= termWidth
    if (!termFits) return [indent + term, ...body].join('\n')
    const first = (indent + term).padEnd(column) + (body[0] ?? '').slice(column)
    return [first, ...body.slice(1)].join('\n')
  },
}

/** Words of a text laid out in lines of at most `width` columns (a longer word gets its own line). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line || lines.length === 0) lines.push(line)
  return lines
}

/**
 * Reflow help text to `width` columns. Paragraphs (lines at the margin, up to a blank line or a
 * heading) are joined and wrapped; an indented two-column line (`  --flag   what it does`, an exit
 * code, a variable) wraps under its second column; an example (`  $ oktactl …`) breaks with a
 * shell line continuation, so it still pastes as one command. Text that fits is left as it is.
 */
export function reflow(text: string, width: number): string {
  const out: string[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (isProse(line)) {
      const para = [line]
      while (i + 1 < lines.length && isProse(lines[i + 1] ?? '')) para.push(lines[++i] ?? '')
      out.push(...(para.length === 1 && line.length <= width ? [line] : wrapWords(para.join(' '), width)))
      continue
    }
    out.push(...wrapLine(line, width))
  }
  return out.join('\n')
}

/** A line of running text at the left margin (not a heading like "Examples:", not "Usage: …"). */
function isProse(line: string): boolean {
  return /^\S/.test(line) && !line.endsWith(':') && !line.startsWith('Usage:')
}

function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line]
  const example = /^(\s*)\$ /.exec(line)
  if (example) {
    const indent = `${example[1] ?? ''}    `
    const words = shellWords(line.trim())
    const rows: string[] = []
    let row = `${example[1] ?? ''}${words.shift() ?? ''}`
    for (const w of words) {
      if (row.length + 1 + w.length + 2 > width && row.trim() !== '$') {
        rows.push(`${row} \\`)
        row = indent + w
      } else {
        row = `${row} ${w}`
      }
    }
    rows.push(row)
    return rows
  }
  const indent = /^\s*/.exec(line)?.[0] ?? ''
  const columns = /^(\s+\S(?:.*?\S)?\s{2,})(\S.*)$/.exec(line)
  if (columns) {
    const lead = columns[1] ?? ''
    if (lead.length <= width / 2) {
      const [first = '', ...rest] = wrapWords(columns[2] ?? '', width - lead.length)
      return [lead + first, ...rest.map((r) => ' '.repeat(lead.length) + r)]
    }
    // The first column is too wide to keep beside: the second goes below it.
    const below = `${indent}    `
    return [lead.trimEnd(), ...wrapWords(columns[2] ?? '', width - below.length).map((r) => below + r)]
  }
  return wrapWords(line, width - indent.length).map((l) => indent + l)
}

/** An example's words, a quoted string with its spaces counting as one: a ` \\` inside quotes would be pasted literally. */
function shellWords(line: string): string[] {
  return line.match(/(?:[^\s'"]+|'[^']*'|"(?:[^"\\]|\\.)*")+/g) ?? []
}
