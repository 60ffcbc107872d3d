import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { staffActor } from '../../audit/audit-events';
import { AuditService } from '../../audit/audit.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transactions } from '../../database/transaction';
import type { AuthContext } from '../auth-context';
import type { AccessToken, AccessTokenRevokeReason } from '../entities/access-token.entity';
import { mfaRequiredFor, sessionStage } from '../mfa/mfa-policy';
import { assertRecentReauth } from '../mfa/reauth';
import { can, type Role, ROLE_NAMES } from '../permissions';
import { RateLimiter } from '../rate-limiter.service';
import type { RequestOrigin } from '../sessions.service';
import {
  ACCESS_TOKEN_FORMAT,
  accessTokenStatus,
  type AccessTokenStatus,
  hashAccessToken,
  LAST_USED_EVERY_MS,
  lowerRole,
  MAX_EXPIRY_DAYS,
  newAccessToken,
  refusalOf,
  rolesUpTo,
  tokenNotAccepted,
  type TokenRefusal,
} from './access-tokens';
import { AccessTokensRepository } from './access-tokens.repository';

export interface AccessTokenView {
  id: string;
  name: string;
  /** The token's first characters, to recognise it by (`ayni_pat_AbCdEfGh`). */
  prefix: string;
  role: Role;
  status: AccessTokenStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
  owner: { id: string; name?: string };
}

export interface NewTokenInput {
  name: string;
  role: Role;
  expiresInDays: number;
}

/** RFC 6750: a refused bearer credential says which scheme it was refused for. */
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="ayni", error="invalid_token"' };

const REFUSALS: Record<TokenRefusal | 'unknown', () => DomainError> = {
  unknown: () =>
    new DomainError(
      'TOKEN_INVALID',
      'This access token is not valid. Check that it was copied whole (it starts with ayni_pat_), or create a new one on the Security page.',
      undefined,
      CHALLENGE,
    ),
  expired: () =>
    new DomainError('TOKEN_EXPIRED', 'This access token has expired. Create a new one on the Security page.', undefined, CHALLENGE),
  revoked: () =>
    new DomainError('TOKEN_REVOKED', 'This access token was revoked. Create a new one on the Security page.', undefined, CHALLENGE),
  member_inactive: () =>
    new DomainError(
      'TOKEN_REVOKED',
      'This access token no longer works: the person it belongs to is no longer active in the practice.',
      undefined,
      CHALLENGE,
    ),
};

/**
 * Personal access tokens: created by a signed-in person for themselves (after re-authenticating),
 * listed and revoked by them, and by the practice owner for everyone; and the check of a token
 * presented on the API, which turns it into the request's AuthContext.
 */
