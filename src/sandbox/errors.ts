// Okta error bodies: {errorCode, errorSummary, errorLink, errorId, errorCauses}.
// errorLink equals errorCode (as Okta sends today); errorId is the request's X-Okta-Request-Id.

export class OktaError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly summary: string,
    readonly causes: string[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${code} ${summary}`)
  }
}

export interface OktaErrorBody {
  errorCode: string
  errorSummary: string
  errorLink: string
  errorId: string
  errorCauses: { errorSummary: string }[]
}

export function errorBody(err: OktaError, requestId: string): OktaErrorBody {
  return {
    errorCode: err.code,
    errorSummary: err.summary,
    errorLink: err.code,
    errorId: requestId,
    errorCauses: err.causes.map((errorSummary) => ({ errorSummary })),
  }
}

export const PASSCODE_MISMATCH = "Your passcode doesn't match our records. Please try again."

/** The codes the sandbox returns, one constructor each. */
export const oktaErrors = {
  /** 400 E0000001; `what` is the request object Okta names, e.g. `factorEnrollRequest`. */
  validation: (what: string, ...causes: string[]) =>
    new OktaError(400, 'E0000001', `Api validation failed: ${what}`, causes),
  malformedBody: () => new OktaError(400, 'E0000003', 'The request body was not well-formed.'),
  notFound: (id: string, kind: string) =>
    new OktaError(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`),
  invalidToken: () => new OktaError(401, 'E0000011', 'Invalid token provided'),
  methodNotAllowed: (allow: string[]) =>
    new OktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', [], {
      Allow: allow.join(', '),
    }),
  userStatus: () =>
    new OktaError(403, 'E0000038', "This operation is not allowed in the user's current status."),
  rateLimited: () =>
    new OktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  invalidPasscode: () => new OktaError(403, 'E0000068', 'Invalid Passcode/Answer', [PASSCODE_MISMATCH]),
  passcodeReplayed: () =>
    new OktaError(403, 'E0000082', 'Each code can only be used once. Please wait for a new code and try again.'),
  smsTooSoon: () =>
    new OktaError(429, 'E0000109', 'An SMS message was recently sent. Please wait 30 seconds before trying again.'),
  callTooSoon: () =>
    new OktaError(429, 'E0000133', 'A phone call was recently made. Please wait 30 seconds before trying again.'),
  emailTooSoon: () =>
    new OktaError(429, 'E0000118', 'An email was recently sent. Please wait 5 seconds before trying again.'),
  invalidPhoneNumber: () => new OktaError(400, 'E0000098', 'This phone number is invalid.'),
  invalidPhoneExtension: () =>
    new OktaError(400, 'E0000121', 'Invalid phone extension. Please enter a valid phone extension.'),
}
