import { contextFor, type Context, type Services } from '../../context.js'
import { VERSION } from '../../version.js'
import type { Noun } from '../verb.js'

export interface VersionInfo {
  version: string
  node: string
  platform: string
  arch: string
}

/** What a bug report needs: oktactl's version, the Node.js running it, and the platform. */
export function versionInfo(proc: Pick<NodeJS.Process, 'version' | 'platform' | 'arch'> = process): VersionInfo {
  return { version: VERSION, node: proc.version, platform: proc.platform, arch: proc.arch }
}

/** `oktactl version` is one command (created in program.ts), with no arguments or flags of its own. */
const declare = (noun: Noun) => noun

/** `oktactl version` takes nothing but the output format (a global option). */
export type VersionRequest = Record<string, never>

/** Pure: nothing to parse. */
export function parseVersion(): VersionRequest {
  return {}
}

export function runVersion(_req: VersionRequest, ctx: Context, info: VersionInfo = versionInfo()): void {
  if (ctx.out.json) {
    ctx.out.printJson(info)
    return
  }
  if (ctx.out.format === 'tsv') {
    ctx.out.printText(`oktactl\t${info.version}\nnode\t${info.node}\nplatform\t${info.platform} ${info.arch}`)
    return
  }
  ctx.out.printText(`oktactl  ${info.version}\nnode     ${info.node}\nplatform ${info.platform} ${info.arch}`)
}

export function defineVersion(noun: Noun, services: Services, run = runVersion) {
  return declare(noun)
    .addHelpText('after', '\nPaste its output into a bug report. `oktactl --version` prints the version alone.\n\nExample:\n  $ oktactl version --json')
    .action((_o, c) => run(parseVersion(), contextFor(c, services)))
}
