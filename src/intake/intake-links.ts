import { randomToken, sha256 } from '../accounts/secrets';
import type { Practice } from '../accounts/entities/practice.entity';
import { DomainError } from '../common/errors/domain-error';

/** How long a client's intake link works unless staff choose otherwise. */
export const DEFAULT_LINK_DAYS = 14;
export const MAX_LINK_DAYS = 90;

export type LinkState = 'live' | 'expired' | 'revoked';

export function linkState(intake: { expiresAt: Date; revokedAt: Date | null }, now = new Date()): LinkState {
  if (intake.revokedAt) return 'revoked';
  return intake.expiresAt <= now ? 'expired' : 'live';
}

/** A new client link: 256 random bits; only the hash is stored, so the link is shown once. */
export function newLink(days = DEFAULT_LINK_DAYS, now = new Date()) {
  const token = randomToken();
  return { token, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + days * 86_400_000) };
}

export const linkPath = (token: string) => `/i/${token}`;

/** How a client reaches the practice when their link no longer works. */
export interface PracticeContact {
  name: string;
  slug: string;
  phone: string;
  email: string;
  address: string;
  openingHours: string;
}

export const practiceContact = (p: Practice): PracticeContact => ({
  name: p.name,
  slug: p.slug,
  phone: p.phone,
  email: p.publicEmail,
  address: p.address,
  openingHours: p.openingHours,
});

/** What a client is told when their link no longer works: that, and how to reach the practice. */
export function closedLinkError(state: 'expired' | 'revoked', p: PracticeContact): DomainError {
  const reach = [p.phone, p.email].filter(Boolean).join(' or ');
  const how = reach ? `Please contact ${p.name} (${reach}) for a new one.` : `Please contact ${p.name} for a new one.`;
  return state === 'expired'
    ? new DomainError('LINK_EXPIRED', `This intake link has expired. ${how}`)
    : new DomainError('LINK_REVOKED', `This intake link was withdrawn by the practice. ${how}`);
}
