import type { Context } from '../context.js'
import { OktaApiError } from '../errors.js'

/**
 * How many times a person at a terminal may type a code that a challenge sent (sms, call, email):
 * Okta keeps the challenge after a wrong code, so a typo needs no new code. Sending a new one
 * instead would cost another SMS or call and, within 30 s, Okta's 429 (E0000109/E0000133).
 */
export const CODE_TRIES = 3

/**
 * Okta's answer to a wrong passcode: 403 E0000068 "Invalid Passcode/Answer". The challenge still
 * stands. Anything else (a locked user, E0000069; a rate limit; an expired code) ends the tries.
 */
export function isWrongPasscode(err: unknown): boolean {
  return err instanceof OktaApiError && err.status === 403 && err.errorCode === 'E0000068'
}

/**
 * Ask for the code sent and check it, asking again (up to `tries` in all) while Okta answers that
 * it is wrong, and saying on stderr how many tries are left. Never sends a new challenge. The
 * last wrong answer (or any other failure) is thrown as it came.
 */
export async function askSentCode<T>(ctx: Context, ask: () => Promise<string>, check: (code: string) => Promise<T>, tries = CODE_TRIES): Promise<T> {
  for (let n = 1; ; n++) {
    const code = await ask()
    try {
      return await check(code)
    } catch (err) {
      const left = tries - n
      if (left <= 0 || !isWrongPasscode(err)) throw err
      ctx.out.warn(`Wrong code: ${left} ${left === 1 ? 'try' : 'tries'} left. The code already sent still works: type it again (no new one is sent).`)
    }
  }
}
