import type { Context, Services } from '../../context.js'
import { NotFoundError, UsageError } from '../../errors.js'
import { parseNonNegativeInt } from '../../config/flags.js'
import type { Column } from '../../output/output.js'
import type { OutboxEntry } from '../../sandbox/index.js'
import type { FlagsOf, Noun } from '../verb.js'
import { sandboxContext, sandboxRequest } from './shared.js'

/** The verb's argument and flags, declared once; OutboxFlags is inferred from them. */
const declare = (parent: Noun) =>
  parent
    .command('outbox')
    .description('Show the SMS, voice and email codes the sandbox "sent"')
    .argument('[user]', 'only this user (id, login or login shortname)')
    .option('--last <n>', 'only the newest n messages')
    .option('--code', "print only the newest code (for scripts)")
export type OutboxFlags = FlagsOf<ReturnType<typeof declare>>

/** What `sandbox outbox` was asked for: the messages (of one user, the newest n), or only the newest code. */
export interface OutboxRequest {
  user: string | undefined
  last: number | undefined
  codeOnly: boolean
}

/** Pure: the operand and flags → a request, or a UsageError before anything is sent. */
export function parseOutbox(user: string | undefined, o: OutboxFlags): OutboxRequest {
  const last = parseNonNegativeInt(o.last, '--last')
  if (last === 0) throw new UsageError('--last must be at least 1.')
  return { user, last, codeOnly: Boolean(o.code) }
}

const columns: Column<OutboxEntry>[] = [
  { header: 'TIME', value: (e) => e.time },
  { header: 'USER', value: (e) => e.login },
  { header: 'CHANNEL', value: (e) => e.channel },
  { header: 'TO', value: (e) => e.to },
  { header: 'CODE', value: (e) => e.code ?? e.link, styled: (e, t) => (e.code ? t.bold(e.code) : (e.link ?? '')) },
  { header: 'PURPOSE', value: (e) => e.purpose },
  { header: 'FACTOR', value: (e) => e.factorId },
]

/** What the sandbox "sent" by SMS, voice call and email, oldest first. */
export async function runOutbox(req: OutboxRequest, ctx: Context): Promise<void> {
  const all = await sandboxRequest<OutboxEntry[]>(ctx, '/_sandbox/outbox', { query: { user: req.user } })
  const entries = req.last ? all.slice(-req.last) : all
  if (req.codeOnly) {
    const latest = entries.filter((e) => e.code).at(-1)
    if (!latest?.code) throw new NotFoundError(`No code was sent${req.user ? ` to ${req.user}` : ''}.`)
    ctx.io.stdout.write(`${latest.code}\n`)
    return
  }
  await ctx.out.printList(entries, columns, { empty: `Nothing was sent${req.user ? ` to ${req.user}` : ''}.` })
}

export function defineOutbox(parent: Noun, services: Services, run = runOutbox) {
  return declare(parent)
    .addHelpText('after', '\nExamples:\n  $ oktactl sandbox outbox\n  $ oktactl sandbox outbox dave --last 3\n  $ code=$(oktactl sandbox outbox dave --code)')
    .action(async (user, o, c) => run(parseOutbox(user, o), sandboxContext(c, services)))
}
