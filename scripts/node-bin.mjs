// The path of a Node binary of the given major line, installed from the npm registry (the `node`
// package at that major) into .cache/node/<major> in the working tree, which git ignores.
// Installed once; later runs reuse it.
//   node scripts/node-bin.mjs 24   → prints /…/.cache/node/24/node_modules/node/bin/node
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function nodeBin(major) {
  if (!/^\d+$/.test(String(major))) throw new Error(`node-bin: not a major version: ${major}`)
  const dir = join(fileURLToPath(new URL('..', import.meta.url)), '.cache', 'node', String(major))
  const bin = join(dir, 'node_modules', 'node', 'bin', 'node')
  if (!existsSync(bin)) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    execFileSync(npm, ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node@${major}`], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (!existsSync(bin)) throw new Error(`node-bin: npm installed node@${major} but ${bin} is missing`)
  }
  return bin
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(nodeBin(process.argv[2]))
