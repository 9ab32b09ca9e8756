import type { Noun } from '../verb.js'
import type { Services } from '../../context.js'
import { defineAddProfile } from './add.js'
import { defineListProfiles } from './list.js'
import { defineRemoveProfile } from './remove.js'
import { defineShowProfile } from './show.js'
import { defineUseProfile } from './use.js'

/** The verbs of `oktactl profile` (the noun itself is created in program.ts). */
export function defineProfile(profile: Noun, services: Services): void {
  defineAddProfile(profile, services)
  defineListProfiles(profile, services)
  defineShowProfile(profile, services)
  defineUseProfile(profile, services)
  defineRemoveProfile(profile, services)
}
