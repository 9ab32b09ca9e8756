import { describe, expect, it } from 'vitest'
import { expectRefused, requestFor, verbHarness } from '../../helpers/verb.js'
import { defineDelete } from '../../../src/commands/factors/delete.js'
import { defineEnroll } from '../../../src/commands/factors/enroll.js'
import { defineReset } from '../../../src/commands/factors/reset.js'
import { DEFAULT_WAIT_SECONDS } from '../../../src/factors/wait.js'
import type { BulkSettings } from '../../../src/bulk/options.js'
import type { BulkRemovePlan, GuardPlan } from '../../../src/helpdesk/options.js'

// The parse step of the three verbs that change a user's MFA (enroll, delete, reset), through
// commander: argv → the request the run step receives, or the exact UsageError, with the run step
// never called (so nothing can have been sent). No HTTP, no files, no terminal.

const SOURCES = '--users-file, --group, --search, --filter or --all-users'
const BULK_ONLY = (flag: string) => `${flag} applies to bulk runs (with ${SOURCES}).`
const ENROLL_TYPES = 'Types: question, sms, call, email, push, token:software:totp, token, token:hardware, token:hotp, u2f, webauthn'
const REMOVE_TYPES = 'Types: sms, call, email, push, question, totp (token:software:totp), token, token:hardware, token:hotp, u2f, webauthn, signed_nonce.'
const literalHint = (flag: string) =>
  `Use ${flag} - and pipe it in (e.g. printf '%s\\n' "$SECRET" | oktactl … ${flag} -), or leave ${flag} out at a terminal to be asked with the input hidden.`
const LITERAL = (flag: string) => `${flag} takes no value on the command line, where process lists and shell history would keep it.`
const ALICE = 'alice@example.com'

// ─── factors enroll ────────────────────────────────────────────────────────────────────────────

interface SpecWant {
  factorType: string
  provider: string
  profile?: Record<string, string>
  factorProfileId?: string
  secrets?: string[]
  query?: Record<string, unknown>
}
interface OneWant {
  spec: SpecWant
  secretFlags?: Partial<Record<'answer' | 'passCode' | 'nextPassCode' | 'sharedSecret', string>>
  qrFile?: string
  secretFile?: string
  waitSeconds?: number
}
const enrollOne = (w: OneWant) => ({
  kind: 'one',
  user: ALICE,
  spec: { profile: {}, secrets: [], query: {}, ...w.spec },
  secretFlags: { ...w.secretFlags },
  qrFile: w.qrFile,
  secretFile: w.secretFile,
  waitSeconds: w.waitSeconds,
})

