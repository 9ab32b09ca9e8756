import { activateFactor, activationQrHref, pollHref } from '../../api/factors.js'
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
import type { FlagsOf, Noun } from '../verb.js'

/** The verb's arguments and flags, declared once; ActivateFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('activate')
    .description('Activate an enrolled factor with a code, or (push) wait for the QR code to be scanned')
    .argument('<user>', 'user id, login, email or login shortname')
    .argument('<factor>', 'factor id, or a factor type (of several, the one PENDING_ACTIVATION)')
    .option('--code <passCode>', 'the code sent or shown (use - to read it from stdin)')
    .option('--wait', 'push: wait until the user has scanned the QR code')
    .option('--wait-timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`)
    .option('--restart', 'push: start a new activation (a new QR code) even if one is pending')
export type ActivateFlags = FlagsOf<ReturnType<typeof declare>>

/** What `factors activate` was asked for: one factor, with a code or (push) a wait. */
export interface ActivateRequest {
  user: string
  factor: string
  /** The code, or - to read it from stdin; left out, a terminal asks (push: none). */
  code?: string
  wait: boolean
  waitSeconds: number
  restart: boolean
}

/** Pure: operands and flags → a request, or a UsageError before anything is sent. */
export function parseActivate(user: string, factor: string, o: ActivateFlags): ActivateRequest {
  return {
    user,
    factor,
    code: o.code,
    wait: Boolean(o.wait),
    waitSeconds: parsePositiveNumber(o.waitTimeout, '--wait-timeout') ?? DEFAULT_WAIT_SECONDS,
    restart: Boolean(o.restart),
  }
}

export async function runActivate(req: ActivateRequest, ctx: Context): Promise<void> {
  const { waitSeconds } = req
  const api = await ctx.api()
  const u = await resolveUser(api, req.user)
  // By type: the pending factor, when the user also has an active one of that type.
  const factor = await resolveFactor(api, u, req.factor, { preferStatus: 'PENDING_ACTIVATION' })
  if (factor.status === 'ACTIVE') {
    ctx.out.note(`Factor ${factor.id} (${factor.factorType}) of ${userLabel(u)} is already active.`)
    if (ctx.out.json) ctx.out.printJson(factor)
    else await ctx.out.printList([factor], factorColumns(ctx.now))
    return
  }

  let result: UserFactor
  if (factor.factorType === 'push') {
    if (req.code !== undefined) throw new UsageError('Push factors are activated by scanning the QR code; --code does not apply.')
    if (req.wait && !req.restart && pollHref(factor)) {
      // An activation is pending (its QR code was shown at enrollment): wait on it rather than
      // start a new one, which would make that QR code useless.
      result = await waitForPushActivation(ctx, api, factor, { label: userLabel(u), user: req.user }, waitSeconds)
    } else {
      // A bodiless activate starts a new activation: a fresh QR code and poll link.
      const { data } = await audited(ctx, { command: 'factors activate', user: { userId: u.id, login: u.login }, factor }, () => activateFactor(api, { userId: u.id, factorId: factor.id }))
      const started = { ...factor, ...data }
      const qr = activationQrHref(started)
      if (qr) ctx.out.note(`Ask the user to scan the activation QR code in Okta Verify: ${qr}`)
      result = req.wait ? await waitForPushActivation(ctx, api, started, { label: userLabel(u), user: req.user }, waitSeconds) : started
    }
  } else if (factor.factorType === 'u2f' || factor.factorType === 'webauthn') {
    throw new UsageError(`A ${factor.factorType} factor is activated in the user's browser, not from the command line.`)
  } else {
    if (req.wait) throw new UsageError('--wait applies to push factors only.')
    const passCode = await secretValue(ctx, req.code, { flag: '--code', prompt: `Code for the ${factor.factorType} factor:`, required: true })
    const { data } = await audited(ctx, { command: 'factors activate', user: { userId: u.id, login: u.login }, factor }, async () => {
      const res = await activateFactor(api, { userId: u.id, factorId: factor.id, body: { passCode } })
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

export function defineActivate(parent: Noun, services: Services, run = runActivate) {
  return declare(parent)
    .addHelpText('after', '\nExamples:\n  $ oktactl factors activate alice@example.com sms --code 123456\n  $ oktactl factors activate alice@example.com push --wait')
    .action(async (user, factor, o, cmd) => run(parseActivate(user, factor, o), contextFor(cmd, services)))
}

function describeStatus(data: unknown): string {
  const status = (data as { status?: unknown } | null)?.status
  return typeof status === 'string' ? JSON.stringify(status) : 'missing'
}
