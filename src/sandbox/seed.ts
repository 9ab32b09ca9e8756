import { createHash } from 'node:crypto'
import { oktaId } from './ids.js'
import { base32 } from './otp.js'
import type { FactorRec, RoleRec, StateData, UserRec } from './state.js'

// The seeded org. Everything here is deterministic (ids and secrets derive from the login), so a
// reset restores exactly the same users, factor ids and TOTP secrets.

export const SEED_USERS = {
  alice: 'alice@example.com', // sms, token:software:totp (OKTA), push, question — all ACTIVE
  bob: 'bob@example.com', // push; rejects every push
  carol: 'carol@example.com', // SUPER_ADMIN; sms, call, email, token:software:totp (GOOGLE), webauthn
  dave: 'dave@example.com', // no factors
  erin: 'erin@example.com', // DEPROVISIONED; sms, question
} as const

/** The base32 TOTP secrets of the seeded TOTP factors (also readable from the state file). */
export const SEED_TOTP_SECRETS = {
  'alice@example.com': 'KVKFKRCPNZQUYMLXOVYGSYLFNBVGYSKF',
  'carol@example.com': 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXEZ3U',
} as const

/** Security-question answers of the seeded question factors. */
export const SEED_ANSWERS = {
  'alice@example.com': { question: 'disliked_food', answer: 'mayonnaise' },
  'erin@example.com': { question: 'favorite_toy', answer: 'teddy bear' },
} as const

/** The user the sandbox API token belongs to (`GET /api/v1/users/me`). */
export const TOKEN_OWNER = SEED_USERS.carol

export const generatedLogin = (i: number) => `user${String(i).padStart(4, '0')}@example.com`

/** The TOTP secret of generated user `login` (`user0001@example.com` …). */
export function generatedTotpSecret(login: string): string {
  return base32(createHash('sha1').update(`oktactl-sandbox:${login}`).digest())
}

const T0 = '2024-01-15T09:00:00.000Z'
const T1 = '2024-01-15T09:00:01.000Z'
const LAST_LOGIN = '2025-06-02T08:30:00.000Z'

export const QUESTIONS: Record<string, string> = {
  disliked_food: 'What is the food you least liked as a child?',
  name_of_first_plush_toy: 'What is the name of your first stuffed animal?',
  first_award: 'What did you earn your first medal or award for?',
  favorite_security_question: 'What is your favorite security question?',
  favorite_toy: 'What is the toy/stuffed animal you liked the most as a kid?',
  first_computer_game: 'What was the first computer game you played?',
  favorite_movie_quote: 'What is your favorite movie quote?',
  first_sports_team_mascot: 'What was the mascot of the first sports team you played on?',
  first_music_purchase: 'What music album or song did you first purchase?',
  favorite_art_piece: 'What is your favorite piece of art?',
  grandmother_favorite_desert: "What was your grandmother's favorite dessert?",
  first_thing_cooked: 'What was the first thing you learned to cook?',
  childhood_dream_job: 'What was your dream job as a child?',
  first_kiss_location: 'Where did you have your first kiss?',
  place_where_significant_other_was_met: 'Where did you meet your spouse/significant other?',
  favorite_vacation_location: 'Where did you go for your favorite vacation?',
  new_years_two_thousand: "Where were you on New Year's Eve in the year 2000?",
  favorite_speaker_actor: 'Who is your favorite speaker/orator?',
  favorite_book_movie_character: 'Who is your favorite book/movie character?',
  favorite_sports_player: 'Who is your favorite sports player?',
}

export const normaliseAnswer = (a: string) => a.trim().toLowerCase()

export function pushDeviceProfile(login: string): Record<string, string> {
  return { credentialId: login, deviceType: 'SmartPhone_IPhone', name: 'Sandbox iPhone', platform: 'IOS', version: '17.5' }
}

function user(login: string, firstName: string, lastName: string, extra: Partial<UserRec> = {}, mobilePhone: string | null = null): UserRec {
  return {
    id: oktaId('00u', login),
    status: 'ACTIVE',
    created: T0,
    activated: T1,
    statusChanged: T1,
    lastLogin: LAST_LOGIN,
    lastUpdated: T1,
    passwordChanged: T1,
    profile: { login, email: login, firstName, lastName, mobilePhone, secondEmail: null },
    roles: [],
    ...extra,
  }
}

const PREFIX: Record<string, string> = {
  sms: 'mbl', call: 'clf', email: 'emf', push: 'opf', question: 'ufs', 'token:software:totp/OKTA': 'ost',
  'token:software:totp/GOOGLE': 'uft', 'token/RSA': 'rsa', 'token/SYMANTEC': 'ufv', 'token:hardware': 'ykf',
  'token:hotp': 'chf', u2f: 'fuf', webauthn: 'fwf', signed_nonce: 'crp',
}

