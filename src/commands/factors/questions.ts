import { listSupportedSecurityQuestions } from '../../api/factors.js'
import type { SecurityQuestion } from '../../api/types.js'
import { contextFor, type Context, type Services } from '../../context.js'
import type { Column } from '../../output/output.js'
import { resolveUser } from '../../factors/resolve.js'
import type { Noun } from '../verb.js'

const columns: Column<SecurityQuestion>[] = [
  { header: 'KEY', value: (q) => q.question },
  { header: 'QUESTION', value: (q) => q.questionText, shrink: true },
]

/** The verb's argument, declared once (no flags of its own). */
const declare = (parent: Noun) =>
  parent
    .command('questions')
    .description('List the security questions a user may choose (needs an API token, not OAuth)')
    .argument('<user>', 'user id, login, email or login shortname')

/** What `factors questions` was asked for: the security questions one user may choose. */
export interface QuestionsRequest {
  user: string
}

/** Pure: the operand → a request. */
export function parseQuestions(user: string): QuestionsRequest {
  return { user }
}

export async function runQuestions(req: QuestionsRequest, ctx: Context): Promise<void> {
  const api = await ctx.api()
  const user = await resolveUser(api, req.user)
  const questions = await listSupportedSecurityQuestions(api, { userId: user.id })
  await ctx.out.printList(questions, columns, { empty: 'No security questions are available.' })
}

export function defineQuestions(parent: Noun, services: Services, run = runQuestions) {
  return declare(parent)
    .addHelpText('after', '\nExamples:\n  $ oktactl factors questions alice@example.com\n  $ oktactl factors enroll alice@example.com --type question --question disliked_food --answer -')
    .action(async (user, _o, cmd) => run(parseQuestions(user), contextFor(cmd, services)))
}
