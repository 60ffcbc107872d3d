/** Stable error codes and the HTTP status each maps to. One table, read by the one exception filter. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  MALFORMED_BODY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_AUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  MFA_REQUIRED: 401,
  MFA_CODE_INVALID: 401,
  MFA_CODE_REUSED: 401,
  RECOVERY_CODE_USED: 401,
  MFA_ENROLMENT_REQUIRED: 403,
  REAUTH_REQUIRED: 403,
  MFA_NOT_ENROLLED: 409,
  MFA_ALREADY_ENROLLED: 409,
  MFA_SECRET_UNREADABLE: 409,
  ENCRYPTED_VALUE_UNREADABLE: 409,
  ACCOUNT_DEACTIVATED: 403,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_NOT_ACCEPTED: 403,
  CREDENTIALS_AMBIGUOUS: 400,
  CSRF_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SLUG_TAKEN: 409,
  DRAFT_CONFLICT: 409,
  NOTHING_TO_PUBLISH: 409,
  NOT_PUBLISHED: 409,
  DRAFT_INCOMPLETE: 422,
  TEMPLATE_EDIT_REFUSED: 422,
  PROFILE_MISSING: 409,
  ALREADY_A_MEMBER: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_USED: 410,
  INVITATION_REVOKED: 410,
  CANNOT_DEACTIVATE_SELF: 409,
  LINK_EXPIRED: 410,
  LINK_REVOKED: 410,
  INTAKE_ALREADY_SUBMITTED: 409,
  INTAKE_NOT_SUBMITTED: 409,
  INTAKE_ALREADY_REVIEWED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  REFLECTION_NOT_READY: 409,
  REFLECTION_OUT_OF_TURN: 409,
  AGREEMENT_LOCKED: 409,
  AGREEMENT_INCOMPLETE: 422,
  AGREEMENT_OUT_OF_TURN: 409,
  AMENDMENT_UNCHANGED: 422,
  REVIEW_ALREADY_ANSWERED: 409,
  REVIEW_ALREADY_DECIDED: 409,
  REVIEW_NOT_OPEN: 409,
  CLIENT_ERASED: 409,
  CLIENT_IN_CARE: 409,
  WEBHOOK_ENDPOINT_DISABLED: 409,
  WEBHOOK_DELIVERY_NOT_FAILED: 409,
  TOO_MANY_ATTEMPTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field path (e.g. `email`, `phases.0.minutes`) → what is wrong with it. */
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  /** Set for errors an operator must hear about though they are not 5xx: logged with the correlation id, never shown. */
  logFields?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'That record') => new DomainError('NOT_FOUND', `${what} was not found.`);

/**
 * A refusal a client-link form can show beside what was typed: not a failure, not a missing record
 * and not a closed link (those have pages of their own, rendered by the exception filter).
 */
export const isFormRefusal = (error: unknown): error is DomainError =>
  error instanceof DomainError && error.status < 500 && error.status !== 404 && error.status !== 410;