describe('parse: factors enroll, one user', () => {
  const PHONE = '+15551234567'
  it.each<[string, string[], OneWant]>([
    ['sms', ['--type', 'sms', '--phone', PHONE], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: PHONE } } }],
    ['sms, the phone written with spaces, dots, dashes and brackets', ['--type', 'sms', '--phone', '+1 (555) 123.45-67'], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: PHONE } } }],
    ['sms, the type and provider in any case', ['--type', 'SMS', '--provider', 'okta', '--phone', PHONE], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: PHONE } } }],
    [
      'sms, every sms option',
      ['--type', 'sms', '--phone', PHONE, '--activate', '--update-phone', '--template-id', 'cstk2', '--token-lifetime', '600', '--accept-language', 'de'],
      { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: PHONE }, query: { activate: true, updatePhone: true, templateId: 'cstk2', tokenLifetimeSeconds: 600, acceptLanguage: 'de' } } },
    ],
    ['sms, --token-lifetime at its lower bound', ['--type', 'sms', '--phone', PHONE, '--token-lifetime', '1'], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: PHONE }, query: { tokenLifetimeSeconds: 1 } } }],
    ['sms, --token-lifetime at its upper bound', ['--type', 'sms', '--phone', PHONE, '--token-lifetime', '86400'], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: PHONE }, query: { tokenLifetimeSeconds: 86400 } } }],
    ['sms, the shortest E.164 number', ['--type', 'sms', '--phone', '+12'], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: '+12' } } }],
    ['sms, the longest E.164 number (15 digits)', ['--type', 'sms', '--phone', '+123456789012345'], { spec: { factorType: 'sms', provider: 'OKTA', profile: { phone: '+123456789012345' } } }],
    [
      'call, with an extension and --update-phone',
      ['--type', 'call', '--phone', PHONE, '--extension', '042', '--update-phone'],
      { spec: { factorType: 'call', provider: 'OKTA', profile: { phone: PHONE, extension: '042' }, query: { updatePhone: true } } },
    ],
    ['call, --activate', ['--type', 'call', '--phone', PHONE, '--activate'], { spec: { factorType: 'call', provider: 'OKTA', profile: { phone: PHONE }, query: { activate: true } } }],
    ['email, activated at enrollment', ['--type', 'email', '--email', ALICE, '--activate'], { spec: { factorType: 'email', provider: 'OKTA', profile: { email: ALICE }, query: { activate: true } } }],
    ['email, --token-lifetime', ['--type', 'email', '--email', ALICE, '--token-lifetime', '900'], { spec: { factorType: 'email', provider: 'OKTA', profile: { email: ALICE }, query: { tokenLifetimeSeconds: 900 } } }],
    ['push, no wait', ['--type', 'push'], { spec: { factorType: 'push', provider: 'OKTA' } }],
    ['push --wait: the default wait', ['--type', 'push', '--wait'], { spec: { factorType: 'push', provider: 'OKTA' }, waitSeconds: DEFAULT_WAIT_SECONDS }],
    ['push --wait --wait-timeout 30', ['--type', 'push', '--wait', '--wait-timeout', '30'], { spec: { factorType: 'push', provider: 'OKTA' }, waitSeconds: 30 }],
    ['push --wait --wait-timeout 0.5 (any positive number)', ['--type', 'push', '--wait', '--wait-timeout', '0.5'], { spec: { factorType: 'push', provider: 'OKTA' }, waitSeconds: 0.5 }],
    ['question: the answer left to a prompt', ['--type', 'question', '--question', 'disliked_food'], { spec: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food' }, secrets: ['answer'] } }],
    [
      'question: the answer from stdin',
      ['--type', 'question', '--question', 'disliked_food', '--answer', '-'],
      { spec: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food' }, secrets: ['answer'] }, secretFlags: { answer: '-' } },
    ],
    ['totp (alias), the QR code to a file', ['--type', 'totp', '--qr-file', 'alice.png'], { spec: { factorType: 'token:software:totp', provider: 'OKTA' }, qrFile: 'alice.png' }],
    [
      'token:software:totp, GOOGLE, the URI to a file',
      ['--type', 'token:software:totp', '--provider', 'google', '--secret-file', 'alice.uri'],
      { spec: { factorType: 'token:software:totp', provider: 'GOOGLE' }, secretFile: 'alice.uri' },
    ],
    ['totp with both files', ['--type', 'totp', '--qr-file', 'a.png', '--secret-file', 'a.uri'], { spec: { factorType: 'token:software:totp', provider: 'OKTA' }, qrFile: 'a.png', secretFile: 'a.uri' }],
    ['totp with no file (refused in the run step only off a terminal or with --json)', ['--type', 'totp'], { spec: { factorType: 'token:software:totp', provider: 'OKTA' } }],
    [
      'token, RSA, a code on argv (one-time codes may be)',
      ['--type', 'token', '--provider', 'RSA', '--credential-id', 'dade.murphy', '--passcode', '123456'],
      { spec: { factorType: 'token', provider: 'RSA', profile: { credentialId: 'dade.murphy' }, secrets: ['passCode'] }, secretFlags: { passCode: '123456' } },
    ],
    [
      'token, RSA, the code left to a prompt',
      ['--type', 'token', '--provider', 'rsa', '--credential-id', 'dade.murphy'],
      { spec: { factorType: 'token', provider: 'RSA', profile: { credentialId: 'dade.murphy' }, secrets: ['passCode'] } },
    ],
    [
      'token, SYMANTEC: two codes',
      ['--type', 'token', '--provider', 'symantec', '--credential-id', 'VSMT14393584', '--passcode', '-', '--next-passcode', '-'],
      { spec: { factorType: 'token', provider: 'SYMANTEC', profile: { credentialId: 'VSMT14393584' }, secrets: ['passCode', 'nextPassCode'] }, secretFlags: { passCode: '-', nextPassCode: '-' } },
    ],
    [
      'token, a code kept as given (the run step trims it)',
      ['--type', 'token', '--provider', 'RSA', '--credential-id', 'c1', '--passcode', ' 123456 '],
      { spec: { factorType: 'token', provider: 'RSA', profile: { credentialId: 'c1' }, secrets: ['passCode'] }, secretFlags: { passCode: ' 123456 ' } },
    ],
    ['token:hardware (YUBICO)', ['--type', 'token:hardware', '--passcode', 'cccccclknlbb'], { spec: { factorType: 'token:hardware', provider: 'YUBICO', secrets: ['passCode'] }, secretFlags: { passCode: 'cccccclknlbb' } }],
    ['yubikey (alias) --provider YUBICO', ['--type', 'yubikey', '--provider', 'YUBICO'], { spec: { factorType: 'token:hardware', provider: 'YUBICO', secrets: ['passCode'] } }],
    [
      'token:hotp (CUSTOM): always activated, the secret from stdin',
      ['--type', 'token:hotp', '--factor-profile-id', 'fpr20l2mDyaUGWGCa0g4', '--shared-secret', '-'],
      { spec: { factorType: 'token:hotp', provider: 'CUSTOM', factorProfileId: 'fpr20l2mDyaUGWGCa0g4', secrets: ['sharedSecret'], query: { activate: true } }, secretFlags: { sharedSecret: '-' } },
    ],
    [
      'hotp (alias), the secret left to a prompt, --activate as well',
      ['--type', 'hotp', '--provider', 'CUSTOM', '--factor-profile-id', 'fpr1', '--activate'],
      { spec: { factorType: 'token:hotp', provider: 'CUSTOM', factorProfileId: 'fpr1', secrets: ['sharedSecret'], query: { activate: true } } },
    ],
    ['u2f (FIDO)', ['--type', 'u2f'], { spec: { factorType: 'u2f', provider: 'FIDO' } }],
    ['webauthn --provider fido', ['--type', 'webauthn', '--provider', 'fido'], { spec: { factorType: 'webauthn', provider: 'FIDO' } }],
  ])('%s', async (_name, argv, want) => {
    expect(await requestFor(defineEnroll, ['enroll', ALICE, ...argv])).toEqual(enrollOne(want))
  })

  it('the global --yes, --json and --audit-log stay off the request', async () => {
    expect(await requestFor(defineEnroll, ['enroll', ALICE, '--type', 'push', '--yes', '--json', '--audit-log', 'a.log'])).toEqual(enrollOne({ spec: { factorType: 'push', provider: 'OKTA' } }))
  })

  it('--type is a required option (commander refuses it missing)', async () => {
    const { parse, run } = verbHarness(defineEnroll)
    await expect(parse(['enroll', ALICE])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue', exitCode: 1 })
    expect(run).not.toHaveBeenCalled()
  })

  it.each<[string, string[], string, string?]>([
    // the type and provider
    ['an empty --type', ['--type', ''], '--type is required.', ENROLL_TYPES],
    ['an unknown type', ['--type', 'fax'], 'Cannot enroll factor type "fax" through the API.', ENROLL_TYPES],
    ['a type Okta has but cannot enroll through the API', ['--type', 'signed_nonce'], 'Cannot enroll factor type "signed_nonce" through the API.', ENROLL_TYPES],
    ['a provider the type does not have', ['--type', 'sms', '--provider', 'GOOGLE', '--phone', PHONE], 'Provider GOOGLE does not offer sms; use OKTA.'],
    ['totp from RSA', ['--type', 'totp', '--provider', 'rsa'], 'Provider rsa does not offer token:software:totp; use OKTA or GOOGLE.'],
    ['token from YUBICO', ['--type', 'token', '--provider', 'YUBICO'], 'Provider YUBICO does not offer token; use RSA or SYMANTEC.'],
    ['token without a provider', ['--type', 'token', '--credential-id', 'c1'], '--provider RSA or --provider SYMANTEC is required for --type token.'],
    // what each type requires
    ['sms without a phone', ['--type', 'sms'], '--phone is required for --type sms (E.164, e.g. +15551234567).'],
    ['call without a phone', ['--type', 'call'], '--phone is required for --type call (E.164, e.g. +15551234567).'],
    ['an empty phone', ['--type', 'sms', '--phone', ''], '--phone is required for --type sms (E.164, e.g. +15551234567).'],
    ['email without an address', ['--type', 'email'], '--email is required for --type email.'],
    ['question without a key', ['--type', 'question'], '--question <key> is required for --type question.', 'List the keys with `oktactl factors questions <user>`.'],
    ['token without a credential id', ['--type', 'token', '--provider', 'RSA'], '--credential-id is required for --type token.'],
    ['token:hotp without a factor profile', ['--type', 'token:hotp', '--shared-secret', '-'], '--factor-profile-id is required for --type token:hotp (custom TOTP).'],
    // bad phone numbers, extensions and email addresses
    ['a phone without +', ['--type', 'sms', '--phone', '15551234567'], '--phone "15551234567" is not an E.164 number such as +15551234567.'],
    ['a phone starting +0', ['--type', 'sms', '--phone', '+05551234567'], '--phone "+05551234567" is not an E.164 number such as +15551234567.'],
    ['a phone of one digit', ['--type', 'call', '--phone', '+1'], '--phone "+1" is not an E.164 number such as +15551234567.'],
    ['a phone of 16 digits', ['--type', 'sms', '--phone', '+1234567890123456'], '--phone "+1234567890123456" is not an E.164 number such as +15551234567.'],
    ['a phone with letters', ['--type', 'sms', '--phone', '+1555CALLNOW'], '--phone "+1555CALLNOW" is not an E.164 number such as +15551234567.'],
    ['a phone with an extension written in', ['--type', 'call', '--phone', '+15551234567x42'], '--phone "+15551234567x42" is not an E.164 number such as +15551234567.'],
    ['an extension with a letter', ['--type', 'call', '--phone', PHONE, '--extension', '12a'], '--extension must be up to 15 digits.'],
    ['an extension of 16 digits', ['--type', 'call', '--phone', PHONE, '--extension', '1234567890123456'], '--extension must be up to 15 digits.'],
    ['an email without @', ['--type', 'email', '--email', 'alice'], '--email "alice" is not an email address.'],
    ['an email with a space', ['--type', 'email', '--email', 'al ice@example.com'], '--email "al ice@example.com" is not an email address.'],
    ['an email over 100 characters', ['--type', 'email', '--email', `${'a'.repeat(89)}@example.com`], `--email "${'a'.repeat(89)}@example.com" is not an email address.`],
    // flags that do not apply to the type
    ['--phone for email', ['--type', 'email', '--email', ALICE, '--phone', PHONE], '--phone does not apply to --type email.'],
    ['--extension for sms', ['--type', 'sms', '--phone', PHONE, '--extension', '42'], '--extension does not apply to --type sms.'],
    ['--email for sms', ['--type', 'sms', '--phone', PHONE, '--email', ALICE], '--email does not apply to --type sms.'],
    ['--question for push', ['--type', 'push', '--question', 'disliked_food'], '--question does not apply to --type push.'],
    ['--credential-id for token:hardware', ['--type', 'token:hardware', '--credential-id', 'c1'], '--credential-id does not apply to --type token:hardware.'],
    ['--factor-profile-id for totp', ['--type', 'totp', '--factor-profile-id', 'fpr1'], '--factor-profile-id does not apply to --type token:software:totp.'],
    ['--update-phone for email', ['--type', 'email', '--email', ALICE, '--update-phone'], '--update-phone does not apply to --type email.'],
    ['--template-id for call', ['--type', 'call', '--phone', PHONE, '--template-id', 'cstk2'], '--template-id does not apply to --type call.'],
    ['--accept-language for email', ['--type', 'email', '--email', ALICE, '--accept-language', 'de'], '--accept-language does not apply to --type email.'],
    ['--wait for sms', ['--type', 'sms', '--phone', PHONE, '--wait'], '--wait does not apply to --type sms.'],
    ['--qr-file for push', ['--type', 'push', '--qr-file', 'p.png'], '--qr-file does not apply to --type push.'],
    ['--secret-file for token:hotp', ['--type', 'token:hotp', '--factor-profile-id', 'fpr1', '--secret-file', 's.uri'], '--secret-file applies to --type token:software:totp only.'],
    ['--activate for push', ['--type', 'push', '--activate'], '--activate works for sms, call, email, token:hotp only; activate push with `oktactl factors activate`.'],
    ['--activate for totp', ['--type', 'totp', '--qr-file', 'a.png', '--activate'], '--activate works for sms, call, email, token:hotp only; activate token:software:totp with `oktactl factors activate`.'],
    // long-lived secrets never on argv; one-time codes never empty
    ['a literal --answer', ['--type', 'question', '--question', 'disliked_food', '--answer', 'pizza'], LITERAL('--answer'), literalHint('--answer')],
    ['an empty --answer', ['--type', 'question', '--question', 'disliked_food', '--answer', ''], LITERAL('--answer'), literalHint('--answer')],
    ['a literal --answer, refused before the type is looked at', ['--type', 'fax', '--answer', 'pizza'], LITERAL('--answer'), literalHint('--answer')],
    ['a literal --shared-secret', ['--type', 'token:hotp', '--factor-profile-id', 'fpr1', '--shared-secret', 'JBSWY3DPEHPK3PXP'], LITERAL('--shared-secret'), literalHint('--shared-secret')],
    ['an empty --passcode', ['--type', 'token:hardware', '--passcode', ''], '--passcode must not be empty.'],
    ['a blank --passcode', ['--type', 'token', '--provider', 'RSA', '--credential-id', 'c1', '--passcode', '   '], '--passcode must not be empty.'],
    ['an empty --next-passcode (SYMANTEC)', ['--type', 'token', '--provider', 'SYMANTEC', '--credential-id', 'c1', '--passcode', '-', '--next-passcode', ''], '--next-passcode must not be empty.'],
    // bounds
    ['--token-lifetime 0', ['--type', 'sms', '--phone', PHONE, '--token-lifetime', '0'], '--token-lifetime must be 1 to 86400 seconds (got "0").'],
    ['--token-lifetime 86401', ['--type', 'sms', '--phone', PHONE, '--token-lifetime', '86401'], '--token-lifetime must be 1 to 86400 seconds (got "86401").'],
    ['--token-lifetime 1.5', ['--type', 'email', '--email', ALICE, '--token-lifetime', '1.5'], '--token-lifetime must be 1 to 86400 seconds (got "1.5").'],
    ['--token-lifetime 5m', ['--type', 'call', '--phone', PHONE, '--token-lifetime', '5m'], '--token-lifetime must be 1 to 86400 seconds (got "5m").'],
    ['--wait-timeout 0', ['--type', 'push', '--wait', '--wait-timeout', '0'], '--wait-timeout must be a positive number of seconds (got "0").'],
    ['--wait-timeout -5', ['--type', 'push', '--wait', '--wait-timeout', '-5'], '--wait-timeout must be a positive number of seconds (got "-5").'],
    ['--wait-timeout soon', ['--type', 'push', '--wait', '--wait-timeout', 'soon'], '--wait-timeout must be a positive number of seconds (got "soon").'],
    ['--wait-timeout Infinity', ['--type', 'push', '--wait', '--wait-timeout', 'Infinity'], '--wait-timeout must be a positive number of seconds (got "Infinity").'],
    // one user or many
    ['--dry-run for one user', ['--type', 'push', '--dry-run'], '--dry-run applies to bulk runs (--users-file, --group, --search, --filter, --all-users).'],
    ['--report for one user', ['--type', 'push', '--report', 'r.jsonl'], BULK_ONLY('--report')],
    ['--resume for one user', ['--type', 'push', '--resume', 'r.jsonl'], BULK_ONLY('--resume')],
    ['--concurrency for one user', ['--type', 'push', '--concurrency', '4'], BULK_ONLY('--concurrency')],
    ['--rate-headroom for one user', ['--type', 'push', '--rate-headroom', '20'], BULK_ONLY('--rate-headroom')],
    ['a user and --users-file', ['--type', 'push', '--users-file', 'u.csv'], `Give either <user> or ${SOURCES}, not both.`],
  ])('refuses %s', async (_name, argv, message, hint) => {
    await expectRefused(defineEnroll, ['enroll', ALICE, ...argv], message, hint)
  })

  it('refuses no user and no source', async () => {
    await expectRefused(defineEnroll, ['enroll', '--type', 'push'], `Give <user>, or one of ${SOURCES} for many users.`)
  })
})

