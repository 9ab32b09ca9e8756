import type { Noun } from '../verb.js'
import type { Services } from '../../context.js'
import { defineActivate } from './activate.js'
import { defineActivity } from './activity.js'
import { defineCatalog } from './catalog.js'
import { defineDelete } from './delete.js'
import { defineEnroll } from './enroll.js'
import { defineGet } from './get.js'
import { defineList } from './list.js'
import { definePoll } from './poll.js'
import { defineQuestions } from './questions.js'
import { defineResend } from './resend.js'
import { defineReset } from './reset.js'
import { defineVerify } from './verify.js'

/** The verbs of `oktactl factors` (the noun itself is created in program.ts). */
export function defineFactors(factors: Noun, services: Services): void {
  defineList(factors, services)
  defineGet(factors, services)
  defineCatalog(factors, services)
  defineQuestions(factors, services)
  defineEnroll(factors, services)
  defineActivate(factors, services)
  defineResend(factors, services)
  defineVerify(factors, services)
  definePoll(factors, services)
  defineDelete(factors, services)
  defineReset(factors, services)
  defineActivity(factors, services)
}
