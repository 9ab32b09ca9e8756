import { nounOf } from '../verb.js'
import { defineDelete } from './delete.js'
import { defineGet } from './get.js'
import { defineList } from './list.js'

/** The verbs of `oktactl authenticators`: Identity Engine authenticator enrollments. */
export const defineAuthenticators = nounOf([
  [['list', 'ls'], defineList],
  [['get'], defineGet],
  [['delete', 'rm'], defineDelete],
])
