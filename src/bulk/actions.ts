import '../core.js'

/**
 * The bulk forms of list, reset, delete and enroll: read the users file, then hand one worker
 * per user to the runner. Every stdout row names its user (id and login).
 *
 * This is the one lazily loaded entry for them (src/commands/factors/*.ts import it), so the
 * bundler keeps them in one chunk; the workers live in list.ts, remove.ts and enroll.ts.
 */
export { resultColumns, type BulkCommonFlags } from './common.js'
export { bulkList } from './list.js'
export { bulkRemove, type BulkRemoveFlags } from './remove.js'
export { bulkEnroll, type BulkEnrollFlags } from './enroll.js'
