import { DomainError } from '../../common/errors/domain-error';
import type { AuthContext } from '../auth-context';

/** How long a re-authentication (password, and a code when enrolled) allows sensitive acts. */
export const REAUTH_WINDOW_MINUTES = 5;

export function reauthIsRecent(auth: Pick<AuthContext, 'reauthenticatedAt'>, now = new Date()): boolean {
  const at = auth.reauthenticatedAt;
  return !!at && now.getTime() - at.getTime() <= REAUTH_WINDOW_MINUTES * 60_000 && at.getTime() <= now.getTime() + 60_000;
}

/**
 * For sensitive acts (changing two-step log-in, exporting all data): refuses unless this session
 * confirmed its person within the last few minutes. Routes use @RecentReauth(); a service may call
 * this directly when only some inputs are sensitive.
 */
export function assertRecentReauth(auth: Pick<AuthContext, 'reauthenticatedAt'>, now = new Date()): void {
  if (!reauthIsRecent(auth, now)) {
    throw new DomainError(
      'REAUTH_REQUIRED',
      `Please confirm it is you (your password, and a code when two-step log-in is on) before this change; it counts for ${REAUTH_WINDOW_MINUTES} minutes. Pages: /reauth. API: POST /api/v1/auth/reauth.`,
    );
  }
}
