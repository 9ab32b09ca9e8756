import type { Context } from '../context.js'
import { UsageError } from '../errors.js'
import { readSecret } from '../prompt/stdin.js'

/**
 * Long-lived secrets (a security answer, a token's shared secret) are never taken from argv,
 * where `ps`, shell history and CI logs keep them: only `-` (stdin) or, left out, a hidden prompt.
 * One-time codes (--code, --passcode, --next-code) may stay on argv: they are spent by the request
 * that carries them and expire within minutes, and scripts pass codes their own tooling generated.
 */
const LONG_LIVED = new Set(['--answer', '--shared-secret'])

export function refuseLiteralSecret(flag: string, value: string | undefined): void {
  if (value === undefined || value === '-') return
  throw new UsageError(
    `${flag} takes no value on the command line, where process lists and shell history would keep it.`,
    `Use ${flag} - and pipe it in (e.g. printf '%s\\n' "$SECRET" | oktactl … ${flag} -), or leave ${flag} out at a terminal to be asked with the input hidden.`,
  )
}

/**
 * A secret flag's value: `-` reads it from stdin; absent, a person at a terminal is asked
 * (masked); otherwise it is a usage error. A required secret is always a string.
 */
export async function secretValue(ctx: Context, value: string | undefined, opts: { flag: string; prompt: string; required: true }): Promise<string>
export async function secretValue(ctx: Context, value: string | undefined, opts: { flag: string; prompt: string; required: boolean }): Promise<string | undefined>
export async function secretValue(
  ctx: Context,
  value: string | undefined,
  opts: { flag: string; prompt: string; required: boolean },
): Promise<string | undefined> {
  if (value === '-') {
    // At a terminal, `-` waits for end of input: say so rather than hang silently.
    if (ctx.io.stdinIsTTY) ctx.out.note(`Reading ${opts.flag} from stdin; type it, then Enter and Ctrl-D.`)
    const v = await readSecret(ctx.io.stdin)
    if (!v) throw new UsageError(`${opts.flag} - read nothing from stdin.`)
    return v
  }
  const longLived = LONG_LIVED.has(opts.flag)
  if (value !== undefined) {
    if (longLived) refuseLiteralSecret(opts.flag, value)
    if (!value.trim()) throw new UsageError(`${opts.flag} must not be empty.`)
    return value.trim()
  }
  if (!opts.required) return undefined
  if (ctx.canPrompt) return (await ctx.prompt.password(opts.prompt, (v) => (v.trim() ? true : 'Required'))).trim()
  throw new UsageError(
    `${opts.flag} is required when oktactl cannot ask (no terminal, or --no-input).`,
    longLived ? `Pass ${opts.flag} - and the value on stdin.` : `Pass ${opts.flag} <value>, or ${opts.flag} - to read it from stdin.`,
  )
}