/** What a bulk run takes besides its plan: the parsed --users-file/…, pacing and report flags. */
const settings = (s: Partial<BulkSettings>): BulkSettings => ({ source: USERS_TXT, concurrency: 4, headroomPercent: 10, report: undefined, resume: undefined, ...s })
const USERS_TXT = { kind: 'file', path: 'u.txt' } as const
interface BulkWant {
  settings: Partial<BulkSettings>
  dryRun?: boolean
}

describe('parse: factors enroll, many users', () => {
  const bulk = (argv: string[], spec: SpecWant, run: BulkWant) => ({
    kind: 'bulk',
    spec: { profile: {}, secrets: [], query: {}, ...spec },
    settings: settings(run.settings),
    dryRun: Boolean(run.dryRun),
    args: ['factors', 'enroll', ...argv],
  })
  it.each<[string, string[], SpecWant, BulkWant]>([
    ["sms: each user's phone from the file", ['--users-file', 'phones.csv', '--type', 'sms'], { factorType: 'sms', provider: 'OKTA' }, { settings: { source: { kind: 'file', path: 'phones.csv' } } }],
    [
      'sms: one phone given, checked once',
      ['--users-file', '-', '--type', 'sms', '--phone', '+1 555 123 4567'],
      { factorType: 'sms', provider: 'OKTA', profile: { phone: '+15551234567' } },
      { settings: { source: { kind: 'file', path: '-' } } },
    ],
    [
      'call from a group, an extension for all, a dry run',
      ['--group', 'Contractors', '--type', 'call', '--extension', '7', '--dry-run'],
      { factorType: 'call', provider: 'OKTA', profile: { extension: '7' } },
      { settings: { source: { kind: 'group', ref: 'Contractors' } }, dryRun: true },
    ],
    [
      'email from a search, activated, with sms-free options',
      ['--search', 'profile.department eq "Sales"', '--type', 'email', '--activate', '--token-lifetime', '600'],
      { factorType: 'email', provider: 'OKTA', query: { activate: true, tokenLifetimeSeconds: 600 } },
      { settings: { source: { kind: 'search', expression: 'profile.department eq "Sales"' } } },
    ],
    ['email, one address for all', ['--filter', 'status eq "ACTIVE"', '--type', 'email', '--email', ALICE], { factorType: 'email', provider: 'OKTA', profile: { email: ALICE } }, { settings: { source: { kind: 'filter', expression: 'status eq "ACTIVE"' } } }],
    ['push for every user', ['--all-users', '--type', 'push'], { factorType: 'push', provider: 'OKTA' }, { settings: { source: { kind: 'all' } } }],
    ['u2f', ['--users-file', 'u.txt', '--type', 'u2f'], { factorType: 'u2f', provider: 'FIDO' }, { settings: { source: USERS_TXT } }],
    ['webauthn', ['--users-file', 'u.txt', '--type', 'webauthn'], { factorType: 'webauthn', provider: 'FIDO' }, { settings: { source: USERS_TXT } }],
    [
      'the bulk flags, at their bounds',
      ['--users-file', 'u.txt', '--type', 'push', '--concurrency', '64', '--rate-headroom', '99%', '--report', 'r.jsonl', '--resume', 'old.jsonl'],
      { factorType: 'push', provider: 'OKTA' },
      { settings: { source: USERS_TXT, concurrency: 64, headroomPercent: 99, report: 'r.jsonl', resume: 'old.jsonl' } },
    ],
    ['--concurrency 1 and --rate-headroom 0', ['--users-file', 'u.txt', '--type', 'push', '--concurrency', '1', '--rate-headroom', '0'], { factorType: 'push', provider: 'OKTA' }, { settings: { source: USERS_TXT, concurrency: 1, headroomPercent: 0 } }],
  ])('%s', async (_name, argv, spec, flags) => {
    expect(await requestFor(defineEnroll, ['enroll', ...argv])).toEqual(bulk(argv, spec, flags))
  })

  const secretForAll = (t: string) => `Bulk enrollment of ${t} would need a secret for every user; enroll those one at a time.`
  it.each<[string, string[], string, string?]>([
    ['question', ['--type', 'question', '--question', 'disliked_food'], secretForAll('question')],
    ['token (RSA)', ['--type', 'token', '--provider', 'RSA', '--credential-id', 'c1'], secretForAll('token')],
    ['token:hardware', ['--type', 'token:hardware'], secretForAll('token:hardware')],
    ['token:hotp', ['--type', 'token:hotp', '--factor-profile-id', 'fpr1'], secretForAll('token:hotp')],
    ['a --passcode with sms', ['--type', 'sms', '--passcode', '123456'], secretForAll('sms')],
    ['--answer - with email', ['--type', 'email', '--answer', '-'], secretForAll('email')],
    ['a literal --answer: the bulk refusal, not the argv one', ['--type', 'push', '--answer', 'pizza'], secretForAll('push')],
    ['--next-passcode with push', ['--type', 'push', '--next-passcode', '1'], secretForAll('push')],
    ['--shared-secret - with u2f', ['--type', 'u2f', '--shared-secret', '-'], secretForAll('u2f')],
    ['--wait', ['--type', 'push', '--wait'], '--wait does not apply to bulk runs.'],
    ['--qr-file (before the TOTP refusal)', ['--type', 'totp', '--qr-file', 'a.png'], '--qr-file does not apply to bulk runs.'],
    ['--secret-file', ['--type', 'sms', '--secret-file', 's.uri'], '--secret-file does not apply to bulk runs.'],
    [
      'totp: every secret would be lost',
      ['--type', 'totp'],
      "Bulk enrollment of token:software:totp would lose every user's secret (Okta shows it once, when the factor is created). Nothing was sent.",
      'Enroll TOTP one user at a time with --secret-file <file> or --qr-file <png>, or let users enroll it themselves.',
    ],
    ['a bad phone, checked once', ['--type', 'sms', '--phone', '555-1234'], '--phone "555-1234" is not an E.164 number such as +15551234567.'],
    ['a bad email, checked once', ['--type', 'email', '--email', 'nobody'], '--email "nobody" is not an email address.'],
    ['a flag the type does not take', ['--type', 'sms', '--extension', '42'], '--extension does not apply to --type sms.'],
    ['--token-lifetime out of range', ['--type', 'sms', '--token-lifetime', '0'], '--token-lifetime must be 1 to 86400 seconds (got "0").'],
    ['--concurrency 0', ['--type', 'push', '--concurrency', '0'], '--concurrency must be 1 to 64 (got "0").'],
    ['--concurrency 65', ['--type', 'push', '--concurrency', '65'], '--concurrency must be 1 to 64 (got "65").'],
    ['--concurrency four', ['--type', 'push', '--concurrency', 'four'], '--concurrency must be 1 to 64 (got "four").'],
    ['--rate-headroom 100', ['--type', 'push', '--rate-headroom', '100'], '--rate-headroom must be a percentage from 0 to 99 (got "100").'],
    ['--rate-headroom -1', ['--type', 'push', '--rate-headroom', '-1'], '--rate-headroom must be a percentage from 0 to 99 (got "-1").'],
    ['--rate-headroom lots', ['--type', 'push', '--rate-headroom', 'lots'], '--rate-headroom must be a percentage from 0 to 99 (got "lots").'],
    ['an empty --users-file', ['--type', 'push', '--users-file', ' '], '--users-file needs a file name, or - for stdin.'],
    ['two sources', ['--type', 'push', '--group', 'G'], `Give one of ${SOURCES}, not --users-file and --group.`],
  ])('refuses %s', async (_name, argv, message, hint) => {
    const source = argv.includes('--users-file') ? [] : ['--users-file', 'u.csv']
    await expectRefused(defineEnroll, ['enroll', ...source, ...argv], message, hint)
  })

  it('refuses an empty --group', async () => {
    await expectRefused(defineEnroll, ['enroll', '--group', '', '--type', 'push'], '--group needs a group name or id.')
  })
})

