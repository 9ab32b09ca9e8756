import { describe, expect, it } from 'vitest'
import { type VerbDefine, expectRefused, requestFor } from '../../helpers/verb.js'
import { parseBulkFlags } from '../../../src/bulk/options.js'
import { UsageError } from '../../../src/errors.js'
import { defineDelete } from '../../../src/commands/factors/delete.js'
import { defineEnroll } from '../../../src/commands/factors/enroll.js'
import { defineReset } from '../../../src/commands/factors/reset.js'

// What enroll, delete and reset used to accept and then ignore, or check otherwise than they say:
// each refused now in the parse step with the exact message (and hint), the run step never called.
// Same harness as parse-risky.test.ts: argv through commander, no HTTP, no files, no terminal.

const ALICE = 'alice@example.com'
const PHONE = '+15551234567'
const SOURCES = '--users-file, --group, --search, --filter or --all-users'
const REMOVE_TYPES = 'Types: sms, call, email, push, question, totp (token:software:totp), token, token:hardware, token:hotp, u2f, webauthn, signed_nonce.'
const LITERAL = (flag: string) => `${flag} takes no value on the command line, where process lists and shell history would keep it.`
const literalHint = (flag: string) =>
  `Use ${flag} - and pipe it in (e.g. printf '%s\\n' "$SECRET" | oktactl … ${flag} -), or leave ${flag} out at a terminal to be asked with the input hidden.`

// ─── a. one user's enroll: a secret flag the type does not read ────────────────────────────────

