import type { Command } from 'commander'
import type { OktaClient } from '../../api/client.js'
import { isLoopbackHost } from '../../config/orgurl.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { CliError, ExitCode, NetworkError, UsageError } from '../../errors.js'

/** The profile `sandbox start` saves, and the one the other sandbox commands use by default. */
export const SANDBOX_PROFILE = 'sandbox'

/** Like contextFor, but without --profile or OKTACTL_PROFILE the `sandbox` profile is used. */
export function sandboxContext(cmd: Command, services: Services): Context {
  return contextFor(cmd, { ...services, env: { OKTACTL_PROFILE: SANDBOX_PROFILE, ...services.env } })
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
      throw new CliError(`No sandbox answers at ${api.orgUrl}.`, ExitCode.FAILURE, 'Start it with `oktactl sandbox start` (it runs in the foreground, so use another terminal).')
    }
    throw err
  }
}
