import type { Noun } from '../verb.js'
import type { Services } from '../../context.js'
import { defineDelete } from './delete.js'
import { defineGet } from './get.js'
import { defineList } from './list.js'

/** The verbs of `oktactl authenticators`: Identity Engine authenticator enrollments. */
export function defineAuthenticators(parent: Noun, services: Services): void {
  defineList(parent, services)
  defineGet(parent, services)
  defineDelete(parent, services)
}