// ─── factors delete and reset: the guard flags ─────────────────────────────────────────────────

const GUARD: GuardPlan = {
  method: undefined,
  waitSeconds: DEFAULT_WAIT_SECONDS,
  thresholds: { deniedPushes: 3, unansweredPushes: 5, resetWithinMs: 3_600_000 },
  after: {},
  allowAdmin: false,
  ticket: undefined,
  dryRun: false,
}
const guard = (g: Partial<GuardPlan> = {}): GuardPlan => ({ ...GUARD, ...g })

/** Guard and after flags that delete and reset take alike, and the plan each gives. */
const GUARD_ROWS: Array<[string, string[], Partial<GuardPlan>, Record<string, unknown>]> = [
  ['--allow-admin, --ticket and --dry-run carried as given', ['--allow-admin', '--ticket', 'INC-1234', '--dry-run'], {}, { allowAdmin: true, ticket: 'INC-1234', dryRun: true }],
  ['--verify-caller push', ['--verify-caller', 'push'], { method: 'push' }, { verifyCaller: 'push' }],
  ['--verify-caller " SMS " (trimmed, any case)', ['--verify-caller', ' SMS '], { method: 'sms' }, { verifyCaller: ' SMS ' }],
  ['--verify-caller Email', ['--verify-caller', 'Email'], { method: 'email' }, { verifyCaller: 'Email' }],
  ['--verify-caller totp', ['--verify-caller', 'totp'], { method: 'totp' }, { verifyCaller: 'totp' }],
  ['--verify-caller push --wait-timeout 45', ['--verify-caller', 'push', '--wait-timeout', '45'], { method: 'push', waitSeconds: 45 }, { verifyCaller: 'push', waitTimeout: '45' }],
  ['--wait-timeout with --verify-caller push', ['--verify-caller', 'push', '--wait-timeout', '2.5'], { method: 'push', waitSeconds: 2.5 }, { waitTimeout: '2.5' }],
  ['--no-activity: no thresholds', ['--no-activity'], { thresholds: undefined }, { activity: false }],
  ['--no-activity: the thresholds are not read, bad or not', ['--no-activity', '--warn-denied-pushes', '0'], { thresholds: undefined }, { activity: false, warnDeniedPushes: '0' }],
  [
    'the three thresholds',
    ['--warn-denied-pushes', '1', '--warn-unanswered-pushes', '10', '--warn-reset-within', '30m'],
    { thresholds: { deniedPushes: 1, unansweredPushes: 10, resetWithinMs: 1_800_000 } },
    { warnDeniedPushes: '1', warnUnansweredPushes: '10', warnResetWithin: '30m' },
  ],
  ['--warn-reset-within 2 H', ['--warn-reset-within', '2 H'], { thresholds: { deniedPushes: 3, unansweredPushes: 5, resetWithinMs: 7_200_000 } }, { warnResetWithin: '2 H' }],
  ['--warn-reset-within 2d', ['--warn-reset-within', '2d'], { thresholds: { deniedPushes: 3, unansweredPushes: 5, resetWithinMs: 172_800_000 } }, { warnResetWithin: '2d' }],
  ['--revoke-sessions', ['--revoke-sessions'], { after: { sessions: { oauthTokens: false } } }, { revokeSessions: true }],
  ['--revoke-sessions --revoke-tokens', ['--revoke-sessions', '--revoke-tokens'], { after: { sessions: { oauthTokens: true } } }, { revokeSessions: true, revokeTokens: true }],
  ['the global --yes, --json and --audit-log stay off the flags', ['--yes', '--json', '--audit-log', 'a.log'], {}, {}],
]

