import type { EnrollFactorRequest } from '../api/types.js'
import { UsageError } from '../errors.js'
import { factorTypeOf } from './resolve.js'

/** Providers each enrollable type accepts, first one the default. */
export const PROVIDERS_BY_TYPE: Record<string, string[]> = {
  question: ['OKTA'],
  sms: ['OKTA'],
  call: ['OKTA'],
  email: ['OKTA'],
  push: ['OKTA'],
  'token:software:totp': ['OKTA', 'GOOGLE'],
  token: ['RSA', 'SYMANTEC'],
  'token:hardware': ['YUBICO'],
  'token:hotp': ['CUSTOM'],
  u2f: ['FIDO'],
  webauthn: ['FIDO'],
}

/** Types Okta can activate at enrollment with ?activate=true. */
export const AUTO_ACTIVATE = new Set(['sms', 'call', 'email', 'token:hotp'])

const E164 = /^\+[1-9]\d{1,14}$/

export interface EnrollFlags {
  type?: string
  provider?: string
  phone?: string
  extension?: string
  email?: string
  question?: string
  credentialId?: string
  factorProfileId?: string
  activate?: boolean
  updatePhone?: boolean
  templateId?: string
  tokenLifetime?: string
  acceptLanguage?: string
  wait?: boolean
  qrFile?: string
}

/** Secrets, read separately (flag, stdin or prompt) and passed in already resolved. */
export interface EnrollSecrets {
  answer?: string
  passCode?: string
  nextPassCode?: string
  sharedSecret?: string
}

/** The enroll request for a user still to be resolved, and the type and provider it is for. */
export type EnrollPlan = Omit<EnrollFactorRequest, 'userId'> & { factorType: string; provider: string }

export function parseTokenLifetime(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 86400) {
    throw new UsageError(`--token-lifetime must be 1 to 86400 seconds (got "${v}").`)
  }
  return Number(v)
}

/** Which secrets a type needs, so the command can ask for them before building the body. */
export function secretsNeeded(type: string, provider: string): Array<keyof EnrollSecrets> {
  if (type === 'question') return ['answer']
  if (type === 'token') return provider === 'SYMANTEC' ? ['passCode', 'nextPassCode'] : ['passCode']
  if (type === 'token:hardware') return ['passCode']
  if (type === 'token:hotp') return ['sharedSecret']
  return []
}

export function resolveTypeAndProvider(f: EnrollFlags): { factorType: string; provider: string } {
  if (!f.type) throw new UsageError('--type is required.', `Types: ${Object.keys(PROVIDERS_BY_TYPE).join(', ')}`)
  const factorType = factorTypeOf(f.type)
  if (!factorType || !PROVIDERS_BY_TYPE[factorType]) {
    throw new UsageError(`Cannot enroll factor type "${f.type}" through the API.`, `Types: ${Object.keys(PROVIDERS_BY_TYPE).join(', ')}`)
  }
  const allowed = PROVIDERS_BY_TYPE[factorType] ?? []
  const provider = f.provider ? f.provider.toUpperCase() : allowed[0]
  if (!provider || !allowed.includes(provider)) {
    throw new UsageError(`Provider ${String(f.provider)} does not offer ${factorType}; use ${allowed.join(' or ')}.`)
  }
  if (factorType === 'token' && !f.provider) throw new UsageError('--provider RSA or --provider SYMANTEC is required for --type token.')
  return { factorType, provider }
}

/**
 * Build the enroll request exactly as Okta's spec and SDK send it: only the fields that apply,
 * optional query parameters only when given.
 */
export function buildEnrollPlan(f: EnrollFlags, s: EnrollSecrets): EnrollPlan {
  const { factorType, provider } = resolveTypeAndProvider(f)
  const body: Record<string, unknown> = { factorType, provider }
  const only = (flag: string, present: unknown, types: string[]) => {
    if (present !== undefined && present !== false && !types.includes(factorType)) {
      throw new UsageError(`${flag} does not apply to --type ${factorType}.`)
    }
  }
  only('--phone', f.phone, ['sms', 'call'])
  only('--extension', f.extension, ['call'])
  only('--email', f.email, ['email'])
  only('--question', f.question, ['question'])
  only('--credential-id', f.credentialId, ['token'])
  only('--factor-profile-id', f.factorProfileId, ['token:hotp'])
  only('--update-phone', f.updatePhone, ['sms', 'call'])
  only('--template-id', f.templateId, ['sms'])
  only('--accept-language', f.acceptLanguage, ['sms'])
  only('--wait', f.wait, ['push'])
  only('--qr-file', f.qrFile, ['token:software:totp'])
  if (f.activate && !AUTO_ACTIVATE.has(factorType)) {
    throw new UsageError(`--activate works for ${[...AUTO_ACTIVATE].join(', ')} only; activate ${factorType} with \`oktactl factors activate\`.`)
  }

  switch (factorType) {
    case 'sms':
    case 'call': {
      if (!f.phone) throw new UsageError(`--phone is required for --type ${factorType} (E.164, e.g. +15551234567).`)
      const phone = f.phone.replace(/[\s().-]/g, '')
      if (!E164.test(phone)) throw new UsageError(`--phone "${f.phone}" is not an E.164 number such as +15551234567.`)
      const profile: Record<string, string> = { phoneNumber: phone }
      if (f.extension) {
        if (!/^\d{1,15}$/.test(f.extension)) throw new UsageError('--extension must be up to 15 digits.')
        profile.phoneExtension = f.extension
      }
      body.profile = profile
      break
    }
    case 'email': {
      if (!f.email) throw new UsageError('--email is required for --type email.')
      if (!/^[^\s@]+@[^\s@]+$/.test(f.email) || f.email.length > 100) throw new UsageError(`--email "${f.email}" is not an email address.`)
      body.profile = { email: f.email }
      break
    }
    case 'question': {
      if (!f.question) throw new UsageError('--question <key> is required for --type question.', 'List the keys with `oktactl factors questions <user>`.')
      if (!s.answer || s.answer.length < 4) throw new UsageError('The answer must be at least 4 characters.')
      body.profile = { question: f.question, answer: s.answer }
      break
    }
    case 'token': {
      if (!f.credentialId) throw new UsageError('--credential-id is required for --type token.')
      body.profile = { credentialId: f.credentialId }
      body.verify = s.nextPassCode ? { passCode: s.passCode, nextPassCode: s.nextPassCode } : { passCode: s.passCode }
      break
    }
    case 'token:hardware':
      body.verify = { passCode: s.passCode }
      break
    case 'token:hotp': {
      if (!f.factorProfileId) throw new UsageError('--factor-profile-id is required for --type token:hotp (custom TOTP).')
      body.factorProfileId = f.factorProfileId
      body.profile = { sharedSecret: s.sharedSecret }
      break
    }
    default:
      break
  }
  return {
    factorType,
    provider,
    body,
    // Custom TOTP supports only auto-activation.
    activate: factorType === 'token:hotp' ? true : f.activate ? true : undefined,
    updatePhone: f.updatePhone ? true : undefined,
    templateId: f.templateId,
    tokenLifetimeSeconds: parseTokenLifetime(f.tokenLifetime),
    acceptLanguage: f.acceptLanguage,
  }
}
