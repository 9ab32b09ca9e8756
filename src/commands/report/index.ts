import { nounOf } from '../verb.js'
import { defineMfa } from './mfa.js'

/** The verbs of `oktactl report`. */
export const defineReport = nounOf([
  [['mfa'], defineMfa],
])
