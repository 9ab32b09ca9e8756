import { nounOf } from '../verb.js'
import { defineSessions } from './sessions.js'
import { defineTac } from './tac.js'

/** The verbs of `oktactl users`: what a helpdesk does beside the factors. */
export const defineUsers = nounOf([
  [['sessions'], defineSessions],
  [['tac'], defineTac],
])
