import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bin, built, node, oktactl, skipNote, tempHome, type Home } from './helpers.js'

// The completion scripts in the shells they are for, driving the built binary as `oktactl` on
// PATH: bash through its completion function (what Tab calls), fish through `complete -C` (its
// own engine), zsh through the completion function with zsh's compadd/_describe/_files recorded.
// covers: ./commands/completion/run.js, ./commands/completion/index.js, ./commands/version/index.js

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0
const missing = (shell: string) => (has(shell) ? '' : ` (SKIPPED: no ${shell} on this machine; apt-get install ${shell})`)

let home: Home
let pathDir: string

beforeAll(async () => {
  if (!built) return
  home = tempHome('completion')
  pathDir = join(home.dir, 'bin')
  mkdirSync(pathDir)
  writeFileSync(join(pathDir, 'oktactl'), `#!/bin/sh\nexec '${node}' '${bin}' "$@"\n`)
  chmodSync(join(pathDir, 'oktactl'), 0o755)
  for (const name of ['prod', 'preview']) {
    const r = await oktactl(home, ['profile', 'add', name, '--org', `https://${name}.okta.com`, '--token-stdin'], { stdin: '00abcdefghijklmnopqrstuvwxyz0123456789ABCD\n' })
    expect(r.code, r.stderr).toBe(0)
  }
  writeFileSync(join(home.dir, 'users.csv'), 'login\n')
})
afterAll(() => home?.remove())

function shell(cmd: string, args: string[], script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args, script], { env: { ...home.env, PATH: `${pathDir}:${process.env.PATH}` }, cwd: home.dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err}`))
      else resolve(out)
    })
  })
}

const lines = (text: string) => text.split('\n').filter(Boolean)

describe(`completion in bash${skipNote}${missing('bash')}`, () => {
  const skip = !built || !has('bash')
  // What Tab would put in COMPREPLY for a line typed so far.
  async function tab(typed: string[]): Promise<string[][]> {
    const calls = typed.map((t) => `COMP_LINE=${JSON.stringify(t)}; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _oktactl_complete oktactl; printf '%s\\n' "\${COMPREPLY[@]}"; echo '--'`)
    const out = await shell('bash', ['--norc', '--noprofile', '-c'], `source <(oktactl completion bash)\n${calls.join('\n')}`)
    return out.split('--\n').slice(0, typed.length).map(lines)
  }

  it.skipIf(skip)('completes commands, verbs, flags, factor types (colons and all), profiles and files', async () => {
    const [nouns, verbs, flags, types, colon, profiles, files, eq] = await tab([
      'oktactl fa',
      'oktactl factors re',
      'oktactl factors reset --dr',
      'oktactl factors delete alice@example.com s',
      'oktactl factors enroll bob --type token:s',
      'oktactl --profile pr',
      'oktactl factors list --users-file us',
      'oktactl -o j',
    ])
    expect(nouns).toEqual(['factors'])
    expect(verbs?.sort()).toEqual(['resend', 'reset'])
    expect(flags).toEqual(['--dry-run'])
    expect(types).toEqual(['signed_nonce', 'sms'])
    // bash breaks words at ":"; only the part after the last one is replaced.
    expect(colon).toEqual(['software:totp'])
    expect(profiles?.sort()).toEqual(['preview', 'prod'])
    expect(files).toEqual(['users.csv'])
    expect(eq).toEqual(['json'])
  })

  it.skipIf(skip)('`complete -p` shows the function registered for oktactl', async () => {
    expect(await shell('bash', ['--norc', '--noprofile', '-c'], 'source <(oktactl completion bash); complete -p oktactl')).toContain('-F _oktactl_complete oktactl')
  })
})

describe(`completion in fish${skipNote}${missing('fish')}`, () => {
  it.skipIf(!built || !has('fish'))('complete -C offers verbs with descriptions, types, profiles and files', async () => {
    const out = await shell('fish', ['--no-config', '-c'], [
      'oktactl completion fish | source',
      'complete -C "oktactl factors ver"; echo ==',
      'complete -C "oktactl factors delete alice to"; echo ==',
      'complete -C "oktactl -p pre"; echo ==',
      'complete -C "oktactl factors list --users-file us"; echo ==',
      'complete -C "oktactl factors list --users-file=us"',
    ].join('\n'))
    const [verbs, types, profiles, files, eqFiles] = out.split('==\n').map(lines)
    expect(verbs).toEqual([expect.stringMatching(/^verify\t\S/)])
    expect(types).toEqual(['token', 'token:hardware', 'token:hotp', 'token:software:totp', 'totp\ttoken:software:totp'])
    expect(profiles).toEqual(['preview'])
    expect(files).toEqual(['users.csv'])
    expect(eqFiles).toEqual(['--users-file=users.csv'])
  })
})

describe(`completion in zsh${skipNote}${missing('zsh')}`, () => {
  it.skipIf(!built || !has('zsh'))('the completion function hands zsh the candidates, described ones through _describe', async () => {
    const out = await shell('zsh', ['-f', '-c'], [
      'autoload -U compinit && compinit -u -d "$HOME/.zcompdump"',
      'source <(oktactl completion zsh)',
      'print -r -- "registered: ${_comps[oktactl]}"',
      // Record what the function hands zsh (outside the line editor the builtins have nowhere to write).
      '_describe() { local n=${@[-1]}; print -rl -- "${(@P)n/#/D:}"; }',
      'compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; shift; print -rl -- "${@/#/A:}"; }',
      '_files() { print -r -- "FILES after ${IPREFIX}"; }',
      'words=(oktactl fac); CURRENT=2; _oktactl; print -- --',
      'words=(oktactl factors delete alice to); CURRENT=5; _oktactl; print -- --',
      'words=(oktactl --profile pr); CURRENT=3; _oktactl; print -- --',
      'words=(oktactl factors list --users-file u); CURRENT=5; _oktactl',
    ].join('\n'))
    const [head, types, profiles, files] = out.split('--\n').map(lines)
    expect(head?.[0]).toBe('registered: _oktactl')
    expect(head?.[1]).toMatch(/^D:factors:List, enroll/)
    // _describe gets value:description (a colon in a value escaped), compadd the plain values.
    expect(types).toEqual(['D:totp:token:software:totp', 'A:token', 'A:token:hardware', 'A:token:hotp', 'A:token:software:totp'])
    expect(profiles).toEqual(['A:preview', 'A:prod'])
    expect(files).toEqual(['FILES after '])
  })
})

describe(`oktactl version${skipNote}`, () => {
  it.skipIf(!built)('prints oktactl, Node and the platform; --json for scripts; --version stays', async () => {
    const t = tempHome('version')
    try {
      const json = await oktactl(t, ['version', '--json'])
      expect(json.code, json.stderr).toBe(0)
      const v = JSON.parse(json.stdout) as Record<string, string>
      const pkg = JSON.parse(spawnSync(node, ['-p', `JSON.stringify(require(${JSON.stringify(join(bin, '..', '..', 'package.json'))}))`], { encoding: 'utf8' }).stdout) as { version: string }
      expect(v).toEqual({ version: pkg.version, node: expect.stringMatching(/^v\d+\./), platform: process.platform, arch: process.arch })
      const tsv = await oktactl(t, ['version'])
      expect(lines(tsv.stdout)).toEqual([`oktactl\t${pkg.version}`, `node\t${v.node}`, `platform\t${process.platform} ${process.arch}`])
      expect((await oktactl(t, ['--version'])).stdout).toBe(`${pkg.version}\n`)
    } finally {
      t.remove()
    }
  })
})
