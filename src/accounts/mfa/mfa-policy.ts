import type { Role } from '../permissions';

/**
 * Where a session stands:
 * - `full`: signed in;
 * - `second_factor`: the password was right, the code from the authenticator is still owed;
 * - `enrolment`: the practice requires two-step log-in of this person, who has not set it up yet.
 * Only `full` sessions reach the app; the other two reach only the pages that finish them.
 */
export type SessionStage = 'full' | 'second_factor' | 'enrolment';

/** Roles the practice setting applies to; front desk may set up two-step log-in but need not. */
export const MFA_POLICY_ROLES: readonly Role[] = ['owner', 'practitioner'];

export const mfaRequiredFor = (role: Role, practice: { mfaRequired: boolean }): boolean =>
  practice.mfaRequired && MFA_POLICY_ROLES.includes(role);

export function sessionStage(facts: { enrolled: boolean; verified: boolean; required: boolean }): SessionStage {
  if (facts.enrolled) return facts.verified ? 'full' : 'second_factor';
  return facts.required ? 'enrolment' : 'full';
}

/** A password without its code stops counting after this long: log in again. */
export const SECOND_FACTOR_MINUTES = 10;

/** Where a session stands that has just been given the password (log-in, sign-up, joining a team). */
export const stageAfterPassword = (user: { role: Role; mfaEnabledAt: Date | null }, practice: { mfaRequired: boolean }): SessionStage =>
  sessionStage({ enrolled: !!user.mfaEnabledAt, verified: false, required: mfaRequiredFor(user.role, practice) });

/** The page a browser goes to after a right password: the code, the set-up, or where it was going. */
export function pageAfterPassword(stage: SessionStage, next: string): string {
  if (stage === 'second_factor') return `/login/code?next=${encodeURIComponent(next)}`;
  if (stage === 'enrolment') return `/account/mfa/setup?next=${encodeURIComponent(next)}`;
  return next;
}
