import { UsageError } from '../errors.js'

/**
 * Build an API path with every interpolated value URL-encoded as one path segment, so a user
 * named `../../apps` or `a/b@c` can never reach another endpoint:
 *   apiPath`/api/v1/users/${user}/factors`
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? ''
  values.forEach((v, i) => {
    const s = String(v)
    if (s === '' || s === '.' || s === '..') throw new UsageError(`"${s}" is not a valid id or login.`)
    out += encodeURIComponent(s) + (strings[i + 1] ?? '')
  })
  return out
}
