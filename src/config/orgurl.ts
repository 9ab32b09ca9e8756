import { UsageError } from '../errors.js'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname)
}

/**
 * Check and normalise an org URL: https only (http for loopback test servers), no path, query
 * or credentials, no `-admin` host. Returns the origin, e.g. `https://dev-1.okta.com`.
 */
export function normalizeOrgUrl(input: string, source = 'org URL'): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new UsageError(`The ${source} "${input}" is not a URL.`, 'Use the form https://your-org.okta.com')
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `The ${source} ${url.origin} uses http://, which would send your credentials in clear text.`,
      'Use https://. Plain http:// is accepted only for loopback hosts (localhost, 127.0.0.1, ::1).',
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`The ${source} "${input}" must start with https://.`)
  }
  if (url.username || url.password) throw new UsageError(`The ${source} must not contain credentials.`)
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UsageError(`The ${source} "${input}" must not have a path or query.`, `Use ${url.origin}`)
  }
  // A fully qualified name's trailing dot (acme-admin.okta.com.) is the same host.
  if (/-admin\.(okta|oktapreview|okta-emea)\.com\.?$/i.test(url.hostname)) {
    const fixed = url.origin.replace(/-admin\./i, '.').replace(/\.(?=(:\d+)?$)/, '')
    throw new UsageError(`The ${source} ${url.origin} is the Admin Console address.`, `Use ${fixed}`)
  }
  return url.origin
}

/** A scheme, as in `https://` (or `ftp://`): without one, an org URL is a bare host. */
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i

/**
 * `acme.okta.com` → `https://acme.okta.com` (`http://` for a loopback host such as
 * `127.0.0.1:4567`, where the sandbox listens); undefined when the input has a scheme, or is
 * not a host even with one (normalizeOrgUrl then says so, naming what was typed).
 */
export function withAssumedScheme(input: string): string | undefined {
  const raw = input.trim()
  if (!raw || HAS_SCHEME.test(raw)) return undefined
  try {
    return `${isLoopbackHost(new URL(`https://${raw}`).hostname) ? 'http' : 'https'}://${raw}`
  } catch {
    return undefined
  }
}

/**
 * An org URL typed as a flag (`--org acme.okta.com`): a bare host is taken as https:// and
 * `assumed` is told so (once: the caller says it on stderr). Then the rules of normalizeOrgUrl
 * apply as to any org URL, so an explicit http:// stays refused for any host but loopback.
 * Environment variables, okta.yaml and stored profiles are not guessed at.
 */
export function normalizeOrgFlag(input: string, assumed: (message: string) => void, source?: string): string {
  const guessed = withAssumedScheme(input)
  if (guessed === undefined) return normalizeOrgUrl(input, source)
  const origin = normalizeOrgUrl(guessed, source)
  assumed(`Assuming ${origin} (the org URL had no scheme).`)
  return origin
}
