// The sandbox org's data: users, their factors, push transactions, the outbox of one-time codes.
// Held in maps for lookups by id/login; serialised as plain arrays (see persist.ts).

export type FactorType =
  | 'call' | 'email' | 'push' | 'question' | 'signed_nonce' | 'sms' | 'token' | 'token:hardware'
  | 'token:hotp' | 'token:software:totp' | 'u2f' | 'web' | 'webauthn'
export type FactorStatus = 'ACTIVE' | 'PENDING_ACTIVATION'
export type PushMode = 'approve' | 'reject' | 'timeout' | 'manual'
export type PushAnswer = 'approve' | 'reject'
export type UserStatus = 'ACTIVE' | 'DEPROVISIONED'
export type OutboxChannel = 'sms' | 'call' | 'email'

export interface UserProfile {
  login: string
  email: string
  firstName: string
  lastName: string
  mobilePhone?: string | null
  secondEmail?: string | null
  department?: string
}

/** A group: derived from the users at load (the sandbox has no group-changing routes). */
export interface GroupRec {
  id: string
  type: 'OKTA_GROUP' | 'BUILT_IN'
  created: string
  lastUpdated: string
  lastMembershipUpdated: string
  profile: { name: string; description: string }
  /** Member user ids, in the users' order. */
  members: string[]
}

export interface RoleRec {
  id: string
  label: string
  type: string
  status: 'ACTIVE'
  created: string
  lastUpdated: string
  assignmentType: 'USER'
}

export interface UserRec {
  id: string
  status: UserStatus
  created: string
  activated: string | null
  statusChanged: string | null
  lastLogin: string | null
  lastUpdated: string
  passwordChanged: string | null
  profile: UserProfile
  roles: RoleRec[]
  /** This user answers every push with "reject" (bob). */
  rejectsPush?: boolean
  /** Signed-in sessions and OAuth tokens (DELETE …/sessions ends them). */
  sessions?: number
  oauthTokens?: number
  /** The user's temporary access code (issuing another replaces it). */
  tac?: { id: string; code: string; expiresAt: number; multiUse: boolean; created: string }
}

/** A push activation in progress ("scan the QR code in Okta Verify"). Times in ms. */
export interface PushActivation {
  startedAt: number
  expiresAt: number
  mode: PushMode
  delayMs: number
  answer?: PushAnswer
}

export interface FactorRec {
  id: string
  userId: string
  factorType: FactorType
  provider: string
  vendorName: string
  status: FactorStatus
  created: string
  lastUpdated: string
  profile: Record<string, string | null>
  factorProfileId?: string
  /** TOTP: base32 secret; token:hotp: hex secret. */
  secret?: string
  /** Security question: normalised answer. */
  answer?: string
  /** The sms/call/email code waiting to be entered (activation or verify). */
  otp?: { code: string; expiresAt: number }
  /** Activation attempts (ms) within the last 5 minutes. */
  attempts?: number[]
  /** Last accepted TOTP time step (replay protection). */
  lastStep?: number
  /** Last accepted YubiKey OTP (replay protection). */
  lastPassCode?: string
  pushActivation?: PushActivation
  /** u2f/webauthn activation challenge. */
  nonce?: string
  /** Path token of the activation QR code (`…/qr/{qrToken}`). */
  qrToken?: string
}

export interface TxRec {
  id: string
  userId: string
  factorId: string
  createdAt: number
  expiresAt: number
  mode: PushMode
  delayMs: number
  correctAnswer?: number
  answer?: PushAnswer
}

export interface OutboxEntry {
  id: string
  time: string
  userId: string
  login: string
  factorId: string
  channel: OutboxChannel
  to: string
  purpose: 'enroll' | 'resend' | 'verify' | 'activation-link'
  code?: string
  link?: string
  templateId?: string
  locale?: string
}

/** An uploaded YubiKey OTP seed: the org's YubiKey inventory (`/api/v1/org/factors/yubikey_token/tokens`). */
export interface YubikeyTokenRec {
  id: string
  /** The serial number, zero-padded to 12 digits as Okta shows it. */
  serial: string
  /** The key's public id: the first 12 (modhex) characters of every OTP it types. */
  publicId: string
  created: string
  lastUpdated: string
}

export interface StateData {
  version: 1
  token: string
  generatedUsers: number
  users: UserRec[]
  factors: FactorRec[]
  transactions: TxRec[]
  outbox: OutboxEntry[]
  /** `${channel}:${to}` → last time (ms) a code was sent there (30-second resend limit). */
  lastSent: Record<string, number>
  /** Uploaded YubiKey seeds (absent in state files written before the inventory existed). */
  yubikeyTokens?: YubikeyTokenRec[]
}

export const OUTBOX_LIMIT = 5000

