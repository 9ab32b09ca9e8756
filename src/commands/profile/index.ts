import { nounOf } from '../verb.js'
import { defineAddProfile } from './add.js'
import { defineListProfiles } from './list.js'
import { defineRemoveProfile } from './remove.js'
import { defineShowProfile } from './show.js'
import { defineUseProfile } from './use.js'

/** The verbs of `oktactl profile` (the noun itself is created in program.ts). */
export const defineProfile = nounOf([
  [['add'], defineAddProfile],
  [['list', 'ls'], defineListProfiles],
  [['show'], defineShowProfile],
  [['use'], defineUseProfile],
  [['remove', 'rm'], defineRemoveProfile],
])
