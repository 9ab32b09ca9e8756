import { displayWidth } from './fit.js'

/**
 * A message line laid out for a terminal `width` wide: broken between words, so an id, a phone
 * number or a login is never split by the terminal's own wrapping. A `Label:   value` line
 * continues under its value; other lines continue with a two-space indent.
 */
export function wrapMessage(line: string, width: number, hanging?: string): string {
  if (width < 20 || displayWidth(line) <= width) return line
  const label = /^(\S[^:]{0,20}:\s{2,})/.exec(line)?.[1]
  const indent = hanging ?? (label && displayWidth(label) < width / 2 ? ' '.repeat(displayWidth(label)) : '  ')
  const rows: string[] = []
  let row = ''
  for (const word of units(line)) {
    const candidate = row ? `${row} ${word}` : word
    if (row && displayWidth(candidate) > width) {
      rows.push(row)
      row = `${indent}${word}`
    } else {
      row = candidate
    }
  }
  rows.push(row)
  return rows.join('\n')
}

/** The line's words, except that a suggested command (`oktactl …` to the end, or to a closing backtick) is one unit: it must paste as one line. */
function units(line: string): string[] {
  const out: string[] = []
  let command: string[] | undefined
  for (const word of line.split(' ')) {
    if (!command && /^`?oktactl$/.test(word)) command = []
    if (!command) {
      out.push(word)
      continue
    }
    command.push(word)
    if (word.includes('`') && command.length > 1) {
      out.push(command.join(' '))
      command = undefined
    }
  }
  if (command) out.push(command.join(' '))
  return out
}
