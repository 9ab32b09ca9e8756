/** The Okta shapes oktactl reads. Only the fields we use are typed; the rest pass through. */

export const FACTOR_TYPES = [
  'call', 'email', 'push', 'question', 'signed_nonce', 'sms', 'token', 'token:hardware',
  'token:hotp', 'token:software:totp', 'u2f', 'web', 'webauthn',
] as const
export type FactorType = (typeof FACTOR_TYPES)[number]

export const PROVIDERS = ['CUSTOM', 'DUO', 'FIDO', 'GOOGLE', 'OKTA', 'RSA', 'SYMANTEC', 'YUBICO'] as const
export type Provider = (typeof PROVIDERS)[number]

export interface Link {
  href: string
  hints?: { allow?: string[] }
  name?: string
  type?: string
}

export interface UserFactor {
  id: string
  factorType: FactorType | (string & {}) // any string, with the known ones suggested
  provider: string
  status: string
  vendorName?: string
  created?: string
  lastUpdated?: string
  profile?: Record<string, unknown>
  _embedded?: {
    activation?: {
      sharedSecret?: string
      encoding?: string
      keyLength?: number
      timeStep?: number
      expiresAt?: string
      factorResult?: string
      _links?: { qrcode?: Link; send?: Link[] }
      [k: string]: unknown
    }
    challenge?: { correctAnswer?: number }
    [k: string]: unknown
  }
  _links?: Record<string, Link | Link[] | undefined>
  [k: string]: unknown
}

export interface SupportedFactor {
  factorType: string
  provider: string
  enrollment?: string
  status?: string
  vendorName?: string
  _links?: Record<string, Link | Link[] | undefined>
  [k: string]: unknown
}

export interface SecurityQuestion {
  question: string
  questionText: string
}

/** Verify, poll and push-activation results. */
export interface FactorResult {
  factorResult?: string
  factorResultMessage?: string
  expiresAt?: string
  profile?: Record<string, unknown>
  _embedded?: { challenge?: { correctAnswer?: number } }
  _links?: Record<string, Link | Link[] | undefined>
  [k: string]: unknown
}

export interface OktaUser {
  id: string
  status: string
  created?: string
  lastLogin?: string | null
  profile: { login: string; email?: string; firstName?: string; lastName?: string; [k: string]: unknown }
  _links?: Record<string, Link | undefined>
  [k: string]: unknown
}

export interface Role {
  id: string
  type: string
  label?: string
  status?: string
  assignmentType?: string
}

export interface EnrollFactorRequest {
  userId: string
  body: Record<string, unknown>
  activate?: boolean
  updatePhone?: boolean
  templateId?: string
  tokenLifetimeSeconds?: number
  acceptLanguage?: string
}

export interface VerifyFactorRequest {
  userId: string
  factorId: string
  body?: Record<string, unknown>
  templateId?: string
  tokenLifetimeSeconds?: number
  forwardedFor?: string
  userAgent?: string
  acceptLanguage?: string
}

export interface OktaGroup {
  id: string
  type?: string
  profile?: { name?: string; description?: string | null; [k: string]: unknown }
  [k: string]: unknown
}
