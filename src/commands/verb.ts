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
 * A noun's definition from its verbs. Given the words of argv, only the verbs they name are
 * defined (commander dispatches to one, and defining all twelve of `factors` costs ~2 ms a
 * start); when argv names none (`oktactl factors --help`, a misspelt verb that should get its
 * "Did you mean" suggestion, completion), every verb is.
 */
export const nounOf =
  (verbs: Verbs) =>
  (noun: Noun, services: Services, argv?: ReadonlySet<string>): void => {
    const named = argv && verbs.filter(([names]) => names.some((n) => argv.has(n)))
    for (const [, define] of named?.length ? named : verbs) define(noun, services)
  }
