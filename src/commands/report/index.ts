import type { Command } from 'commander'
import type { Services } from '../../context.js'
import { defineMfa } from './mfa.js'

/** The verbs of `oktactl report`. */
export function defineReport(report: Command, services: Services): void {
  defineMfa(report, services)
}
