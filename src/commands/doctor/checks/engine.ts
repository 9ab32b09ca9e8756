import type { OktaClient } from '../../../api/client.js'
import { listAuthenticators } from '../../../api/sessions.js'
import { OktaApiError } from '../../../errors.js'
import { messageOf, type Check } from './check.js'

/**
 * Does the org answer Identity Engine's APIs (GET /api/v1/authenticators)? `authenticators …`
 * and temporary access codes need them; `factors` works either way, so this only warns.
 */
export async function engineCheck(client: OktaClient): Promise<Check> {
  const base = { id: 'engine', title: 'Identity Engine' }
  try {
    const list = await listAuthenticators(client)
    const tac = list.find((a) => a.type === 'tac' || a.key === 'tac')
    return {
      ...base,
      verdict: 'ok',
      detail: `the authenticators API answers (${list.length} authenticators); Temporary Access Code ${tac?.status === 'ACTIVE' ? 'active' : tac ? 'not active' : 'not set up'}`,
    }
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 404) {
      return { ...base, verdict: 'warn', detail: 'GET /api/v1/authenticators answers 404: a Classic Engine org (or one without these APIs)', hint: '`oktactl authenticators` and temporary access codes need Identity Engine; `oktactl factors` works on both.' }
    }
    if (err instanceof OktaApiError && (err.status === 401 || err.status === 403)) {
      return { ...base, verdict: 'warn', detail: `GET /api/v1/authenticators: HTTP ${err.status}${err.errorCode ? ` ${err.errorCode}` : ''}`, hint: 'With OAuth, grant and request okta.authenticators.read to use `authenticators` and `users tac`.' }
    }
    return { ...base, verdict: 'warn', detail: `could not tell: ${messageOf(err)}` }
  }
}
