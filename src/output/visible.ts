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

// C0 and DEL and C1; U+061C arabic letter mark; U+2028/U+2029 separators; U+202A–U+202E
// embeddings/overrides; U+2066–U+2069 isolates; U+FFF9–U+FFFB interlinear annotations; and
// Unicode's default-ignorable code points, which render as nothing and so can make two logins or
// device names look alike: U+00AD soft hyphen, U+034F, U+115F/U+1160 and U+3164/U+FFA0 Hangul
// fillers, U+17B4/U+17B5, U+180B–U+180F, U+200B–U+200F zero-width and LRM/RLM, U+2060–U+206F,
// U+FEFF BOM, U+FFF0–U+FFF8, U+1BCA0–U+1BCA3, U+1D173–U+1D17A and the tag characters
// U+E0000–U+E0FFF. Not the variation selectors U+FE00–U+FE0F, which pick an emoji's form.
// (Plain UTF-16 classes, not \p{…} with /u: this runs on every line written for people.)
const INVISIBLE = '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff0-\\ufffb'
const ASTRAL = '\\ud82f[\\udca0-\\udca3]|\\ud834[\\udd73-\\udd7a]|[\\udb40-\\udb43][\\udc00-\\udfff]'
// eslint-disable-next-line no-misleading-character-class -- each combining mark (U+034F, U+180B–U+180F) is matched on its own, on purpose
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]|${ASTRAL}`, 'g')
// eslint-disable-next-line no-misleading-character-class -- as above
const LAYOUT_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${INVISIBLE}]|${ASTRAL}`, 'g')

const NAMED: Record<string, string> = { '\u001b': '\\e', '\r': '\\r', '\n': '\\n', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\u0000': '\\0' }

function escapeChar(c: string): string {
  const named = NAMED[c]
  if (named) return named
  const code = c.codePointAt(0) ?? 0
  if (code > 0xffff) return `\\u{${code.toString(16)}}`
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** One value from the org or a file, made inert for a terminal (newlines included). */
export function visible(value: unknown): string {
  if (value === undefined || value === null) return ''
  // An object or array where a string was expected (the org's answer is untrusted): its JSON, not
  // String(), which calls the org's own toString, or throws on one that is not a function.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects (and functions, which JSON never holds) take the JSON branch
  const text = typeof value === 'object' || typeof value === 'function' ? safeJson(value) : String(value)
  return text.replace(UNSAFE, escapeChar)
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return '[unprintable]'
  }
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
