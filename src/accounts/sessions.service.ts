import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AuthContext } from './auth-context';
import type { StaffUser } from './entities/staff-user.entity';
import { mfaRequiredFor, SECOND_FACTOR_MINUTES, sessionStage } from './mfa/mfa-policy';
import { SessionsRepository } from './repositories/sessions.repository';
import { hmac, randomToken, safeEqual, sha256 } from './secrets';

/** Activity refreshes the idle clock at most this often, to keep reads from becoming writes. */
const TOUCH_EVERY_MS = 60_000;

export interface RequestOrigin {
  ip: string;
  userAgent?: string;
  /** Set when the request was made with a personal access token: the audit trail says so beside the person. */
  tokenId?: string;
}

/** Server-side sessions: creation (always a fresh id), lookup with idle and absolute limits, ending. */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
  ) {}

  /** Returns the cookie value. Any previous session of this browser is ended first (no fixation). */
  async start(tx: EntityManager, user: StaffUser, origin: RequestOrigin, previousToken?: string): Promise<string> {
    if (previousToken) await this.sessions.deleteByTokenHash(tx, sha256(previousToken));
    const token = randomToken();
    const now = new Date();
    // Sweeping at each log-in keeps the table small without a background job.
    await this.sessions.deleteStale(tx, now, new Date(now.getTime() - this.config.session.idleMinutes * 60_000));
    await this.sessions.create(tx, {
      tokenHash: sha256(token),
      userId: user.id,
      practiceId: user.practiceId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.absoluteHours * 3600_000),
      ip: origin.ip.slice(0, 64),
      userAgent: origin.userAgent?.slice(0, 256) ?? null,
      mfaVerifiedAt: null,
      reauthenticatedAt: null,
    });
    return token;
  }

  /**
   * The session passed its second factor (or confirmed enrolment): it gets a new token, as at any
   * change of privilege, and counts as verified. Returns the new cookie value.
   */
  async markMfaVerified(tx: EntityManager, sessionId: string, at = new Date()): Promise<string> {
    const token = randomToken();
    await this.sessions.update(tx, sessionId, { tokenHash: sha256(token), mfaVerifiedAt: at });
    return token;
  }

  async markReauthenticated(tx: EntityManager, sessionId: string, at = new Date()): Promise<void> {
    await this.sessions.update(tx, sessionId, { reauthenticatedAt: at });
  }

  /**
   * The person behind a cookie, or undefined when it is unknown, idle too long, past its end, or
   * deactivated, or when its password was given too long ago without the code that should follow.
   * A session that still owes a second factor or an enrolment comes back with that `stage`.
   */
  async resolve(tx: EntityManager, token: string, now = new Date()): Promise<AuthContext | undefined> {
    const session = await this.sessions.findByTokenHash(tx, sha256(token));
    if (!session?.user?.practice) return undefined;
    const { user } = session;
    const practice = user.practice!;
    const required = mfaRequiredFor(user.role, practice);
    const stage = sessionStage({ enrolled: !!user.mfaEnabledAt, verified: !!session.mfaVerifiedAt, required });
    const idleLimit = session.lastSeenAt.getTime() + this.config.session.idleMinutes * 60_000;
    const codeOverdue = stage === 'second_factor' && now.getTime() - session.createdAt.getTime() > SECOND_FACTOR_MINUTES * 60_000;
    if (now.getTime() > idleLimit || now >= session.expiresAt || user.status !== 'active' || codeOverdue) {
      await this.sessions.deleteById(tx, session.id);
      return undefined;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(tx, session.id, now);
    return {
      via: 'session',
      stage,
      mfaEnrolled: !!user.mfaEnabledAt,
      mfaRequired: required,
      reauthenticatedAt: session.reauthenticatedAt,
      sessionId: session.id,
      csrfKey: session.tokenHash,
      userId: session.userId,
      practiceId: session.practiceId,
      role: user.role,
      name: user.name,
      email: user.email,
      practiceName: practice.name,
      practiceSlug: practice.slug,
    };
  }

  async end(tx: EntityManager, token: string): Promise<void> {
    await this.sessions.deleteByTokenHash(tx, sha256(token));
  }

  async endAllFor(tx: EntityManager, practiceId: string, userId: string): Promise<void> {
    await this.sessions.deleteForUser(tx, practiceId, userId);
  }

  /**
   * CSRF tokens are HMACs of the session id (signed in) or of the anonymous browser cookie
   * (sign-up and log-in forms), so a token from one browser is worthless in another.
   */
  csrfToken(binding: CsrfBinding): string {
    return hmac(this.config.sessionSecret, `${binding.kind}:${binding.id}`);
  }

  /** The CSRF token for a session cookie handed out just now. */
  csrfTokenForCookie(sessionToken: string): string {
    return this.csrfToken({ kind: 'session', id: sha256(sessionToken) });
  }

  csrfValid(binding: CsrfBinding, presented: string | undefined): boolean {
    return !!presented && safeEqual(presented, this.csrfToken(binding));
  }
}

export type CsrfBinding = { kind: 'session' | 'anonymous'; id: string };
