#!/usr/bin/env node
// A walk-through of oktactl against a local sandbox org: `npm run build && npm run demo`.
// Profiles and state go to a temporary directory, so your own profiles are never touched.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateSync } from 'otplib'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'oktactl.js')
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('Build first: npm run build')
  process.exit(1)
}
const dir = mkdtempSync(join(tmpdir(), 'oktactl-demo-'))
const env = { ...process.env, OKTACTL_CONFIG_DIR: join(dir, 'config'), OKTACTL_STATE_DIR: join(dir, 'state'), OKTACTL_PROFILE: 'sandbox' }
for (const k of ['OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN', 'OKTA_ORG_URL', 'OKTA_API_TOKEN']) delete env[k]

const help = spawnSync(process.execPath, [bin, 'sandbox', '--help'], { env, encoding: 'utf8' })
if (help.status !== 0) {
  console.error('This build has no `oktactl sandbox` command (register it in src/program.ts).')
  process.exit(1)
}

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
function step(title, ...args) {
  console.log(`\n${bold(`# ${title}`)}\n$ oktactl ${args.join(' ')}`)
  const r = spawnSync(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.status !== 0) console.log(`(exit ${r.status})`)
  return r.status
}
const capture = (...args) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' }).stdout.trim()

console.log(bold('Starting a sandbox org (oktactl sandbox start --push-delay 1) …'))
const server = spawn(process.execPath, [bin, 'sandbox', 'start', '--json', '--push-delay', '1'], { env, stdio: ['ignore', 'pipe', 'ignore'] })
let out = ''
server.stdout.on('data', (c) => (out += c))
for (let i = 0; i < 100 && !out.includes('}'); i++) await new Promise((r) => setTimeout(r, 50))
const { orgUrl, stateFile } = JSON.parse(out)
console.log(`Org ${orgUrl}; profile "sandbox" (in ${dir})`)

try {
  step("Alice's factors", 'factors', 'list', 'alice')
  step('Enroll an SMS factor for dave (the code goes to the outbox)', 'factors', 'enroll', 'dave', '--type', 'sms', '--phone', '+15551234567')
  step('What the sandbox "sent"', 'sandbox', 'outbox', 'dave')
  step('Activate it with that code', 'factors', 'activate', 'dave', 'sms', '--code', capture('sandbox', 'outbox', 'dave', '--code'))
  const state = JSON.parse(readFileSync(stateFile, 'utf8'))
  const alice = state.users.find((u) => u.profile.login === 'alice@example.com')
  const totp = state.factors.find((f) => f.userId === alice.id && f.factorType === 'token:software:totp')
  step("Verify alice's TOTP with the code her authenticator shows now", 'factors', 'verify', 'alice', 'totp', '--code', generateSync({ secret: totp.secret }))
  step('Push to alice and wait (she approves after a second)', 'factors', 'verify', 'alice', 'push', '--wait')
  step('Push to bob and wait (bob rejects everything: exit 3)', 'factors', 'verify', 'bob', 'push', '--wait')
  step("Reset all of carol's factors", 'factors', 'reset', 'carol', '--yes')
  step('A deprovisioned user cannot be changed (exit 4)', 'factors', 'delete', 'erin', 'sms', '--yes')
} finally {
  server.kill('SIGINT')
  await new Promise((r) => server.on('exit', r))
  rmSync(dir, { recursive: true, force: true })
  console.log(`\n${bold('Sandbox stopped.')} Run your own: oktactl sandbox start`)
}