describe('a. factors enroll, one user: a secret the type does not read', () => {
  it.each<[string, string[], string, string?]>([
    ['--passcode with sms', ['--type', 'sms', '--phone', PHONE, '--passcode', '1'], '--passcode does not apply to --type sms.'],
    ['--passcode - with push', ['--type', 'push', '--passcode', '-'], '--passcode does not apply to --type push.'],
    ['an empty --passcode with totp (not "must not be empty": it is not read)', ['--type', 'totp', '--qr-file', 'a.png', '--passcode', ''], '--passcode does not apply to --type token:software:totp.'],
    ['--next-passcode with push', ['--type', 'push', '--next-passcode', '1'], '--next-passcode does not apply to --type push.'],
    ['--next-passcode with token:hardware', ['--type', 'token:hardware', '--passcode', '-', '--next-passcode', '1'], '--next-passcode does not apply to --type token:hardware.'],
    [
      '--next-passcode with an RSA token (SYMANTEC reads it: the provider is named)',
      ['--type', 'token', '--provider', 'RSA', '--credential-id', 'c1', '--passcode', '1', '--next-passcode', '2'],
      '--next-passcode does not apply to --type token --provider RSA.',
    ],
    ['--answer - with email', ['--type', 'email', '--email', ALICE, '--answer', '-'], '--answer does not apply to --type email.'],
    ['--shared-secret - with question', ['--type', 'question', '--question', 'disliked_food', '--shared-secret', '-'], '--shared-secret does not apply to --type question.'],
    ['--answer - with token:hotp', ['--type', 'token:hotp', '--factor-profile-id', 'fpr1', '--answer', '-'], '--answer does not apply to --type token:hotp.'],
    // unchanged: a long-lived secret on argv is refused as such first, whatever the type
    ['a literal --answer with sms: the argv refusal first', ['--type', 'sms', '--phone', PHONE, '--answer', 'pizza'], LITERAL('--answer'), literalHint('--answer')],
  ])('refuses %s', async (_name, argv, message, hint) => {
    await expectRefused(defineEnroll, ['enroll', ALICE, ...argv], message, hint)
  })

  it.each<[string, string[], Record<string, string>]>([
    ['SYMANTEC reads both codes', ['--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'c1', '--passcode', '-', '--next-passcode', '-'], { passCode: '-', nextPassCode: '-' }],
    ['RSA reads --passcode', ['--type', 'token', '--provider', 'RSA', '--credential-id', 'c1', '--passcode', '123456'], { passCode: '123456' }],
    ['question reads --answer -', ['--type', 'question', '--question', 'disliked_food', '--answer', '-'], { answer: '-' }],
  ])('still takes the secrets the type reads: %s', async (_name, argv, secretFlags) => {
    expect(await requestFor(defineEnroll, ['enroll', ALICE, ...argv])).toMatchObject({ kind: 'one', secretFlags })
  })

  it('the bulk form keeps its own refusal (a secret for every user), empty values included', async () => {
    const all = 'Bulk enrollment of push would need a secret for every user; enroll those one at a time.'
    await expectRefused(defineEnroll, ['enroll', '--users-file', 'u.csv', '--type', 'push', '--next-passcode', '1'], all)
    await expectRefused(defineEnroll, ['enroll', '--users-file', 'u.csv', '--type', 'push', '--passcode', ''], all)
  })
})

// ─── b. one user's delete: --type must be a factor type ───────────────────────────────────────

describe('b. factors delete, one user: --type is a factor type, as for many users', () => {
  it.each<[string, string[], string, string?]>([
    ['a list of types', ['--type', 'sms,call'], '--type: "sms,call" is not a factor type.', REMOVE_TYPES],
    ['an unknown type', ['--type', 'fax'], '--type: "fax" is not a factor type.', REMOVE_TYPES],
    ['an unknown type, trimmed in the message', ['--type', ' fax '], '--type: "fax" is not a factor type.', REMOVE_TYPES],
    ['a factor id given as --type', ['--type', 'mbl1nz9JHJGHWRKMTLHP'], '--type: "mbl1nz9JHJGHWRKMTLHP" is not a factor type.', REMOVE_TYPES],
    ['an empty --type', ['--type', ''], '--type: "" is not a factor type.', REMOVE_TYPES],
    ['the factor twice: that refusal first', ['sms', '--type', 'fax'], 'Give the factor as an argument or with --type, not both.'],
  ])('refuses %s', async (_name, argv, message, hint) => {
    await expectRefused(defineDelete, ['delete', ALICE, ...argv], message, hint)
  })

  it('the bulk form refuses the same value with the same words', async () => {
    await expectRefused(defineDelete, ['delete', '--users-file', 'u.txt', '--type', 'fax'], '--type: "fax" is not a factor type.', REMOVE_TYPES)
  })

  it.each<[string, string[], string]>([
    ['a type, in any case, kept as typed', ['--type', 'SMS'], 'SMS'],
    ['an alias', ['--type', 'totp'], 'totp'],
    ['an operand may still be a factor id', ['mbl1nz9JHJGHWRKMTLHP'], 'mbl1nz9JHJGHWRKMTLHP'],
  ])('takes %s', async (_name, argv, factor) => {
    expect(await requestFor(defineDelete, ['delete', ALICE, ...argv])).toMatchObject({ kind: 'one', factor })
  })
})

// ─── c. --rate-headroom: a whole percentage, 0 to 99, as the message says ──────────────────────

describe('c. --rate-headroom is a whole percentage from 0 to 99', () => {
  const bad = (v: string) => `--rate-headroom must be a percentage from 0 to 99 (got "${v}").`
  const verbs: Array<[string, VerbDefine, string[]]> = [
    ['enroll', defineEnroll, ['enroll', '--users-file', 'u.txt', '--type', 'push']],
    ['delete', defineDelete, ['delete', '--users-file', 'u.txt', '--type', 'sms']],
    ['reset', defineReset, ['reset', '--users-file', 'u.txt']],
  ]
  it.each(verbs.flatMap(([verb, define, argv]) => ['99.5', '0.5', '10.0', '1e1', '+5'].map((v) => [verb, v, define, argv] as const)))('%s refuses %s', async (_verb, v, define, argv) => {
    await expectRefused(define, [...argv, '--rate-headroom', v], bad(v))
  })

  it.each<[string, number]>([
    ['99', 99],
    ['0', 0],
    ['25%', 25],
    [' 25 % ', 25],
    ['07', 7],
  ])('takes %s', async (v, headroomPercent) => {
    expect(await requestFor(defineReset, ['reset', '--users-file', 'u.txt', '--rate-headroom', v])).toMatchObject({ settings: { headroomPercent } })
  })

  it('is the one parser (report mfa uses it too)', () => {
    expect(() => parseBulkFlags({ allUsers: true, rateHeadroom: '99.5' })).toThrow(new UsageError(bad('99.5')))
    expect(parseBulkFlags({ allUsers: true, rateHeadroom: '99' }).headroomPercent).toBe(99)
  })
})

// ─── d. --remove-recovery: one wording for one user and many ──────────────────────────────────

describe('d. --remove-recovery: the same words for one user and many', () => {
  const DELETE = '--remove-recovery applies to sms and call factors only.'
  const RESET = '--remove-recovery applies when removing sms or call factors: use it with --types sms and/or call.'
  it.each<[string, VerbDefine, string[], string]>([
    ['delete, one user', defineDelete, ['delete', ALICE, 'push', '--remove-recovery'], DELETE],
    ['delete, many users', defineDelete, ['delete', '--users-file', 'u.txt', '--type', 'push', '--remove-recovery'], DELETE],
    ['reset, one user', defineReset, ['reset', ALICE, '--types', 'push', '--remove-recovery'], RESET],
    ['reset, many users', defineReset, ['reset', '--users-file', 'u.txt', '--types', 'push', '--remove-recovery'], RESET],
  ])('%s', async (_name, define, argv, message) => {
    await expectRefused(define, argv, message)
  })
})

// ─── e. delete: a factor operand with a source of many users ──────────────────────────────────

describe('e. factors delete with a source: an operand is refused as a user', () => {
  // commander fills [user] before [factor], so a factor operand always comes with a user operand:
  // "name the factor type with --type, not as an argument" could not be reached, and is gone.
  it.each<[string, string[]]>([
    ['a lone operand', ['sms', '--users-file', 'u.txt', '--type', 'sms']],
    ['two operands', [ALICE, 'sms', '--users-file', 'u.txt', '--type', 'sms']],
    ['two operands, no --type', [ALICE, 'sms', '--group', 'G']],
  ])('%s', async (_name, argv) => {
    await expectRefused(defineDelete, ['delete', ...argv], `Give either <user> or ${SOURCES}, not both.`)
  })
})

// ─── f. flags that have no effect in a mode ───────────────────────────────────────────────────

describe('f. bulk reset and delete: the flags of one user\'s caller check and activity advice', () => {
  const ADVICE = '(a bulk run reads no MFA activity)'
  const rows: Array<[string, string[], string]> = [
    ['--wait-timeout', ['--wait-timeout', '30'], '--wait-timeout applies to one user only (with --verify-caller push).'],
    ['--no-activity', ['--no-activity'], `--no-activity applies to one user only ${ADVICE}.`],
    ['--warn-denied-pushes', ['--warn-denied-pushes', '3'], `--warn-denied-pushes applies to one user only ${ADVICE}.`],
    ['--warn-unanswered-pushes', ['--warn-unanswered-pushes', '5'], `--warn-unanswered-pushes applies to one user only ${ADVICE}.`],
    ['--warn-reset-within', ['--warn-reset-within', '1h'], `--warn-reset-within applies to one user only ${ADVICE}.`],
    ['a bad --warn-denied-pushes: not read, refused as such', ['--warn-denied-pushes', '0'], `--warn-denied-pushes applies to one user only ${ADVICE}.`],
    ['--verify-caller first', ['--no-activity', '--verify-caller', 'push'], '--verify-caller is for one caller on the phone; it does not apply to bulk runs.'],
  ]
  it.each(rows)('reset refuses %s', async (_name, argv, message) => {
    await expectRefused(defineReset, ['reset', '--users-file', 'u.txt', ...argv], message)
  })
  it.each(rows)('delete refuses %s', async (_name, argv, message) => {
    await expectRefused(defineDelete, ['delete', '--users-file', 'u.txt', '--type', 'sms', ...argv], message)
  })

  it("commander's default (activity: true without --no-activity) is not taken for the flag", async () => {
    expect(await requestFor(defineReset, ['reset', '--users-file', 'u.txt'])).toMatchObject({ kind: 'bulk' })
    expect(await requestFor(defineDelete, ['delete', '--users-file', 'u.txt', '--type', 'sms'])).toMatchObject({ kind: 'bulk' })
  })

  it('one user still takes them', async () => {
    expect(await requestFor(defineReset, ['reset', ALICE, '--no-activity', '--verify-caller', 'push', '--wait-timeout', '30'])).toMatchObject({ guard: { thresholds: undefined, waitSeconds: 30 } })
    expect(await requestFor(defineDelete, ['delete', ALICE, 'sms', '--warn-denied-pushes', '2'])).toMatchObject({ guard: { thresholds: { deniedPushes: 2 } } })
  })
})

describe('f. reset: --tac-ttl, --tac-multi-use and --show-secret go with --issue-tac', () => {
  it.each<[string, string[], string]>([
    ['--tac-ttl', ['--tac-ttl', '60'], '--tac-ttl goes with --issue-tac.'],
    ['--tac-multi-use', ['--tac-multi-use'], '--tac-multi-use goes with --issue-tac.'],
    ['--show-secret', ['--show-secret'], '--show-secret goes with --issue-tac.'],
    ['--show-secret with --json', ['--show-secret', '--json'], '--show-secret goes with --issue-tac.'],
    ['--tac-ttl before --show-secret', ['--show-secret', '--tac-ttl', '60'], '--tac-ttl goes with --issue-tac.'],
  ])('one user: %s', async (_name, argv, message) => {
    await expectRefused(defineReset, ['reset', ALICE, ...argv], message)
  })

  it.each<[string, string[], string]>([
    ['--tac-ttl', ['--tac-ttl', '60'], '--tac-ttl goes with --issue-tac.'],
    ['--tac-multi-use', ['--tac-multi-use'], '--tac-multi-use goes with --issue-tac.'],
    ['--show-secret', ['--show-secret'], '--show-secret goes with --issue-tac.'],
    ['--issue-tac itself: its own refusal', ['--issue-tac', '--show-secret'], '--issue-tac is for one user at a time: each code is shown once, to the agent giving it out.'],
  ])('many users: %s', async (_name, argv, message) => {
    await expectRefused(defineReset, ['reset', '--users-file', 'u.txt', ...argv], message)
  })

  it('--show-secret with --issue-tac is taken (whether --json allows it is the run step\'s check)', async () => {
    expect(await requestFor(defineReset, ['reset', ALICE, '--issue-tac', '--show-secret'])).toMatchObject({ guard: { after: { tac: { showSecret: true } } } })
  })
})

describe('f. enroll: --wait-timeout goes with --wait; --token-lifetime with a type that sends a code', () => {
  it.each<[string, string[], string]>([
    ['--wait-timeout without --wait (push)', ['--type', 'push', '--wait-timeout', '30'], '--wait-timeout goes with --wait.'],
    ['--wait-timeout without --wait, a bad value', ['--type', 'push', '--wait-timeout', 'soon'], '--wait-timeout goes with --wait.'],
    ['--wait-timeout with sms', ['--type', 'sms', '--phone', PHONE, '--wait-timeout', '30'], '--wait-timeout goes with --wait.'],
    ['--wait with sms: that refusal first', ['--type', 'sms', '--phone', PHONE, '--wait', '--wait-timeout', '30'], '--wait does not apply to --type sms.'],
    ['--token-lifetime with push', ['--type', 'push', '--token-lifetime', '60'], '--token-lifetime does not apply to --type push.'],
    ['--token-lifetime with totp', ['--type', 'totp', '--qr-file', 'a.png', '--token-lifetime', '60'], '--token-lifetime does not apply to --type token:software:totp.'],
    ['--token-lifetime with question', ['--type', 'question', '--question', 'disliked_food', '--token-lifetime', '60'], '--token-lifetime does not apply to --type question.'],
    ['--token-lifetime with token:hardware', ['--type', 'token:hardware', '--token-lifetime', '60'], '--token-lifetime does not apply to --type token:hardware.'],
    ['--token-lifetime with webauthn, out of range: the type first', ['--type', 'webauthn', '--token-lifetime', '0'], '--token-lifetime does not apply to --type webauthn.'],
  ])('one user refuses %s', async (_name, argv, message) => {
    await expectRefused(defineEnroll, ['enroll', ALICE, ...argv], message)
  })

  it.each<[string, string[], string]>([
    ['--wait-timeout', ['--type', 'push', '--wait-timeout', '30'], '--wait-timeout does not apply to bulk runs.'],
    ['--wait (before --wait-timeout)', ['--type', 'push', '--wait', '--wait-timeout', '30'], '--wait does not apply to bulk runs.'],
    ['--token-lifetime with u2f', ['--type', 'u2f', '--token-lifetime', '60'], '--token-lifetime does not apply to --type u2f.'],
  ])('many users refuse %s', async (_name, argv, message) => {
    await expectRefused(defineEnroll, ['enroll', '--users-file', 'u.csv', ...argv], message)
  })

  it.each<[string, string[], number]>([
    ['sms', ['--type', 'sms', '--phone', PHONE], 300],
    ['call (a voice code)', ['--type', 'call', '--phone', PHONE], 120],
    ['email (Okta: the email OTP)', ['--type', 'email', '--email', ALICE], 900],
  ])('--token-lifetime is taken for %s', async (_name, argv, seconds) => {
    expect(await requestFor(defineEnroll, ['enroll', ALICE, ...argv, '--token-lifetime', String(seconds)])).toMatchObject({ spec: { query: { tokenLifetimeSeconds: seconds } } })
  })

  it('--wait --wait-timeout is taken for push', async () => {
    expect(await requestFor(defineEnroll, ['enroll', ALICE, '--type', 'push', '--wait', '--wait-timeout', '30'])).toMatchObject({ waitSeconds: 30 })
  })
})

describe('f. one user: --wait-timeout goes with --verify-caller push (nothing else waits)', () => {
  it.each<[string, string[]]>([
    ['reset, no --verify-caller', ['reset', ALICE, '--wait-timeout', '30']],
    ['reset, --verify-caller sms', ['reset', ALICE, '--verify-caller', 'sms', '--wait-timeout', '30']],
    ['delete, no --verify-caller', ['delete', ALICE, 'sms', '--wait-timeout', '30']],
  ])('%s', async (_n, argv) => {
    await expectRefused(argv[0] === 'reset' ? defineReset : defineDelete, argv, '--wait-timeout goes with --verify-caller push.')
  })

  it('with --verify-caller push it is taken', async () => {
    expect(await requestFor(defineDelete, ['delete', ALICE, 'sms', '--verify-caller', 'push', '--wait-timeout', '45'])).toMatchObject({ guard: { method: 'push', waitSeconds: 45 } })
  })
})
