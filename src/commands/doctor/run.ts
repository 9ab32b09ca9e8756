import type { ResponseInfo } from '../../api/client.js'
import { isOAuthAuth } from '../../auth/index.js'
import type { Settings } from '../../config/settings.js'
import type { Context } from '../../context.js'
import type { Connection } from '../../config/connect.js'
import { AuthError, CliError, ExitCode } from '../../errors.js'
import { hintOf, messageOf, type Check, type Verdict } from './checks/check.js'
import { cacheCheck, keyCheck, oauthChecks, sswsChecks } from './checks/credentials.js'
import { clockCheck, proxyCheck, rateLimitCheck, reachability } from './checks/network.js'
import { engineCheck } from './checks/engine.js'
import { forTerminal } from '../../output/visible.js'

export type { Check, Verdict } from './checks/check.js'
export { scopeCheck } from './checks/credentials.js'
export { SKEW_FAIL_MS, SKEW_WARN_MS, clockCheck, rateLimitCheck } from './checks/network.js'

/**
 * Run every check, print them (stdout: the result), and fail with exit 4 if credentials or
 * permissions failed, 1 if anything else did. Later checks are skipped when what they need
 * (settings, a reachable org, a token) failed.
 */
export async function runDoctor(ctx: Context): Promise<void> {
  const checks: Check[] = []
  const add = (c: Check) => checks.push(c)
  let orgUrl: string | undefined
  try {
    await probe(ctx, add, (u) => (orgUrl = u))
  } catch (err) {
    // Print what was found even when a check threw something unexpected.
    add({ id: 'internal', title: 'Doctor', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
  }
  print(ctx, orgUrl, checks)
  const failed = checks.filter((c) => c.verdict === 'fail')
  if (failed.length) {
    const code = failed.some((c) => c.auth) ? ExitCode.AUTH : ExitCode.FAILURE
    throw new CliError(`doctor: ${failed.length} of ${checks.length} checks failed (${failed.map((c) => c.title).join(', ')}).`, code)
  }
}

async function probe(ctx: Context, emit: (c: Check) => void, setOrg: (u: string) => void): Promise<void> {
  const seen: Check[] = []
  const add = (c: Check) => {
    seen.push(c)
    emit(c)
  }
  // 1. Configuration.
  let s: Settings
  try {
    s = await ctx.settings()
  } catch (err) {
    add({ id: 'config', title: 'Configuration', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
    return
  }
  setOrg(s.orgUrl)
  const profile = s.profileName ? `profile "${s.profileName}"; ` : ''
  add({
    id: 'config',
    title: 'Configuration',
    verdict: 'ok',
    detail:
      `${profile}org ${s.orgUrl} from ${String(s.sources.orgUrl)}; ${s.credentials.mode === 'SSWS' ? 'API token' : 'OAuth service app'} from ${String(s.sources.credentials)}` +
      `${s.readOnly || ctx.globals.readOnly ? '; read-only' : ''}${s.skipped.length ? `; skipped ${s.skipped.join('; ')}` : ''}`,
  })

  // 2. Credentials can be built (the key loads); proxy and cache settings.
  let conn: Connection
  try {
    conn = await ctx.connect({ tokenCache: false })
  } catch (err) {
    add({ id: 'key', title: 'Private key', verdict: 'fail', detail: messageOf(err), hint: hintOf(err), auth: err instanceof AuthError })
    return
  }
  const oauth = isOAuthAuth(conn.auth) ? conn.auth : undefined
  if (oauth) add(keyCheck(oauth))
  add(proxyCheck(conn))

  const responses: ResponseInfo[] = []
  const unsubscribe = ctx.onApiResponse((info) => responses.push(info))
  try {
    // 3. Reachability (no credentials sent) and 4. the clock, from that answer's Date header.
    const reached = await reachability(conn, responses)
    add(reached.check)
    if (!reached.ok) {
      for (const [id, title] of [['clock', 'Clock'], ['credentials', 'Credentials'], ['mode', 'Auth mode'], ['scopes', 'Scopes'], ['ratelimit', 'Rate limit'], ['engine', 'Identity Engine']] as const) {
        add({ id, title, verdict: 'skip', detail: 'org not reachable' })
      }
      return
    }
    add(clockCheck(reached.date, ctx.now().getTime(), s.credentials.mode))

    // 5–7. Credentials, auth mode, scopes.
    const client = conn.clientWith(conn.auth, { maxRetries: 0, readOnly: true })
    if (oauth) await oauthChecks(oauth, client, s, ctx, add)
    else await sswsChecks(client, add)

    // 8. Rate-limit headroom from the last answer that had the headers.
    add(rateLimitCheck([...responses].reverse().find((r) => r.headers.get('x-rate-limit-limit') !== null)))

    // 9. Identity Engine's APIs (authenticator enrollments, TAC): a warning when absent.
    if (seen.some((c) => c.verdict === 'fail')) add({ id: 'engine', title: 'Identity Engine', verdict: 'skip', detail: 'an earlier check failed' })
    else add(await engineCheck(client))
  } finally {
    unsubscribe()
  }
  add(cacheCheck(ctx, conn))
}

const MARK: Record<Verdict, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' }

function print(ctx: Context, orgUrl: string | undefined, checks: Check[]): void {
  const failed = checks.filter((c) => c.verdict === 'fail')
  if (ctx.out.json) {
    ctx.out.printJson({
      ok: failed.length === 0,
      exitCode: failed.length === 0 ? 0 : failed.some((c) => c.auth) ? ExitCode.AUTH : ExitCode.FAILURE,
      orgUrl: orgUrl ?? null,
      checks: checks.map(({ id, title, verdict, detail, hint }) => ({ id, title, verdict, detail, ...(hint ? { hint } : {}) })),
    })
    return
  }
  const t = ctx.out.theme
  const paint: Record<Verdict, (s: string) => string> = { ok: t.green, warn: t.yellow, fail: t.red, skip: t.dim }
  const width = Math.max(...checks.map((c) => c.title.length))
  const lines = checks.map((c) => {
    const head = `${paint[c.verdict](MARK[c.verdict].padEnd(4))}  ${c.title.padEnd(width)}  ${c.detail}`
    return c.hint ? `${head}\n${' '.repeat(width + 8)}→ ${c.hint}` : head
  })
  ctx.io.stdout.write(forTerminal(`${lines.join('\n')}\n`))
}
