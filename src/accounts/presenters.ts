import type { SignedIn } from './auth.service';

/** What the API says about a fresh sign-in: never the password hash or the session token. */
export function presentSignedIn({ user, practice }: Pick<SignedIn, 'user' | 'practice'>, csrfToken: string) {
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    practice: { id: practice.id, name: practice.name, slug: practice.slug },
    csrfToken,
  };
}
