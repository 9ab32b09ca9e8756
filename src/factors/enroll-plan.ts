import type { EnrollFactorRequest } from '../api/factors.js'
import type { EnrollFactorBody } from '../api/types.js'
import { UsageError } from '../errors.js'
import { factorTypeOf } from './resolve.js'
import { refuseLiteralSecret } from './secrets.js'

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

/** The flags `factors enroll` checks (what commander hands over, typed there from the declarations). */
export interface EnrollSpecFlags {
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
  waitTimeout?: string
  qrFile?: string
  secretFile?: string
  /** The secrets as given: `-` for stdin, left out to be asked (only checked here, read by the command). */
  answer?: string
  passcode?: string
  nextPasscode?: string
  sharedSecret?: string
}

/** Secrets, read separately (flag, stdin or prompt) and passed in already resolved. */
export interface EnrollSecrets {
  answer?: string
  passCode?: string
  nextPassCode?: string
  sharedSecret?: string
}

/**
 * The enroll flags, checked: everything the request needs but the secrets and, for many users,
 * the phone, extension or email each user gives where the flags leave them out.
 */
export interface EnrollSpec {
  factorType: string
  provider: string
  /** Profile fields the flags give, the phone already in E.164 form. */
  profile: { phone?: string; extension?: string; email?: string; question?: string; credentialId?: string }
  factorProfileId?: string
  /** The secrets to read (flag, stdin or prompt) before the plan is built; none for many users. */
  secrets: Array<keyof EnrollSecrets>
  /** The optional query parameters (and the Accept-Language header), only when given. */
  query: { activate?: true; updatePhone?: true; templateId?: string; tokenLifetimeSeconds?: number; acceptLanguage?: string }
}

