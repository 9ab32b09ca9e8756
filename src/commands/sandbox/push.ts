import type { Context, Services } from '../../context.js'
import { NotFoundError, UsageError } from '../../errors.js'
import type { FlagsOf, Noun } from '../verb.js'
import { sandboxContext, sandboxRequest } from './shared.js'

/** The verb's arguments and flag, declared once; PushFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('push')
    .description("Answer a user's waiting pushes, as if on their phone")
    .argument('<user>', 'user id, login or login shortname')
    .argument('<answer>', 'approve or reject')
    .option('--times <n>', 'instead: simulate n pushes to the user, each so answered, over the last minutes (push bombing, for `factors activity`)')
export type PushFlags = FlagsOf<ReturnType<typeof declare>>

/** What `sandbox push` was asked for: answer a user's waiting pushes, or simulate --times of them. */
export interface PushAnswerRequest {
  user: string
  answer: 'approve' | 'reject'
  /** Simulate this many pushes (push bombing) in the System Log instead of answering waiting ones. */
  times?: number
}

/** Pure: the operands and flag → a request, or a UsageError before anything is sent. */
export function parsePush(user: string, answer: string, o: PushFlags): PushAnswerRequest {
  const { times } = o
  if (answer !== 'approve' && answer !== 'reject') throw new UsageError(`The answer must be approve or reject (got "${answer}").`)
  if (times === undefined) return { user, answer }
  if (!/^\d+$/.test(times) || Number(times) < 1 || Number(times) > 1000) throw new UsageError(`--times must be 1 to 1000 (got "${times}").`)
  return { user, answer, times: Number(times) }
}

interface PushAnswerResult {
  user: string
  answer: string
  transactions: number
  activations: number
}

/**
 * Answers, as the user on their phone, every push of theirs still waiting (sign-ins and enrollments).
 * The result (user, answer, how many of each were answered) is printed on stdout in every format;
 * when nothing was waiting the command exits 5 (not found), so a script can tell.
 */
export async function runPush(req: PushAnswerRequest, ctx: Context): Promise<void> {
  const r = await sandboxRequest<PushAnswerResult & { simulated?: number }>(ctx, '/_sandbox/push', { method: 'POST', body: req })
  if (req.times !== undefined) {
    if (ctx.out.json) ctx.out.printJson(r, { showSecrets: true })
    ctx.out.success(`Simulated ${r.simulated ?? 0} push${r.simulated === 1 ? '' : 'es'} to ${req.user}, each ${req.answer === 'reject' ? 'denied' : 'approved'}, in the System Log.`)
    return
  }
  await ctx.out.printList([r], [
    { header: 'USER', value: (x) => x.user },
    { header: 'ANSWER', value: (x) => x.answer },
    { header: 'TRANSACTIONS', value: (x) => x.transactions },
    { header: 'ACTIVATIONS', value: (x) => x.activations },
    // `answer` here is approve or reject, not a security answer: nothing to redact.
  ], { raw: r, showSecrets: true })
  if (r.transactions + r.activations === 0) {
    throw new NotFoundError(`No push was waiting for ${req.user}.`, `Start a push first (e.g. \`oktactl factors verify ${req.user} push\`), with the sandbox started with --push manual.`)
  }
  const verb = req.answer === 'approve' ? 'Approved' : 'Rejected'
  const parts = [r.transactions && `${r.transactions} push verification${r.transactions === 1 ? '' : 's'}`, r.activations && `${r.activations} push enrollment${r.activations === 1 ? '' : 's'}`].filter(Boolean)
  ctx.out.success(`${verb} ${parts.join(' and ')} for ${req.user}.`)
}

export function definePush(parent: Noun, services: Services, run = runPush) {
  return declare(parent)
    .addHelpText('after', '\nbob rejects every push verification whatever the answer.\n\nExamples:\n  $ oktactl sandbox start --push manual\n  $ oktactl sandbox push alice approve\n  $ oktactl sandbox push bob reject --times 12     # then: oktactl factors activity bob')
    .action(async (user, answer, o, c) => run(parsePush(user, answer, o), sandboxContext(c, services)))
}
