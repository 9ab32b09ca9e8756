import type { Noun } from '../verb.js'
import type { Services } from '../../context.js'
import { defineOutbox } from './outbox.js'
import { definePush } from './push.js'
import { defineReset } from './reset.js'
import { defineStart } from './start.js'

/** The verbs of `oktactl sandbox` (the noun itself is created in program.ts). */
export function defineSandbox(sandbox: Noun, services: Services): void {
  defineStart(sandbox, services)
  defineReset(sandbox, services)
  defineOutbox(sandbox, services)
  definePush(sandbox, services)
}
