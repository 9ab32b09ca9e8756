/**
 * One place that knows which values are secret. Used by the --debug trace, error messages, JSON
 * output and the audit log, so a new secret field is added here once.
 */
const SECRET_KEYS = new Set(
  [
    'passCode', 'nextPassCode', 'answer', 'sharedSecret', 'secret', 'password', 'token',
    'access_token', 'refresh_token', 'id_token', 'client_assertion', 'client_secret',
    'privateKey', 'private_key', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'registrationData',
    'attestation', 'clientData', 'signatureData', 'authorization', 'dpop', 'apiToken', 'tac',
  ].map((k) => k.toLowerCase()),
)

export const REDACTED = '[REDACTED]'

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase())
}

/** A deep copy of `value` with every secret field replaced by [REDACTED]. */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => redact(v)) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (k === 'qrcode' && v && typeof v === 'object' && 'href' in v) {
        // An activation QR code image encodes the TOTP shared secret, or (push) lets whoever
        // scans it enroll as the user: a bearer link, so treated as a secret.
        out[k] = { ...(v as Record<string, unknown>), href: REDACTED }
        continue
      }
      out[k] = isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'object' ? REDACTED : redact(v)
    }
    return out as T
  }
  return value
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'dpop', 'cookie', 'set-cookie', 'x-api-key'])
const AUTH_SCHEME = /^(SSWS|Bearer|DPoP|Basic)(?= )/i

/**
 * Header values that carry credentials are redacted by the header's name, whatever the value
 * holds (a token with a \r or \n in it included); of Authorization only a known scheme is kept.
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase()
    if (!SECRET_HEADERS.has(lower)) out[k] = v
    else if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = AUTH_SCHEME.exec(v)?.[1]
      out[k] = scheme ? `${scheme} ${REDACTED}` : REDACTED
    } else out[k] = REDACTED
  }
  return out
}

/** Redact a request or response body given as text: JSON or an HTML form. */
export function redactBodyText(text: string): string {
  if (!text) return text
  try {
    return JSON.stringify(redact(JSON.parse(text)))
  } catch {
    // not JSON
  }
  if (/^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$/.test(text)) {
    const params = new URLSearchParams(text)
    for (const k of [...params.keys()]) if (isSecretKey(k)) params.set(k, REDACTED)
    return params.toString()
  }
  return text
}
