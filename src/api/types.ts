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

/*
 * Request bodies, one type per factor type, as Okta's spec defines them (the UserFactor
 * subschemas for enroll, UserFactorActivateRequest, UserFactorVerifyRequest, ResendUserFactor).
 * Only the fields oktactl may send are typed, so a misspelt or misplaced field does not compile
 * (test/api/body-types.test.ts).
 */

/** enrollFactor `sms`: the phone in E.164 form (the spec's pattern). */
export interface SmsEnrollBody {
  factorType: 'sms'
  provider: 'OKTA'
  profile: { phoneNumber: string }
}

/** enrollFactor `call`: an E.164 phone and an optional extension (up to 15 digits). */
export interface CallEnrollBody {
  factorType: 'call'
  provider: 'OKTA'
  profile: { phoneNumber: string; phoneExtension?: string }
}

/** enrollFactor `email`: the user's verified primary or secondary email. */
export interface EmailEnrollBody {
  factorType: 'email'
  provider: 'OKTA'
  profile: { email: string }
}

/** enrollFactor `push` (Okta Verify): no profile; activated by scanning the QR code. */
export interface PushEnrollBody {
  factorType: 'push'
  provider: 'OKTA'
}

/** enrollFactor `token:software:totp`: Okta Verify or Google Authenticator; no profile. */
export interface TotpEnrollBody {
  factorType: 'token:software:totp'
  provider: 'OKTA' | 'GOOGLE'
}

/** enrollFactor `question`: a question key (listSupportedSecurityQuestions) and an answer of 4 or more characters. */
export interface QuestionEnrollBody {
  factorType: 'question'
  provider: 'OKTA'
  profile: { question: string; answer: string }
}

/** enrollFactor `token` RSA SecurID: the credential id, verified with the current code. */
export interface RsaTokenEnrollBody {
  factorType: 'token'
  provider: 'RSA'
  profile: { credentialId: string }
  verify: { passCode: string }
}

/** enrollFactor `token` Symantec VIP: the credential id, verified with the current (and next) code. */
export interface SymantecTokenEnrollBody {
  factorType: 'token'
  provider: 'SYMANTEC'
  profile: { credentialId: string }
  verify: { passCode: string; nextPassCode?: string }
}

/** enrollFactor `token:hardware` (YubiKey OTP): verified with a code from the key. */
export interface YubikeyEnrollBody {
  factorType: 'token:hardware'
  provider: 'YUBICO'
  verify: { passCode: string }
}

/** enrollFactor `token:hotp` (Custom TOTP): an existing factor profile and the shared secret; auto-activated only. */
export interface CustomTotpEnrollBody {
  factorType: 'token:hotp'
  provider: 'CUSTOM'
  factorProfileId: string
  profile?: { sharedSecret?: string }
}

/** enrollFactor `u2f`: activated in the user's browser. */
export interface U2fEnrollBody {
  factorType: 'u2f'
  provider: 'FIDO'
}

/** enrollFactor `webauthn`: activated in the user's browser. */
export interface WebAuthnEnrollBody {
  factorType: 'webauthn'
  provider: 'FIDO'
}

/** The enrollFactor body: which fields apply follows from `factorType` (and, for `token`, `provider`). */
export type EnrollFactorBody =
  | SmsEnrollBody
  | CallEnrollBody
  | EmailEnrollBody
  | PushEnrollBody
  | TotpEnrollBody
  | QuestionEnrollBody
  | RsaTokenEnrollBody
  | SymantecTokenEnrollBody
  | YubikeyEnrollBody
  | CustomTotpEnrollBody
  | U2fEnrollBody
  | WebAuthnEnrollBody

/** The factor types oktactl can enroll through the API. */

type KeysOf<U> = U extends unknown ? keyof U : never
/** One member of a union of bodies, never a mix: every field of the other members is `never` in it. */
type OneOf<U, K extends PropertyKey = KeysOf<U>> = U extends unknown ? U & { [P in Exclude<K, keyof U>]?: never } : never

/**
 * The activateFactor body (UserFactorActivateRequest). Push takes none (or only
 * useNumberMatchingChallenge); a push activation is restarted with no body at all.
 */
export type ActivateFactorBody = OneOf<
  | { passCode: string } // call, email, sms, token:software:totp
  | { useNumberMatchingChallenge?: boolean } // push
  | { registrationData: string; clientData: string } // u2f, from the browser's U2F API
  | { attestation: string; clientData: string } // webauthn, from the browser's WebAuthn API
>

/**
 * The verifyFactor body (UserFactorVerifyRequest); none issues a challenge (sms, call, email:
 * a code is sent; push: a notification). `nextPassCode` is for a Symantec VIP token, which
 * asks for two codes; the spec's `token` branch does not list it.
 */
export type VerifyFactorBody = OneOf<
  | { passCode: string; nextPassCode?: string } // call, sms, email, token:software:totp, token:hotp, token, token:hardware
  | { answer: string } // question
  | { useNumberMatchingChallenge?: boolean } // push
>

/** The types resendEnrollFactor accepts (ResendUserFactor). */
const RESENDABLE_FACTOR_TYPES = ['call', 'email', 'sms'] as const
type ResendableFactorType = (typeof RESENDABLE_FACTOR_TYPES)[number]
export const isResendableFactorType = (t: string): t is ResendableFactorType => (RESENDABLE_FACTOR_TYPES as readonly string[]).includes(t)

/** The resendEnrollFactor body (ResendUserFactor). */
export interface ResendEnrollFactorBody {
  factorType: ResendableFactorType
}

export interface OktaGroup {
  id: string
  type?: string
  profile?: { name?: string; description?: string | null; [k: string]: unknown }
  [k: string]: unknown
}
