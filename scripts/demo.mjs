#!/usr/bin/env node
// A guided tour of oktactl against a local sandbox org: `npm run demo` (installs and builds first).
// HOME, profiles and state live in a temporary directory, so your own profiles are never touched;
// it is removed at the end unless you pass --keep.
//
// Every step says what it runs and which exit code it expects. The tour stops at the first step
// that surprises it and exits 1; it exits 0 when every step did what it should.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateSync } from 'otplib'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'oktactl.js')
const keep = process.argv.includes('--keep')
const tty = Boolean(process.stdout.isTTY)
const bold = (s) => (tty && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s) => (tty && !process.env.NO_COLOR ? `\x1b[2m${s}\x1b[0m` : s)
const started = Date.now()

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('Build first: npm run build (or run the whole tour with `npm run demo`).')
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), 'oktactl-demo-'))
const env = { ...process.env, HOME: dir, OKTACTL_CONFIG_DIR: join(dir, 'config'), OKTACTL_STATE_DIR: join(dir, 'state'), OKTACTL_PROFILE: 'sandbox' }
for (const k of ['OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN', 'OKTA_ORG_URL', 'OKTA_API_TOKEN', 'OKTACTL_AUDIT_LOG', 'OKTA_CLIENT_AUTHORIZATIONMODE']) delete env[k]

/** Runs oktactl; at a terminal its output goes straight there (tables, the QR code), else it is captured and printed. */
function oktactl(args, { show = true } = {}) {
  return new Promise((resolve, reject) => {
    const inherit = show && tty
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'] })
    let stdout = ''
    let stderr = ''
    let both = '' // stdout and stderr in the order they arrived, as a terminal would show them
    child.stdout?.setEncoding('utf8').on('data', (c) => {
      stdout += c
      both += c
    })
    child.stderr?.setEncoding('utf8').on('data', (c) => {
      stderr += c
      both += c
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (show && !inherit) process.stdout.write(both)
      resolve({ code: code ?? (signal === 'SIGINT' ? 130 : 1), stdout, stderr })
    })
  })
}

class Surprise extends Error {}

