import { DomainError } from '../../common/errors/domain-error';
import { randomToken, sha256 } from '../secrets';
import { type Role, ROLES } from '../permissions';

/**
 * Personal access tokens, as data and pure functions: their format, what is stored of them, the
 * roles a person may give one, how long one may last, and why one is refused.
 */
export const ACCESS_TOKEN_PREFIX = 'ayni_pat_';

/** `ayni_pat_` and 256 random bits in base64url (43 characters). */
export const ACCESS_TOKEN_FORMAT = /^ayni_pat_[A-Za-z0-9_-]{43}$/;

/** How many characters after `ayni_pat_` are kept to recognise a token by (48 of its 256 bits). */
const VISIBLE_CHARACTERS = 8;

export const MAX_EXPIRY_DAYS = 365;
/** The choices the page offers; the API takes any whole number of days from 1 to MAX_EXPIRY_DAYS. */
export const EXPIRY_CHOICES = [30, 90, 365] as const;
export const DEFAULT_EXPIRY_DAYS = 90;

/** last_used_at is written at most this often per token, so reads do not all become writes. */
export const LAST_USED_EVERY_MS = 60_000;

export interface NewAccessToken {
  /** Shown once, to its owner, never stored. */
  token: string;
  tokenHash: string;
  prefix: string;
}

export function newAccessToken(): NewAccessToken {
  const token = `${ACCESS_TOKEN_PREFIX}${randomToken()}`;
  return { token, tokenHash: hashAccessToken(token), prefix: token.slice(0, ACCESS_TOKEN_PREFIX.length + VISIBLE_CHARACTERS) };
}

export const hashAccessToken = (token: string): string => sha256(token);

const RANK: Record<Role, number> = { front_desk: 1, practitioner: 2, owner: 3 };

/** The roles someone may give a token: their own and any below it. */
export const rolesUpTo = (role: Role): Role[] => ROLES.filter((r) => RANK[r] <= RANK[role]);

/** The lower of two roles: a token never does more than its owner may do now. */
export const lowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);

export type AccessTokenStatus = 'active' | 'expired' | 'revoked';

export function accessTokenStatus(token: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): AccessTokenStatus {
  if (token.revokedAt) return 'revoked';
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** Why a token that exists is refused; `member_inactive`: its owner was deactivated. */
export type TokenRefusal = 'expired' | 'revoked' | 'member_inactive';

export function refusalOf(
  token: { revokedAt: Date | null; expiresAt: Date; practiceId: string },
  owner: { status: string; practiceId: string } | undefined,
  now = new Date(),
): TokenRefusal | undefined {
  if (!owner || owner.status !== 'active' || owner.practiceId !== token.practiceId) return 'member_inactive';
  const status = accessTokenStatus(token, now);
  return status === 'active' ? undefined : status;
}

/** The value of an `Authorization: Bearer …` header; undefined when the header is absent or another scheme (such as a proxy's Basic). */
export function readBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^\s*Bearer(?:\s+(.*))?$/i.exec(header);
  return match ? (match[1] ?? '').trim() : undefined;
}

/** What a token hears where only a signed-in session may act. */
export const tokenNotAccepted = () =>
  new DomainError(
    'TOKEN_NOT_ACCEPTED',
    'This needs a signed-in session: an access token cannot log out, re-authenticate, change two-step log-in or manage access tokens.',
  );

export const credentialsAmbiguous = () =>
  new DomainError(
    'CREDENTIALS_AMBIGUOUS',
    'This request carries both a session cookie and an access token. Send one: the Authorization: Bearer token from an integration, or the cookie from a browser.',
  );
