import { homedir } from 'node:os'
import { join } from 'node:path'

export type Env = Readonly<Record<string, string | undefined>>

/** Where profiles live. OKTACTL_CONFIG_DIR wins, then XDG_CONFIG_HOME, then ~/.config. */
export function configDir(env: Env): string {
  if (env.OKTACTL_CONFIG_DIR) return env.OKTACTL_CONFIG_DIR
  const base = env.XDG_CONFIG_HOME || join(home(env), '.config')
  return join(base, 'oktactl')
}

/** Where state lives (audit log, token cache, sandbox state). OKTACTL_STATE_DIR, XDG_STATE_HOME, ~/.local/state. */
export function stateDir(env: Env): string {
  if (env.OKTACTL_STATE_DIR) return env.OKTACTL_STATE_DIR
  const base = env.XDG_STATE_HOME || join(home(env), '.local', 'state')
  return join(base, 'oktactl')
}

export function home(env: Env): string {
  return env.HOME || homedir()
}