export class Store {
  token: string
  generatedUsers: number
  private users = new Map<string, UserRec>()
  private byLogin = new Map<string, UserRec>()
  /** Login shortname → user, or null when two logins share the shortname. */
  private byShortname = new Map<string, UserRec | null>()
  private factors = new Map<string, FactorRec[]>()
  private transactions = new Map<string, TxRec>()
  private groupList: GroupRec[] = []
  outbox: OutboxEntry[] = []
  lastSent = new Map<string, number>()
  yubikeyTokens: YubikeyTokenRec[] = []

  constructor(
    data: StateData,
    /** Builds the groups from the users (seed.ts); none when not given. */
    private readonly deriveGroups?: (users: UserRec[]) => GroupRec[],
  ) {
    this.token = data.token
    this.generatedUsers = data.generatedUsers
    this.load(data)
  }

  /** Replaces everything but the token (used by reset and at construction). */
  load(data: Omit<StateData, 'token' | 'version'>): void {
    this.generatedUsers = data.generatedUsers
    this.users.clear()
    this.byLogin.clear()
    this.byShortname.clear()
    this.factors.clear()
    this.transactions.clear()
    for (const u of data.users) this.addUser(u)
    for (const f of data.factors) this.addFactor(f)
    for (const t of data.transactions) this.transactions.set(t.id, t)
    this.groupList = this.deriveGroups ? this.deriveGroups([...this.users.values()]) : []
    this.outbox = [...data.outbox]
    this.lastSent = new Map(Object.entries(data.lastSent))
    this.yubikeyTokens = [...(data.yubikeyTokens ?? [])]
  }

  toData(): StateData {
    return {
      version: 1,
      token: this.token,
      generatedUsers: this.generatedUsers,
      users: [...this.users.values()],
      factors: [...this.factors.values()].flat(),
      transactions: [...this.transactions.values()],
      outbox: this.outbox,
      lastSent: Object.fromEntries(this.lastSent),
      yubikeyTokens: this.yubikeyTokens,
    }
  }

  // ── users ────────────────────────────────────────────────────────────────

  addUser(u: UserRec): void {
    this.users.set(u.id, u)
    const login = u.profile.login.toLowerCase()
    this.byLogin.set(login, u)
    const short = login.split('@')[0] ?? login
    this.byShortname.set(short, this.byShortname.has(short) ? null : u)
  }

  /** By id only: the `/factors` and `/roles` routes take a user id (`pathUserId`). */
  userById(id: string): UserRec | undefined {
    return this.users.get(id)
  }

  /** By id, login or unambiguous login shortname (`pathId` of `GET /users/{id}`). */
  findUser(ref: string): UserRec | undefined {
    const lower = ref.toLowerCase()
    return this.users.get(ref) ?? this.byLogin.get(lower) ?? this.byShortname.get(lower) ?? undefined
  }

  userCount(): number {
    return this.users.size
  }

  /** Every user, in the order they were added (the order listings page through). */
  allUsers(): UserRec[] {
    return [...this.users.values()]
  }

  // ── groups ───────────────────────────────────────────────────────────────

  groups(): GroupRec[] {
    return this.groupList
  }

  group(id: string): GroupRec | undefined {
    return this.groupList.find((g) => g.id === id)
  }

  // ── factors ──────────────────────────────────────────────────────────────

  factorsOf(userId: string): FactorRec[] {
    return this.factors.get(userId) ?? []
  }

  factor(userId: string, factorId: string): FactorRec | undefined {
    return this.factorsOf(userId).find((f) => f.id === factorId)
  }

  addFactor(f: FactorRec): void {
    const list = this.factors.get(f.userId)
    if (list) list.push(f)
    else this.factors.set(f.userId, [f])
  }

  removeFactor(f: FactorRec): void {
    const rest = this.factorsOf(f.userId).filter((x) => x !== f)
    if (rest.length) this.factors.set(f.userId, rest)
    else this.factors.delete(f.userId)
    for (const t of this.transactions.values()) if (t.factorId === f.id) this.transactions.delete(t.id)
  }

  // ── push transactions ────────────────────────────────────────────────────

  addTransaction(t: TxRec): void {
    this.transactions.set(t.id, t)
  }

  transaction(id: string): TxRec | undefined {
    return this.transactions.get(id)
  }

  deleteTransaction(id: string): void {
    this.transactions.delete(id)
  }

  transactionsOf(userId: string): TxRec[] {
    return [...this.transactions.values()].filter((t) => t.userId === userId)
  }

  /** Drops transactions that expired more than an hour ago, so the state file stays small. */
  pruneTransactions(now: number): void {
    for (const t of this.transactions.values()) if (t.expiresAt + 3_600_000 < now) this.transactions.delete(t.id)
  }

  // ── outbox ───────────────────────────────────────────────────────────────

  send(entry: OutboxEntry, now: number): void {
    this.outbox.push(entry)
    if (this.outbox.length > OUTBOX_LIMIT) this.outbox.splice(0, this.outbox.length - OUTBOX_LIMIT)
    this.lastSent.set(`${entry.channel}:${entry.to}`, now)
  }
}
