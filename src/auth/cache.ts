import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { stateDir, type Env } from '../config/paths.js'
import { writeFileAtomic } from '../util/fs.js'

/** One cached access token. The file holds secrets: mode 0600, written atomically. */
export interface CachedToken {
  accessToken: string
  tokenType: 'Bearer' | 'DPoP'
  /** Epoch milliseconds. */
  expiresAt: number
  scopes: string[]
  /** DPoP only: RFC 7638 thumbprint of the key the token is bound to. */
  jkt?: string
  orgUrl: string
  clientId: string
}

interface CacheFile {
  version: 1
  tokens: Record<string, CachedToken>
}

/** Tokens are used until this long before they expire, so a request never races the expiry. */
export const EARLY_EXPIRY_MS = 60_000

export function tokenCachePath(env: Env): string {
  return join(stateDir(env), 'tokens.json')
}

export function tokenCacheDisabled(env: Env, flagTokenCache: boolean | undefined): boolean {
  if (flagTokenCache === false) return true
  const v = env.OKTACTL_NO_TOKEN_CACHE
  return v !== undefined && v !== '' && !/^(0|false|no|off)$/i.test(v)
}

export function usable(t: { expiresAt: number }, nowMs: number): boolean {
  return t.expiresAt - EARLY_EXPIRY_MS > nowMs
}

/**
 * Access tokens of OAuth service apps, shared by every oktactl process of this user, so a loop
 * of invocations asks Okta for one token an hour instead of one per run. Keyed by org, client,
 * key thumbprint and scopes: two profiles with the same app, key and scopes share a token, and a
 * token is never used with another key (a DPoP-bound token only works with its own key).
 * Concurrent writers may drop each other's entry (last rename wins); the loser just fetches
 * again next time. The file is never required: read and write failures only cost a token request.
 */
export class TokenCache {
  constructor(
    readonly path: string,
    private readonly debug: (line: string) => void = () => {},
  ) {}

  static keyFor(o: { orgUrl: string; clientId: string; thumbprint: string; scopes: string[] }): string {
    return [o.orgUrl, o.clientId, o.thumbprint, [...o.scopes].sort().join(' ')].join('|')
  }

  async get(key: string): Promise<CachedToken | undefined> {
    return (await this.read()).tokens[key]
  }

  async put(key: string, token: CachedToken, nowMs: number): Promise<void> {
    const file = await this.read()
    for (const [k, t] of Object.entries(file.tokens)) if (!usable(t, nowMs)) delete file.tokens[k]
    file.tokens[key] = token
    await this.write(file)
  }

  async delete(key: string): Promise<void> {
    const file = await this.read()
    if (!(key in file.tokens)) return
    delete file.tokens[key]
    if (Object.keys(file.tokens).length === 0) {
      await rm(this.path, { force: true }).catch(() => undefined)
      return
    }
    await this.write(file)
  }

  private async read(): Promise<CacheFile> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch {
      return { version: 1, tokens: {} }
    }
    try {
      const doc = JSON.parse(text) as Partial<CacheFile>
      if (doc.version === 1 && doc.tokens && typeof doc.tokens === 'object') return { version: 1, tokens: { ...doc.tokens } }
    } catch {
      // A damaged cache is replaced on the next write.
    }
    this.debug(`token cache ${this.path} is unreadable; ignoring it`)
    return { version: 1, tokens: {} }
  }

  private async write(file: CacheFile): Promise<void> {
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(file)}\n`, 0o600)
    } catch (err) {
      this.debug(`could not write the token cache ${this.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
  }
}
