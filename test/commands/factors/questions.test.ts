import { describe, expect, it } from 'vitest'
import { ALICE, ALICE_ID, ENV, TOKEN } from '../../helpers/okta.js'
import { stub } from '../../helpers/requests.js'
import { runCli } from '../../helpers/run.js'

const TTY_ENV = { ...ENV, NO_COLOR: '1' }
const QUESTIONS = `/api/v1/users/${ALICE_ID}/factors/questions`
const questions = [
  { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' },
  { question: 'name_of_first_plush_toy', questionText: 'What is the name of your first stuffed animal?' },
]

describe('factors questions', () => {
  it('GETs /factors/questions; piped output is KEY<TAB>QUESTION', async () => {
    const sent = stub('GET', QUESTIONS, [200, questions])
    const r = await runCli(['factors', 'questions', ALICE_ID], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ path: QUESTIONS, query: {}, body: undefined })
    expect(sent[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`)
    expect(r.stdout).toBe(
      'disliked_food\tWhat is the food you least liked as a child?\n' +
        'name_of_first_plush_toy\tWhat is the name of your first stuffed animal?\n',
    )
    expect(r.stderr).toBe('')
  })

  it('draws a table on a terminal', async () => {
    stub('GET', QUESTIONS, [200, questions])
    const r = await runCli(['factors', 'questions', ALICE_ID], { env: TTY_ENV, tty: true })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'KEY                      QUESTION\n' +
        'disliked_food            What is the food you least liked as a child?\n' +
        'name_of_first_plush_toy  What is the name of your first stuffed animal?\n',
    )
  })

  it('prints the questions as Okta returned them with --json', async () => {
    stub('GET', '/api/v1/users/alice%40example.com', [200, { id: ALICE_ID, status: 'ACTIVE', profile: { login: ALICE } }])
    stub('GET', QUESTIONS, [200, questions])
    const r = await runCli(['factors', 'questions', ALICE, '--json'], { env: ENV })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(questions)
  })

  it('prints [] with --json and a note otherwise when there are none', async () => {
    stub('GET', QUESTIONS, [200, []], 2)
    const json = await runCli(['factors', 'questions', ALICE_ID, '--json'], { env: ENV })
    expect(JSON.parse(json.stdout)).toEqual([])
    const plain = await runCli(['factors', 'questions', ALICE_ID], { env: ENV })
    expect(plain.exitCode).toBe(0)
    expect(plain.stdout).toBe('')
    expect(plain.stderr).toBe('No security questions are available.\n')
  })
})
