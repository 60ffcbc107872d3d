import type { Role } from './permissions';

/** Who is making this request, attached by the session middleware. */
export interface AuthContext {
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
}