/** Guard and after values that delete and reset refuse alike, one user. */
const GUARD_BAD: Array<[string, string[], string]> = [
  ['an unknown --verify-caller', ['--verify-caller', 'voice'], '--verify-caller must be push, sms, email, totp (got "voice").'],
  ['an empty --verify-caller', ['--verify-caller', ''], '--verify-caller must be push, sms, email, totp (got "").'],
  ['--verify-caller call', ['--verify-caller', 'call'], '--verify-caller must be push, sms, email, totp (got "call").'],
  ['--wait-timeout 0', ['--verify-caller', 'push', '--wait-timeout', '0'], '--wait-timeout must be a positive number of seconds (got "0").'],
  ['--wait-timeout 2m', ['--wait-timeout', '2m'], '--wait-timeout must be a positive number of seconds (got "2m").'],
  ['--warn-denied-pushes 0', ['--warn-denied-pushes', '0'], '--warn-denied-pushes must be at least 1 (got "0").'],
  ['--warn-denied-pushes three', ['--warn-denied-pushes', 'three'], '--warn-denied-pushes must be a whole number (got "three").'],
  ['--warn-unanswered-pushes -1', ['--warn-unanswered-pushes', '-1'], '--warn-unanswered-pushes must be a whole number (got "-1").'],
  ['--warn-unanswered-pushes 0', ['--warn-unanswered-pushes', '0'], '--warn-unanswered-pushes must be at least 1 (got "0").'],
  ['--warn-reset-within 90s', ['--warn-reset-within', '90s'], '--warn-reset-within must be a span such as 30m, 1h or 2d (got "90s").'],
  ['--warn-reset-within 1w', ['--warn-reset-within', '1w'], '--warn-reset-within must be a span such as 30m, 1h or 2d (got "1w").'],
  ['--revoke-tokens without --revoke-sessions', ['--revoke-tokens'], '--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).'],
  // several bad: the flow's order (--verify-caller, the after flags, the thresholds, --wait-timeout)
  ['a bad --verify-caller before a bad --wait-timeout', ['--wait-timeout', '0', '--verify-caller', 'voice'], '--verify-caller must be push, sms, email, totp (got "voice").'],
  ['--revoke-tokens alone before a bad threshold', ['--warn-denied-pushes', '0', '--revoke-tokens'], '--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).'],
  ['a bad threshold before a bad --wait-timeout', ['--wait-timeout', '0', '--warn-reset-within', 'soon'], '--warn-reset-within must be a span such as 30m, 1h or 2d (got "soon").'],
]

