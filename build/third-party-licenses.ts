import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import type { Plugin } from 'rolldown'

/**
 * dist/ bundles every runtime dependency, so the package ships their code without their
 * node_modules folders, and with them their license notices (MIT, ISC, BSD and Apache-2.0 all ask
 * that the notice travel with the code). This writes dist/THIRD-PARTY-LICENSES.txt: each package
 * whose code is in the bundle, its version, its license and the text of its license file. A
 * package without a license file fails the build (its notice would be missing).
 */
export function thirdPartyLicenses(): Plugin {
  return {
    name: 'oktactl:third-party-licenses',
    generateBundle(_options, bundle) {
      const packages = new Map<string, { name: string; version: string; license: string; text: string }>()
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue
        for (const id of item.moduleIds) {
          const dir = packageDir(id)
          if (!dir || packages.has(dir)) continue
          const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; license?: string }
          const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.\-_]|$)/i.test(f))
          const text = file ? readFileSync(join(dir, file), 'utf8').trim() : ''
          if (!text) this.error(`${pkg.name ?? dir} is bundled into dist/ but has no license file to ship with it (${pkg.license ?? 'no license field either'})`)
          packages.set(dir, { name: pkg.name ?? dir, version: pkg.version ?? '', license: pkg.license ?? 'see the text below', text })
        }
      }
      const entries = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
      const source = [
        'oktactl bundles the following packages into dist/. Their licenses follow.',
        ...entries.map((p) => [`${'='.repeat(78)}\n${p.name}@${p.version} (${p.license})`, p.text].filter(Boolean).join('\n\n')),
      ].join('\n\n')
      this.emitFile({ type: 'asset', fileName: 'THIRD-PARTY-LICENSES.txt', source: `${source}\n` })
    },
  }
}

/** The folder of the package a bundled module belongs to (the innermost node_modules/<name>), if any. */
function packageDir(id: string): string | undefined {
  const at = id.lastIndexOf(`${sep}node_modules${sep}`)
  if (id.startsWith('\0') || at < 0) return undefined
  const rest = id.slice(at + `${sep}node_modules${sep}`.length).split(sep)
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join(sep) : rest[0]
  if (!name) return undefined
  const dir = join(id.slice(0, at), 'node_modules', name)
  // Some packages keep a package.json per subfolder (e.g. "type": "module"); the package's own is at its root.
  return dirname(join(dir, 'package.json'))
}
