import type Conf from 'conf'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AuthError } from '../errors.js'
import { tokenCachePath } from '../auth/cache.js'
import { tightenIfLoose } from '../util/fs.js'
import { loadConf } from '../util/lazy.js'
import { configDir, stateDir, type Env } from './paths.js'

/** A stored org profile. Secrets (the SSWS token) live only here, in a file of mode 0600. */
export interface Profile {
  orgUrl: string
  authMode?: 'SSWS' | 'PrivateKey'
  token?: string
  clientId?: string
  /** Path to a PEM or JWK file; the key itself is never copied into the profile. */
  privateKeyPath?: string
  keyId?: string
  scopes?: string[]
  readOnly?: boolean
  requireTicket?: boolean
}

interface StoreShape {
  defaultProfile?: string
  profiles: Record<string, Profile>
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/

/**
 * Profiles in a conf store: `config.json` under the config dir, mode 0600, written atomically
 * (conf writes a temporary file and renames it). conf is imported lazily: most commands never
 * open the store.
 */
export class ProfileStore {
  private constructor(private readonly conf: Conf<StoreShape>) {}

  static async open(env: Env): Promise<ProfileStore> {
    const ConfClass = await loadConf()
    const cwd = configDir(env)
    // conf would create the directory with the umask's mode (0755): it holds tokens, so 0700.
    // A directory that cannot be made is said at once: conf's atomic write would retry for a minute.
    await mkdir(cwd, { recursive: true, mode: 0o700 }).catch((err: unknown) => {
      throw unreadableStore(join(cwd, 'config.json'), err)
    })
    try {
      const conf = new ConfClass<StoreShape>({
        projectName: 'oktactl',
        projectSuffix: '',
        cwd,
        configName: 'config',
        configFileMode: 0o600,
        defaults: { profiles: {} },
      })
      return new ProfileStore(conf)
    } catch (err) {
      throw unreadableStore(join(cwd, 'config.json'), err)
    }
  }

  get path(): string {
    return this.conf.path
  }

  list(): Array<[string, Profile]> {
    return Object.entries(this.conf.get('profiles') ?? {}).sort(([a], [b]) => a.localeCompare(b))
  }

  get(name: string): Profile | undefined {
    return (this.conf.get('profiles') ?? {})[name]
  }

  set(name: string, profile: Profile): void {
    const profiles = { ...(this.conf.get('profiles') ?? {}), [name]: profile }
    this.conf.set('profiles', profiles)
  }

  remove(name: string): boolean {
    const profiles = { ...(this.conf.get('profiles') ?? {}) }
    if (!(name in profiles)) return false
    delete profiles[name]
    this.conf.set('profiles', profiles)
    if (this.defaultName() === name) this.conf.delete('defaultProfile')
    return true
  }

  defaultName(): string | undefined {
    return this.conf.get('defaultProfile')
  }

  setDefault(name: string): void {
    this.conf.set('defaultProfile', name)
  }
}

/**
 * A store conf cannot read: say which file and how to fix it. Not JSON.parse's message: V8 quotes
 * the text around the mistake, and this file holds API tokens.
 */
function unreadableStore(path: string, err: unknown): AuthError {
  const how = 'Fix it by hand (it holds API tokens: keep it mode 0600), or move it away and add the profiles again with `oktactl profile add`.'
  if (err instanceof SyntaxError) {
    const at = /position (\d+)/.exec(err.message)?.[1]
    return new AuthError(`The profile store ${path} is not valid JSON${at ? ` (near character ${at})` : ''}.`, how)
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return new AuthError(`Cannot read the profile store ${path}${code ? ` (${code})` : ''}.`, how)
}

/**
 * Open the profile store. Where tokens live (the store, the OAuth token cache) must not be
 * readable by others: each loose path is fixed, with one warning naming it.
 */
export async function openStore(env: Env, warn: (line: string) => void): Promise<ProfileStore> {
  const store = await ProfileStore.open(env)
  const paths: Array<[string, number]> = [[configDir(env), 0o700], [store.path, 0o600], [stateDir(env), 0o700], [tokenCachePath(env), 0o600]]
  for (const [path, mode] of paths) {
    const was = await tightenIfLoose(path, mode).catch(() => undefined)
    if (was !== undefined) warn(`${path} was readable by group or others (mode ${octal(was)}); oktactl set it to ${octal(mode)}: it holds credentials.`)
  }
  return store
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0')