const bulkPlan = (p: Partial<BulkRemovePlan>): BulkRemovePlan => ({ types: undefined, removeRecovery: false, sessions: undefined, allowAdmin: false, ticket: undefined, dryRun: false, ...p })

// ─── factors delete ────────────────────────────────────────────────────────────────────────────

/** The flags the flow takes as given (in the guard plan): --allow-admin, --ticket, --dry-run. */
const asGiven = (flags: Record<string, unknown>): Partial<GuardPlan> => ({
  allowAdmin: Boolean(flags.allowAdmin),
  ticket: flags.ticket as string | undefined,
  dryRun: Boolean(flags.dryRun),
})
const deleteOne = (factor: string, g: Partial<GuardPlan>, flags: Record<string, unknown>, removeRecovery = false) => ({
  kind: 'one',
  user: ALICE,
  factor,
  removeRecovery,
  guard: guard({ ...asGiven(flags), ...g }),
})

describe('parse: factors delete, one user', () => {
  it.each<[string, string[], ReturnType<typeof deleteOne>]>([
    ['a factor type', ['sms'], deleteOne('sms', {}, {})],
    ['a factor id', ['mbl1nz9JHJGHWRKMTLHP'], deleteOne('mbl1nz9JHJGHWRKMTLHP', {}, {})],
    ['the factor with --type', ['--type', 'call'], deleteOne('call', {}, { type: 'call' })],
    ['an alias, kept as typed (resolved against the org)', ['totp'], deleteOne('totp', {}, {})],
    ['--remove-recovery with sms', ['sms', '--remove-recovery'], deleteOne('sms', {}, { removeRecovery: true }, true)],
    ['--remove-recovery with --type CALL', ['--type', 'CALL', '--remove-recovery'], deleteOne('CALL', {}, { type: 'CALL', removeRecovery: true }, true)],
    ['--remove-recovery with a factor id (checked once Okta names its type)', ['emf1abcdefghijklmnop', '--remove-recovery'], deleteOne('emf1abcdefghijklmnop', {}, { removeRecovery: true }, true)],
    ...GUARD_ROWS.map(([name, argv, g, flags]): [string, string[], ReturnType<typeof deleteOne>] => [name, ['sms', ...argv], deleteOne('sms', g, flags)]),
  ])('%s', async (_name, argv, want) => {
    expect(await requestFor(defineDelete, ['delete', ALICE, ...argv])).toEqual(want)
  })

  it.each(['unenroll', 'rm'])('the alias %s parses the same', async (alias) => {
    expect(await requestFor(defineDelete, [alias, ALICE, 'sms', '--verify-caller', 'push'])).toEqual(deleteOne('sms', { method: 'push' }, { verifyCaller: 'push' }))
  })

  const onlyPhones = '--remove-recovery applies to sms and call factors only.'
  it.each<[string, string[], string]>([
    ['no factor', [], 'Give the factor: an id, or a type the user has exactly one of (e.g. sms).'],
    ['the factor twice', ['sms', '--type', 'sms'], 'Give the factor as an argument or with --type, not both.'],
    ['--remove-recovery with push', ['push', '--remove-recovery'], onlyPhones],
    ['--remove-recovery with email', ['email', '--remove-recovery'], onlyPhones],
    ['--remove-recovery with an alias (totp)', ['totp', '--remove-recovery'], onlyPhones],
    ['--remove-recovery with --type question', ['--type', 'question', '--remove-recovery'], onlyPhones],
    ['--remove-recovery after the guard flags', ['push', '--remove-recovery', '--verify-caller', 'voice'], '--verify-caller must be push, sms, email, totp (got "voice").'],
    ['--report for one user', ['sms', '--report', 'r.jsonl'], BULK_ONLY('--report')],
    ['--resume for one user', ['sms', '--resume', 'r.jsonl'], BULK_ONLY('--resume')],
    ['--concurrency for one user', ['sms', '--concurrency', '2'], BULK_ONLY('--concurrency')],
    ['--rate-headroom for one user', ['sms', '--rate-headroom', '5'], BULK_ONLY('--rate-headroom')],
    ['a user and --group', ['--group', 'G'], `Give either <user> or ${SOURCES}, not both.`],
    ...GUARD_BAD.map(([name, argv, message]): [string, string[], string] => [name, ['sms', ...argv], message]),
  ])('refuses %s', async (_name, argv, message) => {
    await expectRefused(defineDelete, ['delete', ALICE, ...argv], message)
  })

  it('refuses no user at all', async () => {
    await expectRefused(defineDelete, ['delete'], `Give <user>, or one of ${SOURCES} for many users.`)
  })

  it.each([['--issue-tac'], ['--types', 'sms']])('has no %s (a reset flag): commander refuses it', async (...flag) => {
    const { parse, run } = verbHarness(defineDelete)
    await expect(parse(['delete', ALICE, 'sms', ...flag])).rejects.toMatchObject({ code: 'commander.unknownOption' })
    expect(run).not.toHaveBeenCalled()
  })
})

