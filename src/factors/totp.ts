import type { UserFactor } from '../api/types.js'
import { writeFileAtomic } from '../util/fs.js'
import { loadQrCode } from '../util/lazy.js'

/** The otpauth:// URI authenticator apps scan, built from Okta's activation secret. */
export function otpauthUri(factor: UserFactor, account: string, orgUrl: string): string | undefined {
  const a = factor._embedded?.activation
  if (!a?.sharedSecret) return undefined
  const issuer = new URL(orgUrl).hostname
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`
  const params = new URLSearchParams({
    secret: a.sharedSecret,
    issuer,
    algorithm: 'SHA1',
    digits: String(a.keyLength ?? 6),
    period: String(a.timeStep ?? 30),
  })
  return `otpauth://totp/${label}?${params.toString()}`
}

/**
 * A QR code drawn with block characters for a terminal. With colour it is drawn black on white
 * (scans on dark themes too); without colour (NO_COLOR, --no-color) it uses plain characters.
 */
export async function terminalQr(uri: string, color: boolean): Promise<string> {
  const QRCode = await loadQrCode()
  return color ? QRCode.toString(uri, { type: 'terminal', small: true }) : QRCode.toString(uri, { type: 'utf8' })
}

/** A PNG QR code, written atomically with mode 0600: it holds the shared secret. */
export async function writeQrPng(uri: string, file: string): Promise<void> {
  const QRCode = await loadQrCode()
  const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 300 })
  await writeFileAtomic(file, png, 0o600)
}
