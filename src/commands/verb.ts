import type { Command as Typed } from '@commander-js/extra-typings'

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