/** The id prefix Okta uses for a factor of this type and provider. */
export function factorPrefix(factorType: string, provider: string): string {
  return PREFIX[`${factorType}/${provider}`] ?? PREFIX[factorType] ?? 'fac'
}

function factor(u: UserRec, factorType: FactorRec['factorType'], provider: string, extra: Partial<FactorRec>): FactorRec {
  return {
    id: oktaId(factorPrefix(factorType, provider), `${u.profile.login}/${factorType}/${provider}`),
    userId: u.id,
    factorType,
    provider,
    vendorName: provider,
    status: 'ACTIVE',
    created: T1,
    lastUpdated: T1,
    profile: {},
    ...extra,
  }
}

function questionFactor(u: UserRec, question: string, answer: string): FactorRec {
  return factor(u, 'question', 'OKTA', {
    profile: { question, questionText: QUESTIONS[question] ?? question },
    answer: normaliseAnswer(answer),
  })
}

export function seedData(generatedUsers: number): Omit<StateData, 'token' | 'version'> {
  const alice = user(SEED_USERS.alice, 'Alice', 'Anderson', {}, '+15555550101')
  const bob = user(SEED_USERS.bob, 'Bob', 'Brown', { rejectsPush: true })
  const carol = user(SEED_USERS.carol, 'Carol', 'Clark', {
    roles: [
      {
        id: oktaId('ra1', `${SEED_USERS.carol}/SUPER_ADMIN`),
        label: 'Super Organization Administrator',
        type: 'SUPER_ADMIN',
        status: 'ACTIVE',
        created: T1,
        lastUpdated: T1,
        assignmentType: 'USER',
      } satisfies RoleRec,
    ],
  })
  const dave = user(SEED_USERS.dave, 'Dave', 'Davis', { lastLogin: null })
  const erin = user(SEED_USERS.erin, 'Erin', 'Evans', {
    status: 'DEPROVISIONED',
    statusChanged: '2025-03-01T12:00:00.000Z',
    lastUpdated: '2025-03-01T12:00:00.000Z',
  })
  const users = [alice, bob, carol, dave, erin]
  const a = SEED_ANSWERS
  const factors: FactorRec[] = [
    factor(alice, 'sms', 'OKTA', { profile: { phoneNumber: '+15555550101' } }),
    factor(alice, 'token:software:totp', 'OKTA', { profile: { credentialId: alice.profile.login }, secret: SEED_TOTP_SECRETS[SEED_USERS.alice] }),
    factor(alice, 'push', 'OKTA', { profile: pushDeviceProfile(alice.profile.login) }),
    questionFactor(alice, a[SEED_USERS.alice].question, a[SEED_USERS.alice].answer),
    factor(bob, 'push', 'OKTA', { profile: pushDeviceProfile(bob.profile.login) }),
    factor(carol, 'sms', 'OKTA', { profile: { phoneNumber: '+15555550103' } }),
    factor(carol, 'call', 'OKTA', { profile: { phoneNumber: '+15555550113', phoneExtension: null } }),
    factor(carol, 'email', 'OKTA', { profile: { email: carol.profile.email } }),
    factor(carol, 'token:software:totp', 'GOOGLE', { profile: { credentialId: carol.profile.login }, secret: SEED_TOTP_SECRETS[SEED_USERS.carol] }),
    factor(carol, 'webauthn', 'FIDO', { profile: { credentialId: 'sandbox-webauthn-credential-carol', authenticatorName: 'MacBook Touch ID' } }),
    factor(erin, 'sms', 'OKTA', { profile: { phoneNumber: '+15555550105' } }),
    questionFactor(erin, a[SEED_USERS.erin].question, a[SEED_USERS.erin].answer),
  ]
  const generated = generatedUsers > 0 ? generatedUsersBetween(0, generatedUsers) : { users: [], factors: [] }
  return {
    generatedUsers,
    users: [...users, ...generated.users],
    factors: [...factors, ...generated.factors],
    transactions: [],
    outbox: [],
    lastSent: {},
  }
}

/** Generated users `from+1`..`to` (`user0001@example.com` …), each with an sms and a Google TOTP factor. */
export function generatedUsersBetween(from: number, to: number): { users: UserRec[]; factors: FactorRec[] } {
  const users: UserRec[] = []
  const factors: FactorRec[] = []
  for (let i = from + 1; i <= to; i++) {
    const login = generatedLogin(i)
    const u = user(login, 'User', String(i).padStart(4, '0'))
    users.push(u)
    factors.push(
      factor(u, 'sms', 'OKTA', { profile: { phoneNumber: `+1555${String(2_000_000 + i).padStart(7, '0')}` } }),
      factor(u, 'token:software:totp', 'GOOGLE', { profile: { credentialId: login }, secret: generatedTotpSecret(login) }),
    )
  }
  return { users, factors }
}
