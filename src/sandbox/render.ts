import { oktaId } from './ids.js'
import { activationResult } from './push.js'
import { TOTP_STEP_SECONDS } from './otp.js'
import type { FactorRec, RoleRec, TxRec, UserRec } from './state.js'

// Okta response bodies built from the state. All `_links` are absolute URLs on the sandbox.

type Method = 'GET' | 'POST' | 'DELETE' | 'PUT'
export interface Link {
  href: string
  name?: string
  type?: string
  hints?: { allow: Method[] }
}

export const link = (href: string, ...allow: Method[]): Link => (allow.length ? { href, hints: { allow } } : { href })

export const iso = (ms: number) => new Date(ms).toISOString()

export class Urls {
  constructor(readonly base: string) {}
  user(userId: string) {
    return `${this.base}/api/v1/users/${userId}`
  }
  factors(userId: string) {
    return `${this.user(userId)}/factors`
  }
  factor(f: { userId: string; id: string }) {
    return `${this.factors(f.userId)}/${f.id}`
  }
  transaction(t: TxRec) {
    return `${this.factors(t.userId)}/${t.factorId}/transactions/${t.id}`
  }
}

const USER_TYPE_ID = oktaId('oty', 'default-user-type')

export function userView(u: UserRec, urls: Urls, factorCount: number) {
  const self = urls.user(u.id)
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: u.lastLogin,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: USER_TYPE_ID },
    profile: { ...u.profile },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: {
      self: { href: self },
      // Okta shows resetFactors only when the user has at least one factor.
      ...(factorCount > 0 ? { resetFactors: { href: `${self}/lifecycle/reset_factors`, method: 'POST' } } : {}),
    },
  }
}

export function roleView(r: RoleRec, urls: Urls, userId: string) {
  return { ...r, _links: { assignee: { href: urls.user(userId) } } }
}

const OTP_BY_CHALLENGE = new Set(['sms', 'call', 'email'])

export function factorView(f: FactorRec, urls: Urls, login: string, now: number) {
  const self = urls.factor(f)
  const userLink = link(urls.user(f.userId), 'GET')
  let links: Record<string, Link | Link[]>
  let embedded: Record<string, unknown> | undefined
  if (f.status === 'ACTIVE') {
    links =
      f.factorType === 'question'
        ? { questions: link(`${urls.factors(f.userId)}/questions`, 'GET'), self: link(self, 'GET', 'DELETE'), user: userLink }
        : { verify: link(`${self}/verify`, 'POST'), self: link(self, 'GET', 'DELETE'), user: userLink }
  } else {
    links = { activate: link(`${self}/lifecycle/activate`, 'POST'), self: link(self, 'GET'), user: userLink }
    if (OTP_BY_CHALLENGE.has(f.factorType)) {
      // Okta sends `resend` as an array (the spec's schema says object; see test/contract/spec.ts).
      links.resend = [{ name: f.factorType, ...link(`${self}/resend`, 'POST') }]
    }
    if (f.factorType === 'push') links = { poll: link(`${self}/lifecycle/activate/poll`, 'POST'), ...links }
    embedded = activationView(f, urls, login, now)
  }
  return {
    id: f.id,
    factorType: f.factorType,
    provider: f.provider,
    vendorName: f.vendorName,
    status: f.status,
    created: f.created,
    lastUpdated: f.lastUpdated,
    profile: { ...f.profile },
    ...(f.factorProfileId ? { factorProfileId: f.factorProfileId } : {}),
    _links: links,
    ...(embedded ? { _embedded: embedded } : {}),
  }
}

function qrLink(f: FactorRec, urls: Urls): Link {
  return { href: `${urls.factor(f)}/qr/${f.qrToken ?? ''}`, type: 'image/png' }
}

export function pushSendLinks(f: FactorRec, urls: Urls): Link[] {
  const base = `${urls.factor(f)}/lifecycle/activate`
  return [
    { name: 'email', ...link(`${base}/email`, 'POST') },
    { name: 'sms', ...link(`${base}/sms`, 'POST') },
  ]
}

function activationView(f: FactorRec, urls: Urls, login: string, now: number): Record<string, unknown> | undefined {
  switch (f.factorType) {
    case 'token:software:totp':
      return {
        activation: {
          timeStep: TOTP_STEP_SECONDS,
          sharedSecret: f.secret,
          encoding: 'base32',
          keyLength: 6,
          _links: { qrcode: qrLink(f, urls) },
        },
      }
    case 'push': {
      const a = f.pushActivation
      if (!a) return undefined
      const r = activationResult(a, now)
      return {
        activation: {
          expiresAt: iso(a.expiresAt),
          factorResult: r === 'ACTIVE' ? 'WAITING' : r,
          _links: { qrcode: qrLink(f, urls), send: pushSendLinks(f, urls) },
        },
      }
    }
    case 'u2f':
      return { activation: { version: 'U2F_V2', nonce: f.nonce, timeoutSeconds: 20 } }
    case 'webauthn':
      return {
        activation: {
          attestation: 'direct',
          authenticatorSelection: { userVerification: 'preferred', requireResidentKey: false },
          challenge: f.nonce,
          excludeCredentials: [],
          pubKeyCredParams: [
            { type: 'public-key', alg: -7 },
            { type: 'public-key', alg: -257 },
          ],
          rp: { name: 'oktactl sandbox' },
          user: { displayName: login, name: login, id: f.userId },
        },
      }
    default:
      return undefined
  }
}

/** Body of a push verification that is still waiting (201 from verify, 200 from the poll link). */
export function pushWaitingView(t: TxRec, urls: Urls, login?: string) {
  const href = urls.transaction(t)
  return {
    expiresAt: iso(t.expiresAt),
    factorResult: 'WAITING' as const,
    ...(login ? { profile: { credentialId: login } } : {}),
    _links: { poll: link(href, 'GET'), cancel: link(href, 'DELETE') },
    ...(t.correctAnswer !== undefined ? { _embedded: { challenge: { correctAnswer: t.correctAnswer } } } : {}),
  }
}

/** REJECTED / TIMEOUT carry links to retry (verify) and to the factor. */
export function pushFinalView(result: 'REJECTED' | 'TIMEOUT', t: TxRec, urls: Urls, login: string) {
  const factor = urls.factor({ userId: t.userId, id: t.factorId })
  return {
    factorResult: result,
    profile: { credentialId: login },
    _links: { verify: link(`${factor}/verify`, 'POST'), factor: link(factor, 'GET', 'DELETE') },
  }
}
