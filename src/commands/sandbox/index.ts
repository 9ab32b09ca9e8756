import type { Command } from 'commander'
import type { Services } from '../../context.js'
import { defineOutbox } from './outbox.js'
import { definePush } from './push.js'
import { defineReset } from './reset.js'
import { defineStart } from './start.js'

export function registerSandbox(program: Command, services: Services): void {
  const sandbox = program
    .command('sandbox')
    .description('Run a local stand-in Okta org to try oktactl on (start, reset, outbox, push)')
  defineStart(sandbox, services)
  defineReset(sandbox, services)
  defineOutbox(sandbox, services)
  definePush(sandbox, services)
}
