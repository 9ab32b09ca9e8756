import { nounOf } from '../verb.js'
import { defineOutbox } from './outbox.js'
import { definePush } from './push.js'
import { defineReset } from './reset.js'
import { defineStart } from './start.js'

/** The verbs of `oktactl sandbox` (the noun itself is created in program.ts). */
export const defineSandbox = nounOf([
  [['start'], defineStart],
  [['reset'], defineReset],
  [['outbox'], defineOutbox],
  [['push'], definePush],
])