describe('parse: factors delete, many users', () => {
  it.each<[string, string[], Partial<BulkRemovePlan>, Partial<BulkSettings>]>([
    ['a users file and --type', ['--users-file', 'users.txt', '--type', 'sms'], { types: ['sms'] }, { source: { kind: 'file', path: 'users.txt' } }],
    [
      'several types, --remove-recovery, a dry run',
      ['--group', 'Contractors', '--type', 'sms,call', '--remove-recovery', '--dry-run'],
      { types: ['sms', 'call'], removeRecovery: true, dryRun: true },
      { source: { kind: 'group', ref: 'Contractors' } },
    ],
    ['--remove-recovery when one of the types is a phone', ['--search', 'x', '--type', 'push, SMS', '--remove-recovery'], { types: ['push', 'sms'], removeRecovery: true }, { source: { kind: 'search', expression: 'x' } }],
    [
      'everyone: the guard, after and bulk flags',
      ['--all-users', '--type', 'totp', '--allow-admin', '--ticket', 'CHG-88', '--revoke-sessions', '--revoke-tokens', '--concurrency', '8', '--rate-headroom', '25', '--report', 'r.jsonl'],
      { types: ['token:software:totp'], allowAdmin: true, ticket: 'CHG-88', sessions: { oauthTokens: true } },
      { source: { kind: 'all' }, concurrency: 8, headroomPercent: 25, report: 'r.jsonl' },
    ],
    ['--filter, --resume', ['--filter', 'status eq "LOCKED_OUT"', '--type', 'push', '--resume', 'r.jsonl'], { types: ['push'] }, { source: { kind: 'filter', expression: 'status eq "LOCKED_OUT"' }, resume: 'r.jsonl' }],
  ])('%s', async (_name, argv, plan, s) => {
    expect(await requestFor(defineDelete, ['delete', ...argv])).toEqual({ kind: 'bulk', plan: bulkPlan(plan), settings: settings(s), args: ['factors', 'delete', ...argv] })
  })

  it.each<[string, string[], string, string?]>([
    // commander hands a lone operand over as the user (parseDelete's "name the factor type with
    // --type, not as an argument" needs a factor operand without a user, which argv cannot give)
    ['a lone operand: taken for the user', ['sms', '--users-file', 'u.txt', '--type', 'sms'], `Give either <user> or ${SOURCES}, not both.`],
    ['no --type', ['--users-file', 'u.txt'], 'factors delete for many users needs --type <factorType> (e.g. --type sms).'],
    ['an unknown --type', ['--users-file', 'u.txt', '--type', 'sms,fax'], '--type: "fax" is not a factor type.', REMOVE_TYPES],
    ['an empty --type list', ['--users-file', 'u.txt', '--type', ' , '], '--type needs at least one factor type, e.g. --type sms,call.'],
    ['--remove-recovery without a phone type', ['--users-file', 'u.txt', '--type', 'push,email', '--remove-recovery'], '--remove-recovery applies to sms and call factors only.'],
    ['--verify-caller', ['--users-file', 'u.txt', '--type', 'sms', '--verify-caller', 'push'], '--verify-caller is for one caller on the phone; it does not apply to bulk runs.'],
    ['--revoke-tokens alone', ['--users-file', 'u.txt', '--type', 'sms', '--revoke-tokens'], '--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).'],
    ['--verify-caller before a missing --type', ['--users-file', 'u.txt', '--verify-caller', 'push'], '--verify-caller is for one caller on the phone; it does not apply to bulk runs.'],
    ['--concurrency 0', ['--users-file', 'u.txt', '--type', 'sms', '--concurrency', '0'], '--concurrency must be 1 to 64 (got "0").'],
    ['--rate-headroom 1e2', ['--users-file', 'u.txt', '--type', 'sms', '--rate-headroom', '1e2'], '--rate-headroom must be a percentage from 0 to 99 (got "1e2").'],
    ['a bad --type before a bad --concurrency', ['--users-file', 'u.txt', '--type', 'fax', '--concurrency', '0'], '--type: "fax" is not a factor type.', REMOVE_TYPES],
    ['two sources', ['--users-file', 'u.txt', '--all-users', '--type', 'sms'], `Give one of ${SOURCES}, not --users-file and --all-users.`],
    ['an empty --search', ['--search', '', '--type', 'sms'], '--search needs an expression, e.g. \'profile.department eq "Sales"\'.'],
  ])('refuses %s', async (_name, argv, message, hint) => {
    await expectRefused(defineDelete, ['delete', ...argv], message, hint)
  })
})

// ─── factors reset ─────────────────────────────────────────────────────────────────────────────

const resetOne = (types: string[] | undefined, g: Partial<GuardPlan>, flags: Record<string, unknown>, removeRecovery = false) => ({
  kind: 'one',
  user: ALICE,
  types,
  removeRecovery,
  guard: guard({ ...asGiven(flags), ...g }),
})
const TAC = { ttlMinutes: undefined, multiUse: false, showSecret: false }

