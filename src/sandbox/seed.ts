import { createHash } from 'node:crypto'
import { oktaId } from './ids.js'
import { base32 } from './otp.js'
import type { FactorRec, GroupRec, RoleRec, StateData, UserRec } from './state.js'

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
  const alice = user(SEED_USERS.alice, 'Alice', 'Anderson', { sessions: 2, oauthTokens: 3 }, '+15555550101')
  const bob = user(SEED_USERS.bob, 'Bob', 'Brown', { rejectsPush: true, sessions: 1, oauthTokens: 1 })
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

const DEPARTMENTS = ['Engineering', 'Sales', 'Support', 'Engineering', 'Finance'] as const

/** The admin role, if any, of generated user `i`: every 100th a super admin, then a help desk and an org admin. */
function generatedRole(i: number, login: string): RoleRec | undefined {
  const type = i % 100 === 0 ? 'SUPER_ADMIN' : i % 100 === 13 ? 'HELP_DESK_ADMIN' : i % 100 === 50 ? 'ORG_ADMIN' : undefined
  if (!type) return undefined
  const label = { SUPER_ADMIN: 'Super Organization Administrator', HELP_DESK_ADMIN: 'Help Desk Administrator', ORG_ADMIN: 'Organizational Administrator' }[type]
  return { id: oktaId('ra1', `${login}/${type}`), label, type, status: 'ACTIVE', created: T1, lastUpdated: T1, assignmentType: 'USER' }
}

/**
 * The factor mix of generated user `i`, by `i % 20` (so any 20 in a row have the same mix, and a
 * report on a fresh sandbox means something): 8 sms + Google TOTP (strong), 2 none, 3 sms only,
 * 1 email + question, 1 sms + call, 1 email with a pending sms (all phishable-only), 2 Okta Verify
 * (push, Okta TOTP and FastPass), 1 u2f + sms, 1 sms + Google TOTP + webauthn (phishing-resistant).
 */
function generatedFactors(u: UserRec, i: number, phone: string): FactorRec[] {
  const login = u.profile.login
  const sms = (extra: Partial<FactorRec> = {}) => factor(u, 'sms', 'OKTA', { profile: { phoneNumber: phone }, ...extra })
  const totp = () => factor(u, 'token:software:totp', 'GOOGLE', { profile: { credentialId: login }, secret: generatedTotpSecret(login) })
  const r = i % 20
  if (r >= 1 && r <= 8) return [sms(), totp()]
  if (r === 9 || r === 10) return []
  if (r >= 11 && r <= 13) return [sms()]
  if (r === 14) return [factor(u, 'email', 'OKTA', { profile: { email: login } }), questionFactor(u, 'favorite_movie_quote', `quote ${i}`)]
  if (r === 15 || r === 16) {
    return [
      factor(u, 'push', 'OKTA', { profile: pushDeviceProfile(login) }),
      factor(u, 'token:software:totp', 'OKTA', { profile: { credentialId: login }, secret: generatedTotpSecret(login) }),
      factor(u, 'signed_nonce', 'OKTA', { profile: { deviceType: 'SmartPhone_IPhone', name: 'Sandbox iPhone', platform: 'IOS', version: '17.5' } }),
    ]
  }
  if (r === 17) return [factor(u, 'u2f', 'FIDO', { profile: { credentialId: `sandbox-u2f-${login}`, version: 'U2F_V2' } }), sms()]
  if (r === 18) return [sms(), factor(u, 'call', 'OKTA', { profile: { phoneNumber: phone, phoneExtension: null } })]
  if (r === 19) return [factor(u, 'email', 'OKTA', { profile: { email: login } }), sms({ status: 'PENDING_ACTIVATION' })]
  return [sms(), totp(), factor(u, 'webauthn', 'FIDO', { profile: { credentialId: `sandbox-webauthn-${login}`, authenticatorName: 'YubiKey 5' } })]
}

/** Generated users `from+1`..`to` (`user0001@example.com` …) with the factor mix above. */
export function generatedUsersBetween(from: number, to: number): { users: UserRec[]; factors: FactorRec[] } {
  const users: UserRec[] = []
  const factors: FactorRec[] = []
  for (let i = from + 1; i <= to; i++) {
    const login = generatedLogin(i)
    const role = generatedRole(i, login)
    const phone = `+1555${String(2_000_000 + i).padStart(7, '0')}`
    const u = user(login, 'User', String(i).padStart(4, '0'), { roles: role ? [role] : [], ...(i % 20 === 9 ? { lastLogin: null } : {}) }, phone)
    u.profile.department = DEPARTMENTS[i % DEPARTMENTS.length] ?? 'Engineering'
    users.push(u)
    factors.push(...generatedFactors(u, i, phone))
  }
  return { users, factors }
}

const SEED_GROUPS: Array<{ name: string; description: string; builtIn?: boolean; members: (u: UserRec, i: number | undefined) => boolean }> = [
  { name: 'Everyone', description: 'All users in your organization', builtIn: true, members: () => true },
  { name: 'Engineering', description: 'Engineering department', members: (u) => u.profile.department === 'Engineering' || u.profile.login === SEED_USERS.alice },
  { name: 'Contractors', description: 'External contractors', members: (u, i) => (i !== undefined ? i % 10 === 7 : u.profile.login === SEED_USERS.dave || u.profile.login === SEED_USERS.erin) },
  { name: 'Helpdesk', description: 'Support staff who reset MFA', members: (u, i) => (i !== undefined ? i % 100 === 13 : u.profile.login === SEED_USERS.bob) },
  { name: 'Admins', description: 'Holders of admin roles', members: (u) => u.roles.length > 0 },
]

/** The seeded groups, their members worked out from the users (ids derive from the names). */
export function seedGroups(users: UserRec[]): GroupRec[] {
  return SEED_GROUPS.map((g) => {
    const members = users.filter((u) => {
      const m = /^user(\d+)@example\.com$/.exec(u.profile.login)
      return g.members(u, m ? Number(m[1]) : undefined)
    })
    return {
      id: oktaId('00g', `group/${g.name}`),
      type: g.builtIn ? 'BUILT_IN' : 'OKTA_GROUP',
      created: T0,
      lastUpdated: T1,
      lastMembershipUpdated: T1,
      profile: { name: g.name, description: g.description },
      members: members.map((u) => u.id),
    }
  })
}
