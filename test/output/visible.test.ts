import { describe, expect, it } from 'vitest'
import { makeTheme } from '../../src/output/theme.js'
import { shellArg } from '../../src/output/shell.js'
import { cell, forTerminal, oneLine, visible } from '../../src/output/visible.js'

const HOSTILE = 'a\u001b[8mb\u001b]52;c;ZXZpbA==\u0007c\u001b]8;;https://evil/\u001b\\d\re\u009bf\u202eg\u2028h\u0000i\u007f'

describe('visible: the org’s text made inert', () => {
  it('escapes C0, DEL, C1, ESC sequences, separators and bidi overrides as printable escapes', () => {
    expect(visible(HOSTILE)).toBe('a\\e[8mb\\e]52;c;ZXZpbA==\\x07c\\e]8;;https://evil/\\e\\d\\re\\x9bf\\u202eg\\u2028h\\0i\\x7f')
    expect(visible('line1\nAdmin roles: none\ttab')).toBe('line1\\nAdmin roles: none\\ttab')
  })

  it('leaves ordinary text, accents, CJK and emoji alone, and is idempotent', () => {
    const plain = 'Zoë Ångström 山田 🙂 +1 555-0100'
    expect(visible(plain)).toBe(plain)
    expect(visible(visible(HOSTILE))).toBe(visible(HOSTILE))
    expect(visible(undefined)).toBe('')
    expect(visible(42)).toBe('42')
  })

  it('forTerminal keeps our newlines and tabs, escapes the rest', () => {
    expect(forTerminal('one\n\ttwo\u001b[2J\r')).toBe('one\n\ttwo\\e[2J\\r')
  })

  it('escapes the default-ignorable code points that render as nothing (two logins that look alike), but not emoji variation selectors', () => {
    expect(visible('ad\u00admin\u034f\u3164\uffa0\u115f\u17b4\u180b\u2065\u206f')).toBe('ad\\xadmin\\u034f\\u3164\\uffa0\\u115f\\u17b4\\u180b\\u2065\\u206f')
    // Tag characters (U+E0041 'A', U+E007F cancel tag) hide text in plain sight; astral, so \u{…}.
    expect(visible('admin\u{e0041}\u{e007f}@x')).toBe('admin\\u{e0041}\\u{e007f}@x')
    expect(visible('\u{1bca0}\u{1d173}')).toBe('\\u{1bca0}\\u{1d173}')
    expect(visible('\u2764\ufe0f phone 👍🏽')).toBe('\u2764\ufe0f phone 👍🏽')
    expect(forTerminal('a\u00ad\n\tb\u{e0020}')).toBe('a\\xad\n\tb\\u{e0020}')
  })

  it('an object where a string was expected prints as its JSON, and never runs (or trips on) its own toString', () => {
    expect(visible({ toString: 1 })).toBe('{"toString":1}')
    expect(visible(['a\nb'])).toBe('["a\\nb"]')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(visible(cyclic)).toBe('[unprintable]')
  })

  it('oneLine and cell escape newlines too', () => {
    expect(oneLine('x\ny')).toBe('x\\ny')
    expect(cell('x\ny')).toBe('x\\ny')
  })
})

describe('the theme: our colours stay ours, the org’s never pass', () => {
  it('with colour on, our SGR codes come out real; an ESC inside styled org text is escaped', () => {
    const t = makeTheme(true)
    expect(forTerminal(t.red(`x ${HOSTILE}`))).toBe(`\u001b[31mx ${visible(HOSTILE)}\u001b[39m`)
    expect(forTerminal(t.red.bold('a'))).toBe('\u001b[31m\u001b[1ma\u001b[22m\u001b[39m')
    expect(cell(t.green('ok'))).toBe('\u001b[32mok\u001b[39m')
  })

  it('an org string cannot forge our marker', () => {
    const t = makeTheme(true)
    const forged = '\uE000deadbeef\uE001[8m'
    expect(forTerminal(`${forged}${t.dim('x')}`)).not.toContain('\u001b[8m')
  })

  it('with colour off, nothing is added', () => {
    expect(forTerminal(makeTheme(false).red.bold('a'))).toBe('a')
  })
})

describe('shellArg: printed next steps cannot run anything when pasted', () => {
  it('quotes anything but a plain word', () => {
    expect(shellArg('mbl1abc')).toBe('mbl1abc')
    expect(shellArg('alice@example.com')).toBe('alice@example.com')
    expect(shellArg('mbl1;touch${IFS}pwned;#')).toBe("'mbl1;touch${IFS}pwned;#'")
    expect(shellArg("o'brien $(id)")).toBe("'o'\\''brien $(id)'")
    expect(shellArg('')).toBe("''")
  })
})
