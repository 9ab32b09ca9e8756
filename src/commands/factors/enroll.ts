import { access, constants, stat } from 'node:fs/promises'
import { dirname, resolve as resolvePath } from 'node:path'
import { activationQrHref, enrollFactor, pollHref } from '../../api/factors.js'
import type { UserFactor } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { parsePositiveNumber } from '../../config/flags.js'
import { UsageError } from '../../errors.js'
import { writeFileAtomic } from '../../util/fs.js'
import { SECRET_FLAGS, buildEnrollPlan, parseEnrollSpec, secretFlagsOf, type EnrollSecrets, type EnrollSpec } from '../../factors/enroll-plan.js'
import { waitForPushActivation } from '../../factors/push-activation.js'
import { factorColumns } from '../../factors/columns.js'
import { oktactlFor } from '../../factors/confirm.js'
import { secretValue } from '../../factors/secrets.js'
import { resolveUser, userLabel } from '../../factors/resolve.js'
import { otpauthUri, terminalQr, writeQrPng } from '../../factors/totp.js'
import { DEFAULT_WAIT_SECONDS } from '../../factors/wait.js'
import { audited } from '../../audit/record.js'
import { addBulkOptions, parseBulkSettings, parseTarget, typedArgs, type BulkSettings } from '../../bulk/options.js'
import { shellArg } from '../../output/shell.js'
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; EnrollFlags is inferred from them. */
const declare = (parent: Noun) =>
  addBulkOptions(
    parent
      .command('enroll')
      .description('Enroll a factor for a user (or many: a file, a group, a search)')
      .argument('[user]', 'user id, login, email or login shortname')
      .requiredOption('--type <factorType>', 'sms, call, email, push, question, token:software:totp (totp), token, token:hardware, token:hotp, u2f, webauthn')
      .option('--provider <provider>', 'OKTA (default), GOOGLE (totp), RSA or SYMANTEC (token), YUBICO, CUSTOM, FIDO')
      .option('--phone <e164>', 'sms/call: phone number in E.164 form, e.g. +15551234567')
      .option('--extension <digits>', 'call: phone extension')
      .option('--email <address>', "email: the user's verified primary or secondary email")
      .option('--question <key>', 'question: question key (see `factors questions`)')
      .option('--answer <text>', 'question: the answer: - reads it from stdin; left out, a terminal asks (never a literal value)')
      .option('--credential-id <id>', 'token: the RSA/Symantec credential id')
      .option('--passcode <code>', 'token, token:hardware: a current code (use - for stdin)')
      .option('--next-passcode <code>', 'token (SYMANTEC): the next code (- reads the next line of stdin)')
      .option('--factor-profile-id <id>', 'token:hotp: the custom TOTP factor profile id')
      .option('--shared-secret <secret>', 'token:hotp: the shared secret: - reads it from stdin; left out, a terminal asks (never a literal value)')
      .option('--activate', 'activate at enrollment (sms, call, email, token:hotp); no code is sent')
      .option('--update-phone', 'sms/call: replace the phone of an existing unverified factor')
      .option('--template-id <id>', 'sms: SMS template id')
      .option('--token-lifetime <seconds>', 'lifetime of the code sent, 1-86400 (default 300)')
      .option('--accept-language <lang>', 'sms: language of the message')
      .option('--wait', 'push: wait until the user has scanned the QR code and the factor is ACTIVE')
      .option('--wait-timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`)
      .option('--qr-file <png>', 'totp: write the QR code to a PNG file (mode 0600)')
      .option('--secret-file <file>', 'totp: write the otpauth:// URI to a file (mode 0600), for scripts'),
  ).option('--dry-run', 'bulk: show what would be done; change nothing')
export type EnrollFlags = FlagsOf<ReturnType<typeof declare>>

/** One user's enrollment: the checked flags, the secrets as given, where the TOTP secret goes, how long a push --wait waits. */
export interface EnrollOneRequest {
  kind: 'one'
  user: string
  spec: EnrollSpec
  /** As given: - reads stdin, a one-time code as is, left out a terminal asks. Only those spec.secrets names are read. */
  secretFlags: Record<keyof EnrollSecrets, string | undefined>
  qrFile?: string
  secretFile?: string
  /** push --wait: how long to wait; undefined without --wait. */
  waitSeconds?: number
}

/** Every user of a users file (or a group, a search…): the spec for all of them, and where they come from. */
export interface EnrollBulkRequest {
  kind: 'bulk'
  spec: EnrollSpec
  settings: BulkSettings
  dryRun: boolean
  args: string[]
}

/** What `factors enroll` was asked to do: enroll one user, or every user of a users file. */
export type EnrollRequest = EnrollOneRequest | EnrollBulkRequest

/**
 * Pure: flags and operands → a request, or a UsageError before anything is sent: every flag and
 * combination is checked here (parseEnrollSpec), for one user and for many alike.
 */
export function parseEnroll(user: string | undefined, o: EnrollFlags, args: string[] = []): EnrollRequest {
  const target = parseTarget(user, o)
  if (target.kind === 'bulk') {
    const spec = parseEnrollSpec(o, true)
    return { kind: 'bulk', spec, settings: parseBulkSettings(target.source, o), dryRun: Boolean(o.dryRun), args }
  }
  if (o.dryRun) throw new UsageError('--dry-run applies to bulk runs (--users-file, --group, --search, --filter, --all-users).')
  const spec = parseEnrollSpec(o)
  const waitSeconds = parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS
  const secretFlags = secretFlagsOf(o)
  // A secret the type reads, given empty on the command line (secretValue refuses it the same way).
  for (const key of spec.secrets) {
    const v = secretFlags[key]
    if (v !== undefined && v !== '-' && !v.trim()) throw new UsageError(`${SECRET_FLAGS[key].name} must not be empty.`)
  }
  return {
    kind: 'one',
    user: target.user,
    spec,
    secretFlags,
    qrFile: o.qrFile,
    secretFile: o.secretFile,
    waitSeconds: o.wait ? waitSeconds : undefined,
  }
}

export async function runEnroll(req: EnrollRequest, ctx: Context): Promise<void> {
  if (req.kind === 'bulk') return (await import('../../bulk/enroll.js')).bulkEnroll(req, ctx)
  return enrollOne(req, ctx)
}

async function enrollOne(req: EnrollOneRequest, ctx: Context): Promise<void> {
  const { user, spec } = req
  const { factorType, provider } = spec
  // The flags were checked by parseEnroll; before asking for secrets or sending anything, what
  // looks at the terminal and the files.
  refuseLostTotpSecret(ctx, factorType, req)
  if (factorType === 'token:software:totp') for (const file of [req.qrFile, req.secretFile]) if (file) await assertWritable(file, ctx.cwd)

  const secrets: EnrollSecrets = {}
  for (const key of spec.secrets) {
    const s = SECRET_FLAGS[key]
    secrets[key] = await secretValue(ctx, req.secretFlags[key], { flag: s.name, prompt: s.prompt, required: true })
  }
  const plan = buildEnrollPlan(spec, secrets)

  const api = await ctx.api()
  const u = await resolveUser(api, user)
  const { data: factor } = await audited(ctx, { command: 'factors enroll', user: { userId: u.id, login: u.login }, factor: { factorType } }, () =>
    enrollFactor(api, { userId: u.id, ...plan }),
  )
  const account = u.login ?? user

  const uri = factor.factorType === 'token:software:totp' ? otpauthUri(factor, account, api.orgUrl) : undefined
  if (uri && req.qrFile) await writeQrPng(uri, req.qrFile)
  if (uri && req.secretFile) await writeFileAtomic(req.secretFile, `${uri}\n`, 0o600)

  let result: UserFactor = factor
  if (factor.factorType === 'push' && req.waitSeconds !== undefined && factor.status !== 'ACTIVE') {
    showPushActivation(ctx, factor)
    // The factor exists whatever the wait does: a wait that fails or runs out prints it first, as
    // an enroll without --wait does (its id on stdout, JSON with --json), and says how to go on.
    result = await waitForPushActivation(ctx, api, factor, { label: userLabel(u), user }, req.waitSeconds, () => printEnrolled(ctx, factor))
  }

  await printEnrolled(ctx, result)
  if (!ctx.out.json && uri && ctx.io.stdoutIsTTY) {
    ctx.out.printText(`\nScan this with the authenticator app (${provider === 'GOOGLE' ? 'Google Authenticator' : 'Okta Verify or any TOTP app'}):\n`)
    ctx.out.printDrawing(await terminalQr(uri, ctx.out.theme.level > 0))
    ctx.out.printText(`Secret (if the code cannot be scanned): ${factor._embedded?.activation?.sharedSecret ?? ''}`)
  }
  // After a push --wait, waitForPushActivation has already said it is active.
  if (result === factor) nextStep(ctx, result, user)
  if (req.qrFile && uri) ctx.out.note(`QR code written to ${req.qrFile} (mode 0600: it contains the secret).`)
}

/** The enrolled factor on stdout: Okta's object with --json, else one row. */
async function printEnrolled(ctx: Context, f: UserFactor): Promise<void> {
  if (ctx.out.json) ctx.out.printJson(f)
  else await ctx.out.printList([f], factorColumns(ctx.now))
}

/**
 * Okta shows a TOTP factor's secret once, in the enroll answer, and oktactl prints it only to a
 * terminal and never in --json. Without --qr-file or --secret-file it would be lost, leaving a
 * pending factor nobody can activate: refuse before anything is sent.
 */
function refuseLostTotpSecret(ctx: Context, factorType: string, o: { qrFile?: string; secretFile?: string }): void {
  if (factorType !== 'token:software:totp' || o.qrFile || o.secretFile) return
  if (ctx.io.stdoutIsTTY && !ctx.out.json) return
  throw new UsageError(
    `The TOTP secret would be lost: it is shown only on a terminal, ${ctx.out.json ? 'never in --json' : 'and stdout is not one'}. Nothing was sent.`,
    'Save it with --secret-file <file> (the otpauth:// URI) or --qr-file <png> (both written with mode 0600).',
  )
}

function showPushActivation(ctx: Context, factor: UserFactor): void {
  const qr = activationQrHref(factor)
  if (qr) ctx.out.note(`Ask the user to scan the activation QR code in Okta Verify: ${qr}`)
}

function nextStep(ctx: Context, f: UserFactor, user: string): void {
  if (f.status !== 'PENDING_ACTIVATION') {
    ctx.out.success(`Enrolled ${f.factorType} (${f.id}); status ${f.status}.`)
    return
  }
  const id = shellArg(f.id)
  switch (f.factorType) {
    case 'sms':
    case 'call':
    case 'email':
      ctx.out.note(`A code was sent by ${f.factorType}. Next: ${oktactlFor(ctx)} factors activate ${shellArg(user)} ${id} --code <code>`)
      break
    case 'token:software:totp':
      ctx.out.note(`Next: ${oktactlFor(ctx)} factors activate ${shellArg(user)} ${id} --code <code from the app>`)
      break
    case 'push':
      showPushActivation(ctx, f)
      if (pollHref(f)) ctx.out.note(`Next: ${oktactlFor(ctx)} factors activate ${shellArg(user)} ${id} --wait`)
      break
    default:
      ctx.out.note(`The ${f.factorType} factor must be activated from the user's browser or device.`)
  }
}

export function defineEnroll(parent: Noun, services: Services, run = runEnroll) {
  return declare(parent)
    .addHelpText(
      'after',
      `
Examples:
  $ oktactl factors enroll alice@example.com --type sms --phone +15551234567
  $ oktactl factors enroll alice@example.com --type totp --qr-file alice.png
  $ oktactl factors enroll alice@example.com --type push --wait
  $ oktactl factors enroll alice@example.com --type question --question disliked_food --answer -
  $ oktactl factors enroll alice@example.com --type email --email alice@example.com --activate
  $ oktactl factors enroll --users-file phones.csv --type sms --yes     # CSV columns: login,phone

With --users-file, a CSV may give each user's phone (phone column) or email (email column; by
default the user's primary email). Without --yes (or a yes at a terminal) it only previews.`,
    )
    .action(async (user, o, c) => run(parseEnroll(user, o, typedArgs(c)), contextFor(c, services)))
}

/**
 * Where the TOTP secret will be saved must be writable before the factor is created: Okta shows
 * the secret once, and a failed write after the enroll would leave a pending factor nobody can
 * activate. (The path not a directory; the nearest existing directory above it writable.)
 */
async function assertWritable(file: string, cwd: string): Promise<void> {
  const path = resolvePath(cwd, file)
  const fail = (why: string) => new UsageError(`Cannot write ${file}: ${why}. Nothing was sent.`, 'Give --secret-file / --qr-file a path in a writable directory.')
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw fail('it is a directory')
  // Missing directories are made when the file is written: the nearest one that exists decides.
  let dir = dirname(path)
  let found = await stat(dir).catch(() => undefined)
  while (!found && dirname(dir) !== dir) {
    dir = dirname(dir)
    found = await stat(dir).catch(() => undefined)
  }
  if (!found?.isDirectory()) throw fail(`${dir} is not a directory`)
  await access(dir, constants.W_OK).catch(() => {
    throw fail(`${dir} is not writable`)
  })
}
