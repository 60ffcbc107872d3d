import type { SessionStage } from './mfa/mfa-policy';
import type { Role } from './permissions';

/** Who is making this request, attached by the session middleware. */
export interface AuthContext {
  /**
   * How the request proved who it is: a session cookie, or a personal access token (API only).
   * A token's context has no session: `sessionId` and `csrfKey` are empty, `reauthenticatedAt`
   * is null, and `role` is the token's (never above its owner's).
   */
  via: 'session' | 'token';
  /** The personal access token the request was made with (when `via` is `token`). */
  tokenId?: string;
  sessionId: string;
  /** SHA-256 of the session cookie: what this session's CSRF tokens are bound to. */
  csrfKey: string;
  userId: string;
  practiceId: string;
  role: Role;
  name: string;
  email: string;
  practiceName: string;
  practiceSlug: string;
  /** Only `full` sessions become `req.auth`; the others are `req.pendingAuth`. */
  stage: SessionStage;
  mfaEnrolled: boolean;
  /** Whether the practice's setting requires two-step log-in of this person. */
  mfaRequired: boolean;
  /** When this session last confirmed its person for a sensitive act (see mfa/reauth.ts). */
  reauthenticatedAt: Date | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** A session that still owes its second factor, or must set one up, before it is `req.auth`. */
    pendingAuth?: AuthContext;
    /**
     * Why the request's credential was refused (a bad access token, or a cookie and a token at
     * once): the access guard answers with it before anything else, on every route.
     */
    credentialError?: import('../common/errors/domain-error').DomainError;
  }
}
