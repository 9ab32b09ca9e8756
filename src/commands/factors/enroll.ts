import type { Command } from 'commander'
import { access, constants, stat } from 'node:fs/promises'
import { dirname, resolve as resolvePath } from 'node:path'
import { enrollFactor, linkHref } from '../../api/factors.js'
import type { UserFactor } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { parsePositiveNumber } from '../../config/flags.js'
import { UsageError } from '../../errors.js'
import { writeFileAtomic } from '../../util/fs.js'
import { buildEnrollPlan, resolveTypeAndProvider, secretsNeeded, type EnrollFlags, type EnrollSecrets } from '../../factors/enroll-plan.js'
import { waitForPushActivation } from '../../factors/push-activation.js'
import { factorColumns } from '../../factors/columns.js'
import { oktactlFor } from '../../factors/confirm.js'
import { refuseLiteralSecret, secretValue } from '../../factors/secrets.js'
import { resolveUser, userLabel } from '../../factors/resolve.js'
import { otpauthUri, terminalQr, writeQrPng } from '../../factors/totp.js'
import { DEFAULT_WAIT_SECONDS } from '../../factors/wait.js'
import { audited } from '../../audit/record.js'
import type { BulkEnrollFlags } from '../../bulk/enroll.js'
import { addBulkOptions, parseTarget, typedArgs } from '../../bulk/options.js'
import { shellArg } from '../../output/shell.js'

export interface EnrollOptions extends EnrollFlags {
  answer?: string
  passcode?: string
  nextPasscode?: string
  sharedSecret?: string
  secretFile?: string
  waitTimeout?: string
}

const SECRET_FLAGS: Record<keyof EnrollSecrets, { flag: keyof EnrollOptions; name: string; prompt: string }> = {
  answer: { flag: 'answer', name: '--answer', prompt: 'Answer to the security question:' },
  passCode: { flag: 'passcode', name: '--passcode', prompt: 'Code shown on the token:' },
  nextPassCode: { flag: 'nextPasscode', name: '--next-passcode', prompt: 'Next code shown on the token:' },
  sharedSecret: { flag: 'sharedSecret', name: '--shared-secret', prompt: 'Shared secret of the custom TOTP:' },
}

/** What `factors enroll` was asked to do: enroll one user, or every user of a users file. */
export type EnrollRequest = { kind: 'one'; user: string; flags: EnrollOptions } | { kind: 'bulk'; flags: EnrollOptions & BulkEnrollFlags; args: string[] }

/** Pure: flags and operands → a request, or a UsageError before anything is sent. */
export function parseEnroll(user: string | undefined, o: EnrollOptions & BulkEnrollFlags, args: string[] = []): EnrollRequest {
  const target = parseTarget(user, o)
  if (target.kind === 'bulk') return { kind: 'bulk', flags: o, args }
  if (o.dryRun) throw new UsageError('--dry-run applies to bulk runs (--users-file, --group, --search, --filter, --all-users).')
  return { kind: 'one', user: target.user, flags: o }
}

export async function runEnroll(req: EnrollRequest, ctx: Context): Promise<void> {
  if (req.kind === 'bulk') return (await import('../../bulk/enroll.js')).bulkEnroll(req.flags, ctx, req.args)
  return enrollOne(req.user, req.flags, ctx)
}

