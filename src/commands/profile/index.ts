import type { Command } from 'commander'
import type { Services } from '../../context.js'
import { defineAddProfile } from './add.js'
import { defineListProfiles } from './list.js'
import { defineRemoveProfile } from './remove.js'
import { defineShowProfile } from './show.js'
import { defineUseProfile } from './use.js'

export function registerProfile(program: Command, services: Services): void {
  const profile = program.command('profile').alias('profiles').description('Manage stored org profiles')
  defineAddProfile(profile, services)
  defineListProfiles(profile, services)
  defineShowProfile(profile, services)
  defineUseProfile(profile, services)
  defineRemoveProfile(profile, services)
}