/** What a bulk run takes from each user where the flags leave it out: a CSV column, the profile. */
export interface EnrollUserValues {
  phone?: string
  extension?: string
  email?: string
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

export function resolveTypeAndProvider(f: Pick<EnrollSpecFlags, 'type' | 'provider'>): { factorType: string; provider: string } {
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
 * Pure: the enroll flags → a checked spec, or the UsageError a bad flag or combination earns,
 * before any secret is asked for or anything is sent. For many users (`many`), a phone,
 * extension or email left out comes from each user, and what cannot be done for a whole list
 * (a secret per user, --wait, a file for a TOTP secret) is refused.
 */
export function parseEnrollSpec(f: EnrollSpecFlags, many = false): EnrollSpec {
  // Long-lived secrets never come from argv (for many users any secret is refused below).
  if (!many) {
    refuseLiteralSecret('--answer', f.answer)
    refuseLiteralSecret('--shared-secret', f.sharedSecret)
  }
  const { factorType, provider } = resolveTypeAndProvider(f)
  const secrets = secretsNeeded(factorType, provider)
  if (many) refuseForMany(f, factorType, secrets)
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
  // The lifetime of the code Okta sends: the types that send one (Okta's spec ties templateId and
  // Accept-Language to sms, not tokenLifetimeSeconds; the email OTP honours it too).
  only('--token-lifetime', f.tokenLifetime, ['sms', 'call', 'email'])
  only('--wait', f.wait, ['push'])
  if (f.waitTimeout !== undefined && !f.wait) throw new UsageError('--wait-timeout goes with --wait.')
  only('--qr-file', f.qrFile, ['token:software:totp'])
  // A secret the type does not read would be silently dropped (for many users every secret is refused above).
  if (!many) refuseUnreadSecrets(f, factorType, provider, secrets)
  if (f.activate && !AUTO_ACTIVATE.has(factorType)) {
    throw new UsageError(`--activate works for ${[...AUTO_ACTIVATE].join(', ')} only; activate ${factorType} with \`oktactl factors activate\`.`)
  }

  const profile: EnrollSpec['profile'] = {}
  let factorProfileId: string | undefined
  switch (factorType) {
    case 'sms':
    case 'call':
      // For many users a phone left out is each user's; one given is checked here, once.
      if (!many || f.phone !== undefined) profile.phone = checkedPhone(factorType, f.phone)
      if (f.extension) profile.extension = checkedExtension(f.extension)
      break
    case 'email':
      if (!many || f.email !== undefined) profile.email = checkedEmail(f.email)
      break
    case 'question':
      if (!f.question) throw new UsageError('--question <key> is required for --type question.', 'List the keys with `oktactl factors questions <user>`.')
      profile.question = f.question
      break
    case 'token':
      if (!f.credentialId) throw new UsageError('--credential-id is required for --type token.')
      profile.credentialId = f.credentialId
      break
    case 'token:hotp':
      if (!f.factorProfileId) throw new UsageError('--factor-profile-id is required for --type token:hotp (custom TOTP).')
      factorProfileId = f.factorProfileId
      break
    default:
      break
  }
  const tokenLifetimeSeconds = parseTokenLifetime(f.tokenLifetime)
  if (!many && f.secretFile && factorType !== 'token:software:totp') throw new UsageError('--secret-file applies to --type token:software:totp only.')
  return {
    factorType,
    provider,
    profile,
    ...(factorProfileId !== undefined ? { factorProfileId } : {}),
    secrets,
    query: {
      // Custom TOTP supports only auto-activation.
      activate: factorType === 'token:hotp' ? true : f.activate ? true : undefined,
      updatePhone: f.updatePhone ? true : undefined,
      templateId: f.templateId,
      tokenLifetimeSeconds,
      acceptLanguage: f.acceptLanguage,
    },
  }
}

/** What a bulk enroll cannot do: a secret for every user, a wait, a file for each TOTP secret. */
function refuseForMany(f: EnrollSpecFlags, factorType: string, secrets: Array<keyof EnrollSecrets>): void {
  if (secrets.length || Object.values(secretFlagsOf(f)).some((v) => v !== undefined)) {
    throw new UsageError(`Bulk enrollment of ${factorType} would need a secret for every user; enroll those one at a time.`)
  }
  for (const [flag, v] of [['--wait', f.wait], ['--wait-timeout', f.waitTimeout !== undefined], ['--qr-file', f.qrFile], ['--secret-file', f.secretFile]] as const) {
    if (v) throw new UsageError(`${flag} does not apply to bulk runs.`)
  }
  // Okta shows each TOTP secret once, in the enroll answer, and a bulk run has nowhere to put it:
  // every user would be left with a pending factor nobody can activate.
  if (factorType === 'token:software:totp') {
    throw new UsageError(
      'Bulk enrollment of token:software:totp would lose every user\'s secret (Okta shows it once, when the factor is created). Nothing was sent.',
      'Enroll TOTP one user at a time with --secret-file <file> or --qr-file <png>, or let users enroll it themselves.',
    )
  }
}

/** Each secret's flag, and the question a terminal asks for it when the flag is left out. */
export const SECRET_FLAGS: Record<keyof EnrollSecrets, { name: string; prompt: string }> = {
  answer: { name: '--answer', prompt: 'Answer to the security question:' },
  passCode: { name: '--passcode', prompt: 'Code shown on the token:' },
  nextPassCode: { name: '--next-passcode', prompt: 'Next code shown on the token:' },
  sharedSecret: { name: '--shared-secret', prompt: 'Shared secret of the custom TOTP:' },
}

/** The secret flags as given (a value, `-` for stdin, or undefined), by secret. */
export const secretFlagsOf = (f: EnrollSpecFlags): Record<keyof EnrollSecrets, string | undefined> => ({
  answer: f.answer,
  passCode: f.passcode,
  nextPassCode: f.nextPasscode,
  sharedSecret: f.sharedSecret,
})

/** One user: a secret flag the type (and provider) does not read, named with the type, as the other flags are. */
function refuseUnreadSecrets(f: EnrollSpecFlags, factorType: string, provider: string, secrets: Array<keyof EnrollSecrets>): void {
  const given = secretFlagsOf(f)
  for (const key of Object.keys(SECRET_FLAGS) as Array<keyof EnrollSecrets>) {
    const flag = SECRET_FLAGS[key].name
    if (given[key] === undefined || secrets.includes(key)) continue
    // Read by another provider of the type (SYMANTEC's --next-passcode): name the provider too.
    const byOther = (PROVIDERS_BY_TYPE[factorType] ?? []).some((p) => secretsNeeded(factorType, p).includes(key))
    throw new UsageError(`${flag} does not apply to --type ${factorType}${byOther ? ` --provider ${provider}` : ''}.`)
  }
}

function checkedPhone(factorType: string, phone: string | undefined): string {
  if (!phone) throw new UsageError(`--phone is required for --type ${factorType} (E.164, e.g. +15551234567).`)
  const e164 = phone.replace(/[\s().-]/g, '')
  if (!E164.test(e164)) throw new UsageError(`--phone "${phone}" is not an E.164 number such as +15551234567.`)
  return e164
}

function checkedExtension(extension: string): string {
  if (!/^\d{1,15}$/.test(extension)) throw new UsageError('--extension must be up to 15 digits.')
  return extension
}

function checkedEmail(email: string | undefined): string {
  if (!email) throw new UsageError('--email is required for --type email.')
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 100) throw new UsageError(`--email "${email}" is not an email address.`)
  return email
}

/**
 * Build the enroll request exactly as Okta's spec and SDK send it: only the fields that apply,
 * optional query parameters only when given. The flags were checked by parseEnrollSpec: this
 * fails only on what it is handed, an answer too short or (bulk) a user's phone or email.
 */
export function buildEnrollPlan(spec: EnrollSpec, s: EnrollSecrets, user: EnrollUserValues = {}): EnrollPlan {
  const { factorType, provider } = spec
  // What parseEnrollSpec and the secrets read for it guarantee; missing, a step was skipped.
  const given = (v: string | undefined, flag: string) => {
    if (v === undefined) throw new UsageError(`${flag} is required for --type ${factorType}.`)
    return v
  }
  let body: EnrollFactorBody
  switch (factorType) {
    case 'sms':
    case 'call': {
      const profile: { phoneNumber: string; phoneExtension?: string } = { phoneNumber: spec.profile.phone ?? checkedPhone(factorType, user.phone) }
      const extension = spec.profile.extension ?? (user.extension ? checkedExtension(user.extension) : undefined)
      if (extension) profile.phoneExtension = extension
      body = { factorType, provider: 'OKTA', profile }
      break
    }
    case 'email': {
      body = { factorType, provider: 'OKTA', profile: { email: spec.profile.email ?? checkedEmail(user.email) } }
      break
    }
    case 'question': {
      if (!s.answer || s.answer.length < 4) throw new UsageError('The answer must be at least 4 characters.')
      body = { factorType, provider: 'OKTA', profile: { question: given(spec.profile.question, '--question'), answer: s.answer } }
      break
    }
    case 'token': {
      const profile = { credentialId: given(spec.profile.credentialId, '--credential-id') }
      const passCode = given(s.passCode, '--passcode')
      body = provider === 'SYMANTEC'
        ? { factorType, provider, profile, verify: s.nextPassCode ? { passCode, nextPassCode: s.nextPassCode } : { passCode } }
        : { factorType, provider: 'RSA', profile, verify: { passCode } }
      break
    }
    case 'token:hardware':
      body = { factorType, provider: 'YUBICO', verify: { passCode: given(s.passCode, '--passcode') } }
      break
    case 'token:hotp': {
      body = { factorType, provider: 'CUSTOM', factorProfileId: given(spec.factorProfileId, '--factor-profile-id'), profile: { sharedSecret: s.sharedSecret } }
      break
    }
    case 'token:software:totp':
      body = { factorType, provider: provider === 'GOOGLE' ? 'GOOGLE' : 'OKTA' }
      break
    case 'push':
      body = { factorType, provider: 'OKTA' }
      break
    case 'u2f':
    case 'webauthn':
      body = { factorType, provider: 'FIDO' }
      break
    default:
      throw new UsageError(`Cannot enroll factor type "${factorType}" through the API.`)
  }
  return {
    factorType,
    provider,
    body,
    activate: spec.query.activate,
    updatePhone: spec.query.updatePhone,
    templateId: spec.query.templateId,
    tokenLifetimeSeconds: spec.query.tokenLifetimeSeconds,
    acceptLanguage: spec.query.acceptLanguage,
  }
}