/** One step of the tour: a title, the command, and the exit code it should end with. */
async function step(title, args, { expect = 0, why } = {}) {
  if (interrupted) throw new Surprise('interrupted')
  console.log(`\n${bold(`# ${title}`)}`)
  console.log(`$ oktactl ${args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`)
  const r = await oktactl(args)
  if (r.code !== expect) {
    throw new Surprise(`expected exit ${expect}, got exit ${r.code}: oktactl ${args.join(' ')}`)
  }
  if (expect !== 0) console.log(dim(`(exit ${r.code}, as expected${why ? `: ${why}` : ''})`))
  return r
}

/** Output a later step needs (not shown). */
async function capture(args) {
  const r = await oktactl(args, { show: false })
  if (r.code !== 0) throw new Surprise(`oktactl ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`)
  return r.stdout.trim()
}

/** The code an authenticator app shows at `epoch` (seconds), from the otpauth:// URI oktactl saved. */
function totp(uriFile, epoch) {
  const u = new URL(readFileSync(uriFile, 'utf8').trim())
  const p = u.searchParams
  return generateSync({
    secret: p.get('secret'),
    algorithm: (p.get('algorithm') ?? 'SHA1').toLowerCase(),
    digits: Number(p.get('digits') ?? 6),
    period: Number(p.get('period') ?? 30),
    epoch,
  })
}

/** `oktactl sandbox start` in the background, once it has printed its org URL. */
async function startSandbox() {
  const server = spawn(process.execPath, [bin, 'sandbox', 'start', '--json', '--port', '0', '--push-delay', '1', '--users', '200'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  server.stdout.setEncoding('utf8').on('data', (c) => (out += c))
  server.stderr.setEncoding('utf8').on('data', (c) => (err += c))
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)))
  for (let i = 0; i < 200; i++) {
    try {
      return { server, exited, ...JSON.parse(out) }
    } catch {
      if (server.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  server.kill('SIGKILL')
  throw new Surprise(`the sandbox did not start:\n${err.trim()}`)
}

let sandbox
let failed
let interrupted = false
// Ctrl-C reaches every process in the terminal's group (the sandbox and the running step too);
// the tour just stops and cleans up.
process.on('SIGINT', () => {
  interrupted = true
})

try {
  console.log(bold('Starting a sandbox org: oktactl sandbox start --port 0 --push-delay 1 --users 200'))
  sandbox = await startSandbox()
  console.log(`Org ${sandbox.orgUrl}, saved as profile "sandbox" in a temporary HOME (${dir}).`)
  console.log('Seeded users: alice (sms, TOTP, push, question), bob (rejects every push), carol (super admin), dave (no factors),')
  console.log('and user0001 … user0200 with a realistic mix (some with none, some SMS only, Okta Verify, WebAuthn, a few admins).')

  await step("Alice's factors", ['factors', 'list', 'alice'])

  const png = join(dir, 'dave-totp.png')
  const uriFile = join(dir, 'dave.uri')
  await step('Enroll a TOTP authenticator for dave, saving its QR code and its otpauth:// URI (both mode 0600)', [
    'factors', 'enroll', 'dave', '--type', 'totp', '--qr-file', png, '--secret-file', uriFile,
  ])
  console.log(dim(`(Scan ${png} with any authenticator app to follow along.${keep ? '' : ' The temporary directory goes at the end: `npm run demo -- --keep` keeps it.'})`))

  // The sandbox checks codes per RFC 6238 and accepts the previous, current and next 30 s step,
  // but never a step at or before the last one used. So: activate with the code the app shows
  // now, and verify with the one it shows next, rather than wait up to 30 s.
  const now = Math.floor(Date.now() / 1000)
  console.log(dim(`\n(The demo plays dave's authenticator app: it computes the codes from the secret in ${uriFile} with otplib.)`))
  await step("Activate it with the code dave's app shows now", ['factors', 'activate', 'dave', 'totp', '--code', totp(uriFile, now)])
  await step('Verify a sign-in with the next code (the sandbox accepts one step ahead; a replayed code would exit 3)', [
    'factors', 'verify', 'dave', 'totp', '--code', totp(uriFile, now + 30),
  ])

  await step('Push to alice and wait for her answer (she approves after a second)', ['factors', 'verify', 'alice', 'push', '--wait'])
  await step('Push to bob and wait (bob rejects every push)', ['factors', 'verify', 'bob', 'push', '--wait'], { expect: 3, why: 'rejected' })

  await step('Enroll an SMS factor for dave (the sandbox puts the code in its outbox, it sends nothing)', [
    'factors', 'enroll', 'dave', '--type', 'sms', '--phone', '+15551234567',
  ])
  await step('What the sandbox "sent"', ['sandbox', 'outbox', 'dave'])
  await step('Activate the SMS factor with that code', ['factors', 'activate', 'dave', 'sms', '--code', await capture(['sandbox', 'outbox', 'dave', '--code'])])

  await step('Which admins lack a phishing-resistant factor? (read-only; the summary follows the table at a terminal)', [
    'report', 'mfa', '--group', 'Admins', '--with-roles',
  ])
  // The whole org as a report to hand on: outside the temporary HOME, so it outlives the tour.
  const html = join(tmpdir(), 'oktactl-demo-mfa-report.html')
  const csv = join(tmpdir(), 'oktactl-demo-mfa-report.csv')
  console.log(`\n${bold('# The MFA posture of every user, as a self-contained HTML page and a CSV (table not shown)')}`)
  console.log(`$ oktactl report mfa --all-users --with-roles --html ${html} --csv ${csv}`)
  await capture(['report', 'mfa', '--all-users', '--with-roles', '--html', html, '--csv', csv])
  console.log(`HTML report: ${html}\nCSV report:  ${csv}`)

  await step("Delete dave's SMS factor (--yes: no question asked)", ['factors', 'delete', 'dave', 'sms', '--yes'])
  await step('An attacker push-bombs alice (simulated: 12 pushes, each denied, in the System Log)', ['sandbox', 'push', 'alice', 'reject', '--times', '12'])
  await step("Her recent MFA activity, as the helpdesk agent sees it", ['factors', 'activity', 'alice', '--since', '1h'])
  // The helpdesk call, end to end: reset, sign the attacker out, give the real user a way back in.
  // The temporary access code is shown once at a terminal; captured output needs --json --show-secret.
  await step("Helpdesk: the reset screen warns of the push bombing; reset alice's factors, end her sessions and tokens, and issue a temporary access code", [
    'factors', 'reset', 'alice', '--yes', '--ticket', 'INC-42', '--revoke-sessions', '--revoke-tokens', '--issue-tac', '--tac-ttl', '30',
    ...(tty ? [] : ['--json', '--show-secret']),
  ])
  await step('The audit trail of that call (the code itself is never recorded)', ['audit', '--user', 'alice'])
  await step('Reset carol: she holds SUPER_ADMIN, so the helpdesk guard refuses without --allow-admin', ['factors', 'reset', 'carol', '--yes'], {
    expect: 4,
    why: 'admins are refused',
  })
} catch (err) {
  failed = err
} finally {
  if (sandbox) {
    if (sandbox.server.exitCode === null) sandbox.server.kill('SIGINT')
    const code = await sandbox.exited
    if (code !== 0 && !failed && !interrupted) failed = new Surprise(`the sandbox exited ${code} when stopped`)
  }
  if (keep) console.log(`\nKept ${dir} (profiles, state, the QR code).`)
  else rmSync(dir, { recursive: true, force: true })
}

const secs = ((Date.now() - started) / 1000).toFixed(1)
if (interrupted) {
  console.log('\nInterrupted.')
  process.exitCode = 130
} else if (failed) {
  console.error(`\nThe tour stopped: ${failed instanceof Surprise ? failed.message : (failed?.stack ?? failed)}`)
  process.exitCode = 1
} else {
  console.log(`\n${bold('Every step did what it should')} (${secs} s). Sandbox stopped.`)
  console.log('Run your own: oktactl sandbox start   (then, in another terminal: oktactl --profile sandbox factors list alice)')
}
