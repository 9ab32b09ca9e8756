import type { Command as Typed } from '@commander-js/extra-typings'
import type { Services } from '../context.js'

/**
 * Every verb has one shape:
 *   define — its arguments and flags, declared once on commander; their types are inferred from
 *            those declarations (@commander-js/extra-typings, types only: commander runs as is);
 *   parse  — pure: operands and flags → a request (or a UsageError before anything is sent);
 *   run    — run(request, ctx): the only step that touches the org, the files or the terminal.
 * test/architecture/verb-shape.test.ts checks that every verb file under src/commands/ has it.
 */
/** A noun (or a one-verb noun such as `audit`) as program.ts hands it to its definition. */
export type Noun = Typed // no arguments, no options yet: each definition adds its own

/** The flags a definition declares, as commander hands them to the action. */
export type FlagsOf<C> = C extends { opts(): infer O } ? O : never

/** A noun's verbs: the names argv may use for each (its name and aliases) and its definition. */
export type Verbs = ReadonlyArray<readonly [names: readonly string[], define: (noun: Noun, services: Services) => unknown]>

/**
 * A noun's definition from its verbs. Given the word commander will dispatch on (the first
 * operand after the noun, program.ts), only that verb is defined: defining all twelve of
 * `factors` costs ~2 ms a start. Without one, or when it names no verb (`oktactl factors
 * --help reset`, a misspelt verb that should get its "Did you mean", completion), every verb is.
 */
export const nounOf =
  (verbs: Verbs) =>
  (noun: Noun, services: Services, verb?: string): void => {
    const named = verb === undefined ? [] : verbs.filter(([names]) => names.includes(verb))
    for (const [, define] of named.length ? named : verbs) define(noun, services)
  }
