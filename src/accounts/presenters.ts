import type { SignedIn } from './auth.service';

/**
 * What the API says about a fresh sign-in: never the password hash or the session token. `mfa.stage`
 * says what the session still has to do: `second_factor` (POST /api/v1/auth/mfa), `enrolment`
 * (POST /api/v1/account/mfa/enrolment) or nothing (`full`).
 */
export function presentSignedIn({ user, practice, stage }: Pick<SignedIn, 'user' | 'practice' | 'stage'>, csrfToken: string) {
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    practice: { id: practice.id, name: practice.name, slug: practice.slug },
    mfa: { stage },
    csrfToken,
  };
}
