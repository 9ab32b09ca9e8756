import QRCode from 'qrcode'
import { oktaErrors } from '../errors.js'
import { type Ctx, type Reply, factorFromPath, userFromPath } from './context.js'

const ISSUER = 'oktactl sandbox'

/** GET …/factors/{factorId}/qr/{token}: the activation QR code as a PNG (the `qrcode` link). */
export async function getQrCode(ctx: Ctx): Promise<Reply> {
  const u = userFromPath(ctx)
  const f = factorFromPath(ctx, u)
  if (!f.qrToken || f.qrToken !== ctx.params.token) throw oktaErrors.notFound(ctx.params.token ?? '', 'QrCode')
  const label = encodeURIComponent(`${ISSUER}:${u.profile.login}`)
  const uri =
    f.factorType === 'token:software:totp'
      ? `otpauth://totp/${label}?secret=${f.secret ?? ''}&issuer=${encodeURIComponent(ISSUER)}&algorithm=SHA1&digits=6&period=30`
      : `oktaverify://sandbox/activate?user=${encodeURIComponent(u.id)}&factor=${encodeURIComponent(f.id)}&t=${f.qrToken}`
  return { status: 200, raw: { type: 'image/png', data: await QRCode.toBuffer(uri, { type: 'png', margin: 2 }) } }
}
