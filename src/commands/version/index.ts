import type { Command } from 'commander'
import { contextFor, type Context, type Services } from '../../context.js'
import { VERSION } from '../../version.js'

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

export function runVersion(ctx: Context, info: VersionInfo = versionInfo()): void {
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

export function defineVersion(cmd: Command, services: Services, run = runVersion): Command {
  return cmd
    .addHelpText('after', '\nPaste its output into a bug report. `oktactl --version` prints the version alone.\n\nExample:\n  $ oktactl version --json')
    .action((_o: unknown, c: Command) => run(contextFor(c, services)))
}