async function enrollOne(user: string, o: EnrollOptions, ctx: Context): Promise<void> {
  // Check the flags before asking for secrets or sending anything.
  refuseLiteralSecret('--answer', o.answer)
  refuseLiteralSecret('--shared-secret', o.sharedSecret)
  const { factorType, provider } = resolveTypeAndProvider(o)
  buildEnrollPlan(o, { answer: 'xxxx', passCode: 'x', nextPassCode: 'x', sharedSecret: 'x' })
  if (o.secretFile && factorType !== 'token:software:totp') throw new UsageError('--secret-file applies to --type token:software:totp only.')
  refuseLostTotpSecret(ctx, factorType, o)
  if (factorType === 'token:software:totp') for (const file of [o.qrFile, o.secretFile]) if (file) await assertWritable(file, ctx.cwd)
  const waitSeconds = parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS

  const secrets: EnrollSecrets = {}
  for (const key of secretsNeeded(factorType, provider)) {
    const s = SECRET_FLAGS[key]
    secrets[key] = await secretValue(ctx, o[s.flag] as string | undefined, { flag: s.name, prompt: s.prompt, required: true })
  }
  const plan = buildEnrollPlan(o, secrets)

  const api = await ctx.api()
  const u = await resolveUser(api, user)
  const { data: factor } = await audited(ctx, { command: 'factors enroll', user: { userId: u.id, login: u.login }, factor: { factorType } }, () =>
    enrollFactor(api, { userId: u.id, ...plan }),
  )
  const account = u.login ?? user

  const uri = factor.factorType === 'token:software:totp' ? otpauthUri(factor, account, api.orgUrl) : undefined
  if (uri && o.qrFile) await writeQrPng(uri, o.qrFile)
  if (uri && o.secretFile) await writeFileAtomic(o.secretFile, `${uri}\n`, 0o600)

  let result: UserFactor = factor
  if (factor.factorType === 'push' && o.wait && factor.status !== 'ACTIVE') {
    showPushActivation(ctx, factor)
    result = await waitForPushActivation(ctx, api, factor, userLabel(u), waitSeconds)
  }

  if (ctx.out.json) {
    ctx.out.printJson(result)
  } else {
    await ctx.out.printList([result], factorColumns(ctx.now))
    if (uri && ctx.io.stdoutIsTTY) {
      ctx.out.printText(`\nScan this with the authenticator app (${provider === 'GOOGLE' ? 'Google Authenticator' : 'Okta Verify or any TOTP app'}):\n`)
      ctx.out.printDrawing(await terminalQr(uri, ctx.out.theme.level > 0))
      ctx.out.printText(`Secret (if the code cannot be scanned): ${factor._embedded?.activation?.sharedSecret ?? ''}`)
    }
  }
  // After a push --wait, waitForPushActivation has already said it is active.
  if (result === factor) nextStep(ctx, result, user)
  if (o.qrFile && uri) ctx.out.note(`QR code written to ${o.qrFile} (mode 0600: it contains the secret).`)
}

/**
 * Okta shows a TOTP factor's secret once, in the enroll answer, and oktactl prints it only to a
 * terminal and never in --json. Without --qr-file or --secret-file it would be lost, leaving a
 * pending factor nobody can activate: refuse before anything is sent.
 */
function refuseLostTotpSecret(ctx: Context, factorType: string, o: EnrollOptions): void {
  if (factorType !== 'token:software:totp' || o.qrFile || o.secretFile) return
  if (ctx.io.stdoutIsTTY && !ctx.out.json) return
  throw new UsageError(
    `The TOTP secret would be lost: it is shown only on a terminal, ${ctx.out.json ? 'never in --json' : 'and stdout is not one'}. Nothing was sent.`,
    'Save it with --secret-file <file> (the otpauth:// URI) or --qr-file <png> (both written with mode 0600).',
  )
}

function showPushActivation(ctx: Context, factor: UserFactor): void {
  const qr = factor._embedded?.activation?._links?.qrcode?.href
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
      if (linkHref(f._links, 'poll')) ctx.out.note(`Next: ${oktactlFor(ctx)} factors activate ${shellArg(user)} ${id} --wait`)
      break
    default:
      ctx.out.note(`The ${f.factorType} factor must be activated from the user's browser or device.`)
  }
}

export function defineEnroll(parent: Command, services: Services, run = runEnroll): Command {
  const cmd = parent
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
    .option('--secret-file <file>', 'totp: write the otpauth:// URI to a file (mode 0600), for scripts')
  return (addBulkOptions(cmd as never).option('--dry-run', 'bulk: show what would be done; change nothing') as unknown as Command)
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
    .action(async (user: string | undefined, o: EnrollOptions & BulkEnrollFlags, c: Command) => run(parseEnroll(user, o, typedArgs(c)), contextFor(c, services)))
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
