/**
 * Text from the org (names, device names, phone numbers, error texts, links) and from input files
 * must never drive the terminal. Two steps, one module:
 *
 * - `visible(value)` makes one value inert: every control character (C0, DEL, C1), line and
 *   paragraph separators, and the invisible bidi/format characters that reorder or hide text
 *   become printable escapes (`\e`, `\r`, `\n`, `\x9b`, `\u202e`). Applied to values as they are
 *   put into a message, so a newline in a lastName cannot fake a line of the confirmation screen.
 * - `forTerminal(text)` runs on everything written to stdout and stderr for people (tables, TSV,
 *   notes, warnings, errors, prompts, progress): the same escapes, except the newlines and tabs of
 *   our own layout, and except our own colours. Those come from the theme, which marks its escape
 *   codes with a per-process secret, so text from the org cannot forge one.
 *
 * JSON output is not touched: JSON.stringify already escapes the C0 characters, and stays exact.
 */

/** Stands for ESC in the theme's own colour codes until `forTerminal` writes them out. */
// Math.random is enough: nothing the org sends can observe it (and node:crypto stays unloaded).
export const OWN_ESC = `\uE000${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}\uE001`

// C0 and DEL and C1; U+061C arabic letter mark; U+180E; U+200B–U+200F zero-width and LRM/RLM;
// U+2028/U+2029 separators; U+202A–U+202E embeddings/overrides; U+2060–U+2064 and U+2066–U+2069
// invisible operators and isolates; U+FEFF BOM; U+FFF9–U+FFFB interlinear annotations.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LAYOUT_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g

const NAMED: Record<string, string> = { '\u001b': '\\e', '\r': '\\r', '\n': '\\n', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\u0000': '\\0' }

function escapeChar(c: string): string {
  const named = NAMED[c]
  if (named) return named
  const code = c.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** One value from the org or a file, made inert for a terminal (newlines included). */
export function visible(value: unknown): string {
  if (value === undefined || value === null) return ''
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- values are primitives from JSON; anything else prints as String() does
  return String(value).replace(UNSAFE, escapeChar)
}

/** Everything written for people: control characters escaped except our own newlines, tabs and colours. */
export function forTerminal(text: string): string {
  return text.replace(LAYOUT_UNSAFE, escapeChar).replaceAll(OWN_ESC, '\u001b')
}

/** A table cell: one line, inert, with our own colours restored for the table's width sums. */
export function cell(value: unknown): string {
  return visible(value).replaceAll(OWN_ESC, '\u001b')
}

/** A one-line message for people (note, warning): inert, newlines included, our colours restored. */
export function oneLine(text: string): string {
  return cell(text)
}
