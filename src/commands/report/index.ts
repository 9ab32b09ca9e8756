import type { Noun } from '../verb.js'
import type { Services } from '../../context.js'
import { defineMfa } from './mfa.js'

/** The verbs of `oktactl report`. */
export function defineReport(report: Noun, services: Services): void {
  defineMfa(report, services)
}
