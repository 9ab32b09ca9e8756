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
