import type { OktaClient } from '../../api/client.js'
import { isLoopbackHost } from '../../config/orgurl.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { CliError, ExitCode, NetworkError, UsageError } from '../../errors.js'

/** The profile `sandbox start` saves, and the one the other sandbox commands use by default. */
export const SANDBOX_PROFILE = 'sandbox'

/**
 * Like contextFor, but when nothing names an org (no --profile, --org, OKTACTL_PROFILE or
 * OKTA_CLIENT_ORGURL/OKTA_ORG_URL) the `sandbox` profile is used, so a CI job that points
 * OKTA_* at a sandbox works the same as a person with the saved profile.
 */
export function sandboxContext(cmd: { optsWithGlobals(): object }, services: Services): Context {
  const g = cmd.optsWithGlobals() as { profile?: string; org?: string }
  const e = services.env
  const named = g.profile || g.org || e.OKTACTL_PROFILE || e.OKTA_CLIENT_ORGURL || e.OKTA_ORG_URL
  return named ? contextFor(cmd, services) : contextFor(cmd, { ...services, env: { ...e, OKTACTL_PROFILE: SANDBOX_PROFILE } })
}

/** The API client, but only for a sandbox: the /_sandbox/ routes exist nowhere else. */
export async function sandboxApi(ctx: Context): Promise<OktaClient> {
  const api = await ctx.api()
  if (!isLoopbackHost(new URL(api.orgUrl).hostname)) {
    throw new UsageError(`${api.orgUrl} is not a sandbox org (sandboxes run on this machine).`, 'Use --profile sandbox, or start one with `oktactl sandbox start`.')
  }
  return api
}

/** Calls a /_sandbox/ route; a refused connection means the sandbox is not running. */
export async function sandboxRequest<T>(ctx: Context, path: string, opts: { method?: 'GET' | 'POST'; body?: unknown; query?: Record<string, string | undefined> } = {}): Promise<T> {
  const api = await sandboxApi(ctx)
  try {
    return (await api.request<T>(path, opts)).data
  } catch (err) {
    if (err instanceof NetworkError) {
      // On the port the profile points at: `sandbox start` picks a free one unless told.
      const port = new URL(api.orgUrl).port
      throw new CliError(`No sandbox answers at ${api.orgUrl}.`, ExitCode.FAILURE, `Start it with \`oktactl sandbox start${port ? ` --port ${port}` : ''}\` (it runs in the foreground, so use another terminal).`)
    }
    throw err
  }
}
