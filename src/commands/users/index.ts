import type { Noun } from '../verb.js'
import type { Services } from '../../context.js'
import { defineSessions } from './sessions.js'
import { defineTac } from './tac.js'

/** The verbs of `oktactl users`: what a helpdesk does beside the factors. */
export function defineUsers(users: Noun, services: Services): void {
  defineSessions(users, services)
  defineTac(users, services)
}
