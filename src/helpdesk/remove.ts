import type { OktaClient } from '../api/client.js'
import { unenrollFactor } from '../api/factors.js'
import type { UserFactor } from '../api/types.js'
import { OktaApiError } from '../errors.js'

/**
 * One DELETE per factor, for `reset --types` and bulk `delete --type`/`reset --types`. Push goes
 * first: removing push (or FastPass) also removes Okta Verify TOTP and FastPass, so a 404 for one
 * of those afterwards means it is already gone. `removeRecovery` applies to sms and call only.
 * Returns the X-Okta-Request-Id of each DELETE sent.
 */
export async function unenrollEach(api: OktaClient, userId: string, factors: UserFactor[], removeRecovery: boolean): Promise<Array<string | undefined>> {
  const requestIds: Array<string | undefined> = []
  const ordered = [...factors].sort((a, b) => Number(b.factorType === 'push') - Number(a.factorType === 'push'))
  let pushRemoved = false
  for (const f of ordered) {
    const recovery = removeRecovery && (f.factorType === 'sms' || f.factorType === 'call')
    try {
      requestIds.push((await unenrollFactor(api, { userId, factorId: f.id, removeRecoveryEnrollment: recovery })).requestId)
    } catch (err) {
      const companion = f.factorType === 'token:software:totp' || f.factorType === 'signed_nonce'
      if (pushRemoved && companion && err instanceof OktaApiError && err.status === 404) continue
      throw err
    }
    if (f.factorType === 'push' || f.factorType === 'signed_nonce') pushRemoved = true
  }
  return requestIds
}
