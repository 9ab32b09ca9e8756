import { nounOf } from '../verb.js'
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
export const defineFactors = nounOf([
  [['list', 'ls'], defineList],
  [['get'], defineGet],
  [['catalog'], defineCatalog],
  [['questions'], defineQuestions],
  [['enroll'], defineEnroll],
  [['activate'], defineActivate],
  [['resend'], defineResend],
  [['verify'], defineVerify],
  [['poll'], definePoll],
  [['delete', 'unenroll', 'rm'], defineDelete],
  [['reset'], defineReset],
  [['activity'], defineActivity],
])