@Injectable()
export class AccessTokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly tokens: AccessTokensRepository,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** A new token for the caller. The token itself is in this answer only; Ayni keeps its hash. */
  async create(auth: AuthContext, input: NewTokenInput, origin: RequestOrigin): Promise<{ token: string; accessToken: AccessTokenView }> {
    assertSession(auth);
    assertRecentReauth(auth);
    const allowed = rolesUpTo(auth.role);
    if (!allowed.includes(input.role)) {
      const message = `A token’s role can be at most yours (${ROLE_NAMES[auth.role]}): choose ${allowed.map((r) => ROLE_NAMES[r]).join(' or ')}.`;
      throw new DomainError('VALIDATION_FAILED', `role: ${message}`, { role: message });
    }
    if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_EXPIRY_DAYS) {
      const message = `A token lasts from 1 to ${MAX_EXPIRY_DAYS} days.`;
      throw new DomainError('VALIDATION_FAILED', `expiresInDays: ${message}`, { expiresInDays: message });
    }
    const fresh = newAccessToken();
    const row = await this.tx.run(async (tx) => {
      const created = await this.tokens.create(tx, {
        practiceId: auth.practiceId,
        userId: auth.userId,
        name: input.name,
        role: input.role,
        tokenHash: fresh.tokenHash,
        prefix: fresh.prefix,
        expiresAt: new Date(Date.now() + input.expiresInDays * 24 * 3600_000),
      });
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'access_token.created',
        recordKind: 'staff_user',
        recordId: auth.userId,
        data: { tokenId: created.id, role: input.role, expiresInDays: input.expiresInDays },
      });
      return created;
    });
    return { token: fresh.token, accessToken: present(row, { id: auth.userId, name: auth.name }) };
  }

  /** The caller's own tokens, newest first. */
  async listMine(auth: AuthContext): Promise<AccessTokenView[]> {
    const rows = await this.tx.run((tx) => this.tokens.listForUser(tx, auth.practiceId, auth.userId));
    return rows.map((r) => present(r, { id: auth.userId, name: auth.name }));
  }

  /** Every token of the practice, with whose it is (the owner's view: `team.manage`). */
  async listPractice(auth: AuthContext): Promise<AccessTokenView[]> {
    if (!can(auth.role, 'team.manage')) throw new DomainError('FORBIDDEN', 'Only the practice owner sees everyone’s tokens.');
    const rows = await this.tx.run((tx) => this.tokens.listForPractice(tx, auth.practiceId));
    return rows.map((r) => present(r, { id: r.userId, name: r.user?.name }));
  }

  /**
   * Revokes a token: the caller's own, or (for the owner) any of the practice's. Anyone else's id,
   * or another practice's, is "not found". Revoking a revoked token changes nothing.
   */
  async revoke(auth: AuthContext, id: string, origin: RequestOrigin): Promise<void> {
    assertSession(auth);
    await this.tx.run(async (tx) => {
      const token = await this.tokens.findInPractice(tx, auth.practiceId, id);
      if (!token || (token.userId !== auth.userId && !can(auth.role, 'team.manage'))) throw notFound('That access token');
      if (await this.tokens.revoke(tx, auth.practiceId, id, auth.userId, 'revoked', new Date())) {
        await this.recordRevoked(tx, auth, token.userId, id, 'revoked', origin);
      }
    });
  }

  /** In the deactivation's own transaction: every live token of the member stops working, each recorded. */
  async revokeAllOf(tx: EntityManager, auth: AuthContext, userId: string, origin?: RequestOrigin): Promise<void> {
    const ids = await this.tokens.revokeAllForUser(tx, auth.practiceId, userId, auth.userId, 'member_deactivated', new Date());
    for (const id of ids) await this.recordRevoked(tx, auth, userId, id, 'member_deactivated', origin);
  }

  /**
   * The `Authorization: Bearer` value of an API request, as the person and practice it acts for,
   * with the token's role (never above its owner's current one). Refusals are counted per IP
   * address before they are answered (TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, then
   * TOO_MANY_ATTEMPTS); a token that works is never counted nor refused by that limit.
   */
  async authenticate(presented: string, origin: RequestOrigin, now = new Date()): Promise<AuthContext> {
    const token = ACCESS_TOKEN_FORMAT.test(presented)
      ? await this.tx.run((tx) => this.tokens.findByHashWithOwner(tx, hashAccessToken(presented)))
      : null;
    const owner = token?.user;
    const practice = owner?.practice;
    const refusal = token ? refusalOf(token, owner && practice ? owner : undefined, now) : 'unknown';
    if (refusal || !token || !owner || !practice) {
      await this.refuse(token, refusal ?? 'unknown', origin, now);
      throw REFUSALS[refusal ?? 'unknown']();
    }
    const mfaRequired = mfaRequiredFor(owner.role, practice);
    // The token was made by a session that had passed two-step log-in. If the practice has since
    // required it of this person and they have not set it up, their token waits for them, as their log-in does.
    if (sessionStage({ enrolled: !!owner.mfaEnabledAt, verified: true, required: mfaRequired }) !== 'full') {
      throw new DomainError(
        'MFA_ENROLMENT_REQUIRED',
        'The practice requires two-step log-in of the person this token belongs to. It works again once they have set it up.',
      );
    }
    await this.noteUse(token, origin, now);
    return {
      via: 'token',
      tokenId: token.id,
      sessionId: '',
      csrfKey: '',
      userId: owner.id,
      practiceId: token.practiceId,
      role: lowerRole(token.role, owner.role),
      name: owner.name,
      email: owner.email,
      practiceName: practice.name,
      practiceSlug: practice.slug,
      stage: 'full',
      mfaEnrolled: !!owner.mfaEnabledAt,
      mfaRequired,
      reauthenticatedAt: null,
    };
  }

  /** Counts the refusal against the address (429 once past the limit) and records it on the owner when the token exists. */
  private async refuse(token: AccessToken | null, refusal: TokenRefusal | 'unknown', origin: RequestOrigin, now: Date) {
    await this.tx.run(async (tx) => {
      await this.limiter.take(
        tx,
        [
          {
            scope: 'token-miss:ip',
            key: origin.ip,
            max: this.config.hourlyLimits.wrongTokensPerIp,
            windowMinutes: 60,
            who: 'your network address',
            what: 'refused access tokens',
          },
        ],
        now,
      );
      if (token && refusal !== 'unknown') {
        await this.audit.record(
          tx,
          token.practiceId,
          { kind: 'staff', id: token.userId, origin },
          {
            action: 'access_token.refused',
            recordKind: 'staff_user',
            recordId: token.userId,
            data: { tokenId: token.id, reason: refusal },
          },
        );
      }
    });
  }

  /** last_used_at at most once a minute; the first use is recorded in the audit trail, once. */
  private async noteUse(token: AccessToken, origin: RequestOrigin, now: Date) {
    if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < LAST_USED_EVERY_MS) return;
    await this.tx.run(async (tx) => {
      if (token.lastUsedAt) return this.tokens.touch(tx, token.id, new Date(now.getTime() - LAST_USED_EVERY_MS), now);
      if (await this.tokens.markFirstUse(tx, token.id, now)) {
        await this.audit.record(
          tx,
          token.practiceId,
          { kind: 'staff', id: token.userId, origin: { ...origin, tokenId: token.id } },
          { action: 'access_token.first_used', recordKind: 'staff_user', recordId: token.userId, data: { tokenId: token.id } },
        );
      }
    });
  }

  private recordRevoked(
    tx: EntityManager,
    auth: AuthContext,
    ownerId: string,
    tokenId: string,
    reason: AccessTokenRevokeReason,
    origin?: RequestOrigin,
  ) {
    return this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
      action: 'access_token.revoked',
      recordKind: 'staff_user',
      recordId: ownerId,
      data: { tokenId, reason },
    });
  }
}

/** Managing tokens needs a signed-in session; a token never creates or revokes tokens. */
function assertSession(auth: AuthContext) {
  if (auth.via !== 'session') throw tokenNotAccepted();
}

function present(row: AccessToken, owner: { id: string; name?: string }, now = new Date()): AccessTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    status: accessTokenStatus(row, now),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    owner,
  };
}
