import type { Command } from 'commander'
import { activateFactor, linkHref } from '../../api/factors.js'
import type { UserFactor } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import { parsePositiveNumber } from '../../config/flags.js'
import { UnexpectedAnswerError, UsageError } from '../../errors.js'
import { waitForPushActivation } from '../../factors/push-activation.js'
import { factorColumns } from '../../factors/columns.js'
import { resolveFactor, resolveUser, userLabel } from '../../factors/resolve.js'
import { secretValue } from '../../factors/secrets.js'
import { DEFAULT_WAIT_SECONDS } from '../../factors/wait.js'
import { audited } from '../../audit/record.js'

export interface ActivateOptions {
  code?: string
  wait?: boolean
  waitTimeout?: string
  restart?: boolean
}

export async function runActivate(user: string, factorArg: string, o: ActivateOptions, ctx: Context): Promise<void> {
  const waitSeconds = parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS
  const api = await ctx.api()
  const u = await resolveUser(api, user)
  // By type: the pending factor, when the user also has an active one of that type.
  const factor = await resolveFactor(api, u, factorArg, { preferStatus: 'PENDING_ACTIVATION' })
  if (factor.status === 'ACTIVE') {
    ctx.out.note(`Factor ${factor.id} (${factor.factorType}) of ${userLabel(u)} is already active.`)
    if (ctx.out.json) ctx.out.printJson(factor)
    else await ctx.out.printList([factor], factorColumns(ctx.now))
    return
  }

  let result: UserFactor
  if (factor.factorType === 'push') {
    if (o.code !== undefined) throw new UsageError('Push factors are activated by scanning the QR code; --code does not apply.')
    if (o.wait && !o.restart && linkHref(factor._links, 'poll')) {
      // An activation is pending (its QR code was shown at enrollment): wait on it rather than
      // start a new one, which would make that QR code useless.
      result = await waitForPushActivation(ctx, api, factor, userLabel(u), waitSeconds)
    } else {
      // A bodiless activate starts a new activation: a fresh QR code and poll link.
      const { data } = await audited(ctx, { command: 'factors activate', user: { userId: u.id, login: u.login }, factor }, () => activateFactor(api, u.id, factor.id))
      const started = { ...factor, ...data }
      const qr = started._embedded?.activation?._links?.qrcode?.href
      if (qr) ctx.out.note(`Ask the user to scan the activation QR code in Okta Verify: ${qr}`)
      result = o.wait ? await waitForPushActivation(ctx, api, started, userLabel(u), waitSeconds) : started
    }
  } else if (factor.factorType === 'u2f' || factor.factorType === 'webauthn') {
    throw new UsageError(`A ${factor.factorType} factor is activated in the user's browser, not from the command line.`)
  } else {
    if (o.wait) throw new UsageError('--wait applies to push factors only.')
    const passCode = await secretValue(ctx, o.code, { flag: '--code', prompt: `Code for the ${factor.factorType} factor:`, required: true })
    const { data } = await audited(ctx, { command: 'factors activate', user: { userId: u.id, login: u.login }, factor }, async () => {
      const res = await activateFactor(api, u.id, factor.id, { passCode })
      // Success only when Okta says the factor is now ACTIVE: any other answer fails closed
      // (and is audited as `unknown`: the activation may have happened).
      if (res.data?.status !== 'ACTIVE') {
        throw new UnexpectedAnswerError('POST', `/api/v1/users/${u.id}/factors/${factor.id}/lifecycle/activate`, res.status, `the factor's status is ${describeStatus(res.data)}, not ACTIVE`)
      }
      return res
    })
    result = data
    ctx.out.success(`Activated ${result.factorType ?? factor.factorType} factor ${factor.id} of ${userLabel(u)}.`)
  }
  if (ctx.out.json) ctx.out.printJson(result)
  else await ctx.out.printList([result], factorColumns(ctx.now))
}

export function defineActivate(parent: Command, services: Services, run = runActivate): Command {
  return parent
    .command('activate')
    .description('Activate an enrolled factor with a code, or (push) wait for the QR code to be scanned')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or a factor type (of several, the one PENDING_ACTIVATION)')
    .option('--code <passCode>', 'the code sent or shown (use - to read it from stdin)')
    .option('--wait', 'push: wait until the user has scanned the QR code')
    .option('--wait-timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`)
    .option('--restart', 'push: start a new activation (a new QR code) even if one is pending')
    .addHelpText('after', '\nExamples:\n  $ oktactl factors activate alice@example.com sms --code 123456\n  $ oktactl factors activate alice@example.com push --wait')
    .action(async (user: string, factor: string, o: ActivateOptions, cmd: Command) =>
      run(user, factor, o, contextFor(cmd, services)),
    )
}

function describeStatus(data: unknown): string {
  const status = (data as { status?: unknown } | null)?.status
  return typeof status === 'string' ? JSON.stringify(status) : 'missing'
}