describe('parse: factors reset, one user', () => {
  it.each<[string, string[], ReturnType<typeof resetOne>]>([
    ['every factor', [], resetOne(undefined, {}, {})],
    ['--types sms,call --remove-recovery', ['--types', 'sms,call', '--remove-recovery'], resetOne(['sms', 'call'], {}, { types: 'sms,call', removeRecovery: true }, true)],
    ['--types: aliases, any case, spaces, repeats', ['--types', 'totp, SMS,sms,,hotp'], resetOne(['token:software:totp', 'sms', 'token:hotp'], {}, { types: 'totp, SMS,sms,,hotp' })],
    ['--remove-recovery when one of the types is a phone', ['--types', 'push,call', '--remove-recovery'], resetOne(['push', 'call'], {}, { types: 'push,call', removeRecovery: true }, true)],
    ['--issue-tac: the org\'s lifetime, single use', ['--issue-tac'], resetOne(undefined, { after: { tac: TAC } }, { issueTac: true })],
    [
      '--issue-tac with every TAC option',
      ['--issue-tac', '--tac-ttl', '60', '--tac-multi-use', '--show-secret'],
      resetOne(undefined, { after: { tac: { ttlMinutes: 60, multiUse: true, showSecret: true } } }, { issueTac: true, tacTtl: '60', tacMultiUse: true, showSecret: true }),
    ],
    ['--tac-ttl at its lower bound', ['--issue-tac', '--tac-ttl', '10'], resetOne(undefined, { after: { tac: { ...TAC, ttlMinutes: 10 } } }, { issueTac: true, tacTtl: '10' })],
    ['--tac-ttl at its upper bound', ['--issue-tac', '--tac-ttl', '14400'], resetOne(undefined, { after: { tac: { ...TAC, ttlMinutes: 14_400 } } }, { issueTac: true, tacTtl: '14400' })],
    [
      'sessions ended and a TAC',
      ['--revoke-sessions', '--revoke-tokens', '--issue-tac', '--tac-ttl', '30'],
      resetOne(undefined, { after: { sessions: { oauthTokens: true }, tac: { ...TAC, ttlMinutes: 30 } } }, { revokeSessions: true, revokeTokens: true, issueTac: true, tacTtl: '30' }),
    ],
    [
      'the helpdesk example: a ticket and a verified caller',
      ['--ticket', 'INC-1234', '--verify-caller', 'push'],
      resetOne(undefined, { method: 'push' }, { ticket: 'INC-1234', verifyCaller: 'push' }),
    ],
    ...GUARD_ROWS.map(([name, argv, g, flags]): [string, string[], ReturnType<typeof resetOne>] => [name, argv, resetOne(undefined, g, flags)]),
  ])('%s', async (_name, argv, want) => {
    expect(await requestFor(defineReset, ['reset', ALICE, ...argv])).toEqual(want)
  })

  const phones = '--remove-recovery applies when removing sms or call factors: use it with --types sms and/or call.'
  it.each<[string, string[], string, string?]>([
    ['an unknown --types', ['--types', 'sms,fax'], '--types: "fax" is not a factor type.', REMOVE_TYPES],
    ['an empty --types', ['--types', ''], '--types needs at least one factor type, e.g. --types sms,call.'],
    ['--remove-recovery without --types', ['--remove-recovery'], phones],
    ['--remove-recovery without a phone type', ['--types', 'totp,push', '--remove-recovery'], phones],
    ['--remove-recovery before a bad guard flag', ['--remove-recovery', '--verify-caller', 'voice'], phones],
    ['--tac-ttl without --issue-tac', ['--tac-ttl', '60'], '--tac-ttl goes with --issue-tac.'],
    ['--tac-multi-use without --issue-tac', ['--tac-multi-use'], '--tac-multi-use goes with --issue-tac.'],
    ['--tac-ttl 9', ['--issue-tac', '--tac-ttl', '9'], '--tac-ttl: a temporary access code lives 10 to 14400 minutes (got 9).'],
    ['--tac-ttl 14401', ['--issue-tac', '--tac-ttl', '14401'], '--tac-ttl: a temporary access code lives 10 to 14400 minutes (got 14401).'],
    ['--tac-ttl 1h', ['--issue-tac', '--tac-ttl', '1h'], '--tac-ttl must be a whole number (got "1h").'],
    ['--tac-ttl 30.5', ['--issue-tac', '--tac-ttl', '30.5'], '--tac-ttl must be a whole number (got "30.5").'],
    ['--revoke-tokens before --tac-ttl alone', ['--tac-ttl', '60', '--revoke-tokens'], '--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).'],
    ['--report for one user', ['--report', 'r.jsonl'], BULK_ONLY('--report')],
    ['--resume for one user', ['--resume', 'r.jsonl'], BULK_ONLY('--resume')],
    ['--concurrency for one user', ['--concurrency', '4'], BULK_ONLY('--concurrency')],
    ['--rate-headroom for one user', ['--rate-headroom', '20'], BULK_ONLY('--rate-headroom')],
    ['a user and --users-file', ['--users-file', 'u.txt'], `Give either <user> or ${SOURCES}, not both.`],
    ...GUARD_BAD.map(([name, argv, message]): [string, string[], string] => [name, argv, message]),
  ])('refuses %s', async (_name, argv, message, hint) => {
    await expectRefused(defineReset, ['reset', ALICE, ...argv], message, hint)
  })

  it('refuses no user at all', async () => {
    await expectRefused(defineReset, ['reset'], `Give <user>, or one of ${SOURCES} for many users.`)
  })

  it('has no --type (a delete flag): commander refuses it', async () => {
    const { parse, run } = verbHarness(defineReset)
    await expect(parse(['reset', ALICE, '--type', 'sms'])).rejects.toMatchObject({ code: 'commander.unknownOption' })
    expect(run).not.toHaveBeenCalled()
  })
})

describe('parse: factors reset, many users', () => {
  it.each<[string, string[], Partial<BulkRemovePlan>, Partial<BulkSettings>]>([
    ['a users file', ['--users-file', 'leavers.csv'], {}, { source: { kind: 'file', path: 'leavers.csv' } }],
    ['a group, a ticket, a dry run', ['--group', 'Contractors', '--ticket', 'CHG-88', '--dry-run'], { ticket: 'CHG-88', dryRun: true }, { source: { kind: 'group', ref: 'Contractors' } }],
    [
      'a search, --types, --remove-recovery, sessions',
      ['--search', 'profile.department eq "Sales"', '--types', 'sms,call', '--remove-recovery', '--revoke-sessions', '--allow-admin'],
      { types: ['sms', 'call'], removeRecovery: true, sessions: { oauthTokens: false }, allowAdmin: true },
      { source: { kind: 'search', expression: 'profile.department eq "Sales"' } },
    ],
    [
      'a filter, the bulk flags at their bounds',
      ['--filter', 'status eq "ACTIVE"', '--concurrency', '64', '--rate-headroom', '0', '--report', 'r.jsonl'],
      {},
      { source: { kind: 'filter', expression: 'status eq "ACTIVE"' }, concurrency: 64, headroomPercent: 0, report: 'r.jsonl' },
    ],
    ['every user, from stdin resumed', ['--all-users', '--resume', 'r.jsonl', '--rate-headroom', '50%'], {}, { source: { kind: 'all' }, resume: 'r.jsonl', headroomPercent: 50 }],
  ])('%s', async (_name, argv, plan, s) => {
    expect(await requestFor(defineReset, ['reset', ...argv])).toEqual({ kind: 'bulk', plan: bulkPlan(plan), settings: settings(s), args: ['factors', 'reset', ...argv] })
  })

  it.each<[string, string[], string, string?]>([
    ['--verify-caller', ['--verify-caller', 'push'], '--verify-caller is for one caller on the phone; it does not apply to bulk runs.'],
    ['--verify-caller, even a bad one', ['--verify-caller', 'voice'], '--verify-caller is for one caller on the phone; it does not apply to bulk runs.'],
    ['--issue-tac', ['--issue-tac'], '--issue-tac is for one user at a time: each code is shown once, to the agent giving it out.'],
    ['--revoke-tokens alone', ['--revoke-tokens'], '--revoke-tokens goes with --revoke-sessions (it adds oauthTokens=true).'],
    ['an unknown --types', ['--types', 'fax'], '--types: "fax" is not a factor type.', REMOVE_TYPES],
    ['--remove-recovery without --types', ['--remove-recovery'], '--remove-recovery applies when removing sms or call factors: use it with --types sms and/or call.'],
    ['--remove-recovery without a phone type', ['--types', 'email', '--remove-recovery'], '--remove-recovery applies when removing sms or call factors: use it with --types sms and/or call.'],
    ['--issue-tac before --revoke-tokens alone', ['--revoke-tokens', '--issue-tac'], '--issue-tac is for one user at a time: each code is shown once, to the agent giving it out.'],
    ['--concurrency 0', ['--concurrency', '0'], '--concurrency must be 1 to 64 (got "0").'],
    ['--rate-headroom 100%', ['--rate-headroom', '100%'], '--rate-headroom must be a percentage from 0 to 99 (got "100%").'],
    ['an empty --rate-headroom', ['--rate-headroom', ' '], '--rate-headroom must be a percentage from 0 to 99 (got " ").'],
    ['two sources', ['--group', 'G'], `Give one of ${SOURCES}, not --users-file and --group.`],
  ])('refuses %s', async (_name, argv, message, hint) => {
    await expectRefused(defineReset, ['reset', '--users-file', 'u.txt', ...argv], message, hint)
  })
})
