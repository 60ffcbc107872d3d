import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { staffActor } from '../../audit/audit-events';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import { qrDataUri } from '../../common/qr';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transactions } from '../../database/transaction';
import type { AuthContext } from '../auth-context';
import { LoginThrottle } from '../login-throttle.service';
import { verifyPassword } from '../passwords';
import { Limit, RateLimiter } from '../rate-limiter.service';
import { PracticesRepository } from '../repositories/practices.repository';
import { UsersRepository } from '../repositories/users.repository';
import { RequestOrigin, SessionsService } from '../sessions.service';
import { MfaRepository } from './mfa.repository';
import { assertRecentReauth } from './reauth';
import { hashRecoveryCode, isRecoveryCodeFormat, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';
import { SecretBox } from './secret-box';
import { groupSecret, isTotpFormat, matchTotp, newTotpSecret, totpUri } from './totp';

/** A secret shown on the set-up page is offered again for this long, so reloading the page keeps it. */
const PENDING_REUSE_MINUTES = 30;

const CODE_FORMAT = 'Enter the 6-digit code from your authenticator app, or one of your recovery codes (like k7mx-2q9a-vb3n-8cdw).';
const TOTP_FORMAT = 'Enter the 6-digit code your authenticator app shows now.';

type Failure = 'wrong' | 'replayed' | 'recovery_code_used';

const FAILURES: Record<Failure, () => DomainError> = {
  wrong: () =>
    codeError('MFA_CODE_INVALID', 'That code is not right. Enter the code your authenticator app shows now, or a recovery code.'),
  replayed: () =>
    codeError(
      'MFA_CODE_REUSED',
      'That code has already been used. Wait for the next code in your authenticator app (a new one every 30 seconds).',
    ),
  recovery_code_used: () =>
    codeError(
      'RECOVERY_CODE_USED',
      'That recovery code has already been used: each works once. Use another one, or the code from your app.',
    ),
};

function codeError(code: 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED' | 'RECOVERY_CODE_USED' | 'VALIDATION_FAILED', message: string) {
  return new DomainError(code, message, { code: message });
}

const unreadable = () =>
  new DomainError(
    'MFA_SECRET_UNREADABLE',
    'Your authenticator cannot be checked: this server can no longer read its secret (its SESSION_SECRET changed since you set it up). Log in with a recovery code, then set up two-step log-in again.',
  );

export interface EnrolmentOffer {
  secret: string;
  /** The secret in groups of four, for typing in by hand. */
  secretGrouped: string;
  otpauthUri: string;
  qrDataUri: string;
}

/**
 * Two-step log-in with an authenticator app (TOTP, RFC 6238) and one-time recovery codes:
 * enrolment, the second step of log-in, re-authentication for sensitive acts, turning it off,
 * new recovery codes, and the practice's setting.
 */
@Injectable()
export class MfaService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly mfa: MfaRepository,
    private readonly users: UsersRepository,
    private readonly practices: PracticesRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    private readonly throttle: LoginThrottle,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  /** A key that no longer opens the stored secrets is a configuration mistake: say so at start-up, never later. */
  async onApplicationBootstrap(): Promise<void> {
    const sample = await this.tx.run((tx) => this.mfa.anySealedSecret(tx));
    if (sample && this.box.open(sample.sealed, owner(sample.userId)) === undefined) {
      throw new Error(
        'Ayni cannot start: the two-step log-in secrets in the database cannot be read with this SESSION_SECRET ' +
          '(they were encrypted under another one). Start Ayni with the SESSION_SECRET it used before. ' +
          'If that secret is lost, clear every enrolment (UPDATE users SET mfa_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL; ' +
          'DELETE FROM mfa_recovery_codes;) and ask everyone to set up two-step log-in again.',
      );
    }
  }

  async status(auth: AuthContext) {
    return this.tx.run(async (tx) => {
      const user = (await this.users.findInPractice(tx, auth.practiceId, auth.userId))!;
      return {
        enrolled: !!user.mfaEnabledAt,
        enabledAt: user.mfaEnabledAt,
        required: auth.mfaRequired,
        recoveryCodesLeft: user.mfaEnabledAt ? await this.mfa.countUnusedRecoveryCodes(tx, user.id) : 0,
        reauthenticatedAt: auth.reauthenticatedAt,
      };
    });
  }

  /**
   * A secret to scan, kept encrypted as pending until a code confirms it. `fresh` makes a new one;
   * otherwise a secret offered in the last half hour is offered again (reloading the page keeps it).
   */
  async offerEnrolment(who: AuthContext, fresh = false): Promise<EnrolmentOffer> {
    if (who.mfaEnrolled) throw alreadyEnrolled();
    assertMayEnrol(who);
    const secret = await this.tx.run(async (tx) => {
      const user = (await this.mfa.findWithSecrets(tx, who.practiceId, who.userId))!;
      const now = new Date();
      const recent = user.mfaPendingAt && now.getTime() - user.mfaPendingAt.getTime() < PENDING_REUSE_MINUTES * 60_000;
      const kept = !fresh && recent && user.mfaPendingSecret ? this.box.open(user.mfaPendingSecret, owner(user.id)) : undefined;
      if (kept) return kept;
      const created = newTotpSecret();
      await this.mfa.setPending(tx, user.id, this.box.seal(created, owner(user.id)), now);
      return created;
    });
    const otpauthUri = totpUri(secret, 'Ayni', who.email);
    return { secret, secretGrouped: groupSecret(secret), otpauthUri, qrDataUri: await qrDataUri(otpauthUri) };
  }

  /** The first code confirms the pending secret: two-step log-in is on, and ten recovery codes are shown once. */
  async confirmEnrolment(
    who: AuthContext,
    typed: unknown,
    origin: RequestOrigin,
  ): Promise<{ recoveryCodes: string[]; sessionToken: string }> {
    const code = typeof typed === 'string' ? typed.replace(/\s+/g, '') : '';
    assertMayEnrol(who);
    if (!isTotpFormat(code)) throw codeError('VALIDATION_FAILED', TOTP_FORMAT);
    return this.tx.run(async (tx) => {
      const user = (await this.mfa.findWithSecrets(tx, who.practiceId, who.userId))!;
      if (user.mfaEnabledAt) throw alreadyEnrolled();
      const secret = user.mfaPendingSecret ? this.box.open(user.mfaPendingSecret, owner(user.id)) : undefined;
      if (!secret || !user.mfaPendingSecret) {
        throw codeError('VALIDATION_FAILED', 'Start again: open the set-up page for a QR code to scan, then enter the code it gives.');
      }
      const now = new Date();
      const step = await matchTotp(secret, code, now);
      if (step === null) {
        throw codeError(
          'MFA_CODE_INVALID',
          'That code does not match. Check that your phone sets its time automatically, then enter the code the app shows now.',
        );
      }
      await this.mfa.enable(tx, user.id, user.mfaPendingSecret, step, now);
      const recoveryCodes = newRecoveryCodes();
      await this.mfa.replaceRecoveryCodes(tx, user.practiceId, user.id, recoveryCodes.map(hashRecoveryCode));
      const sessionToken = await this.sessions.markMfaVerified(tx, who.sessionId, now);
      await this.audit.record(tx, user.practiceId, staffActor(who, origin), {
        action: 'mfa.enrolled',
        recordKind: 'staff_user',
        recordId: user.id,
      });
      return { recoveryCodes, sessionToken };
    });
  }

  /** The second step of log-in. Returns the session's new cookie value. */
  async completeLogIn(
    pending: AuthContext,
    typed: unknown,
    origin: RequestOrigin,
  ): Promise<{ sessionToken: string; recoveryCodesLeft?: number }> {
    const { result, recoveryCodesLeft } = await this.checkCode(pending, typed, 'log_in', origin, async (tx) =>
      this.sessions.markMfaVerified(tx, pending.sessionId),
    );
    return { sessionToken: result, recoveryCodesLeft };
  }

  /**
   * Confirms the person again for a sensitive act: the password, and a code when two-step log-in
   * is on. Wrong passwords count like failed log-ins; wrong codes like wrong codes at log-in.
   */
  async reauthenticate(auth: AuthContext, input: { password?: unknown; code?: unknown }, origin: RequestOrigin): Promise<void> {
    const password = typeof input.password === 'string' ? input.password : '';
    if (password.length === 0 || password.length > 256) {
      throw new DomainError('VALIDATION_FAILED', 'Enter your password.', { password: 'Enter your password.' });
    }
    if (auth.mfaEnrolled) classify(input.code);
    const user = (await this.tx.run((tx) => this.users.findInPractice(tx, auth.practiceId, auth.userId)))!;
    const attempt = await this.tx.run((tx) => this.throttle.begin(tx, auth.email, origin.ip));
    // The slow hash runs outside any transaction: on the embedded database there is one connection.
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new DomainError('INVALID_CREDENTIALS', 'That password is not correct.', { password: 'That password is not correct.' });
    }
    await this.tx.run((tx) => this.throttle.succeeded(tx, auth.email, attempt));
    if (auth.mfaEnrolled) {
      await this.checkCode(auth, input.code, 'reauth', origin, (tx) => this.sessions.markReauthenticated(tx, auth.sessionId));
    } else {
      await this.tx.run((tx) => this.sessions.markReauthenticated(tx, auth.sessionId));
    }
  }

  /** Turns two-step log-in off (the route requires a recent re-authentication). */
  async disable(auth: AuthContext, origin: RequestOrigin): Promise<void> {
    assertRecentReauth(auth);
    if (!auth.mfaEnrolled) throw notEnrolled();
    await this.tx.run(async (tx) => {
      await this.mfa.disable(tx, auth.practiceId, auth.userId);
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'mfa.disabled',
        recordKind: 'staff_user',
        recordId: auth.userId,
      });
    });
  }

  /** Ten new recovery codes; the old ones stop working (the route requires a recent re-authentication). */
  async regenerateRecoveryCodes(auth: AuthContext, origin: RequestOrigin): Promise<string[]> {
    assertRecentReauth(auth);
    if (!auth.mfaEnrolled) throw notEnrolled();
    const codes = newRecoveryCodes();
    await this.tx.run(async (tx) => {
      await this.mfa.replaceRecoveryCodes(tx, auth.practiceId, auth.userId, codes.map(hashRecoveryCode));
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'mfa.recovery_codes_regenerated',
        recordKind: 'staff_user',
        recordId: auth.userId,
      });
    });
    return codes;
  }

  /** The practice's setting. Turning the requirement off weakens every log-in, so it needs a recent re-authentication. */
  async setPracticeRequirement(auth: AuthContext, required: boolean, origin: RequestOrigin): Promise<void> {
    if (!required) assertRecentReauth(auth);
    await this.tx.run(async (tx) => {
      const practice = (await this.practices.findById(tx, auth.practiceId))!;
      if (practice.mfaRequired === required) return;
      await this.practices.setMfaRequired(tx, auth.practiceId, required);
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'practice.mfa_policy_changed',
        recordKind: 'practice',
        recordId: auth.practiceId,
        data: { required },
      });
    });
  }

  /**
   * Checks a TOTP code (current step ±1, never a step already used) or a recovery code (once),
   * counted against per-account and per-IP limits before it is checked. A failure is recorded in
   * the audit trail and committed before the refusal; success runs `then` in the same transaction.
   */
  private async checkCode<T>(
    who: AuthContext,
    typed: unknown,
    purpose: 'log_in' | 'reauth',
    origin: RequestOrigin,
    then: (tx: EntityManager) => Promise<T>,
  ): Promise<{ result: T; recoveryCodesLeft?: number }> {
    const { kind, code } = classify(typed);
    const attempt = await this.tx.run((tx) => this.limiter.take(tx, this.limits(who.userId, origin.ip)));
    const outcome = await this.tx.run(async (tx) => {
      const user = await this.mfa.findWithSecrets(tx, who.practiceId, who.userId);
      if (!user?.mfaEnabledAt || !user.mfaSecret) return { error: notEnrolled() };
      let failure: Failure | undefined;
      let recoveryCodesLeft: number | undefined;
      if (kind === 'totp') {
        const secret = this.box.open(user.mfaSecret, owner(user.id));
        if (secret === undefined) return { error: unreadable() };
        const step = await matchTotp(secret, code);
        if (step === null) failure = 'wrong';
        else if (!(await this.mfa.useStep(tx, user.id, step))) failure = 'replayed';
      } else {
        const spent = await this.mfa.spendRecoveryCode(tx, user.id, hashRecoveryCode(code));
        if (spent === 'unknown') failure = 'wrong';
        else if (spent === 'already_used') failure = 'recovery_code_used';
        else {
          recoveryCodesLeft = await this.mfa.countUnusedRecoveryCodes(tx, user.id);
          await this.audit.record(tx, who.practiceId, staffActor(who, origin), {
            action: 'mfa.recovery_code_used',
            recordKind: 'staff_user',
            recordId: user.id,
            data: { remaining: recoveryCodesLeft },
          });
        }
      }
      if (failure) {
        await this.audit.record(tx, who.practiceId, staffActor(who, origin), {
          action: 'mfa.code_failed',
          recordKind: 'staff_user',
          recordId: user.id,
          data: { purpose, reason: failure },
        });
        return { error: FAILURES[failure]() };
      }
      await this.limiter.giveBack(tx, attempt);
      await this.limiter.clear(tx, 'mfa:account', user.id);
      return { result: await then(tx), recoveryCodesLeft };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }

  /** Wrong codes are limited like failed log-ins (the same numbers), counted apart from them. */
  private limits(userId: string, ip: string): Limit[] {
    const { perAccount, perIp, lockMinutes } = this.config.loginLimits;
    return [
      { scope: 'mfa:account', key: userId, max: perAccount, windowMinutes: lockMinutes, who: 'this account', what: 'wrong codes' },
      { scope: 'mfa:ip', key: ip, max: perIp, windowMinutes: lockMinutes, who: 'your network address', what: 'wrong codes' },
    ];
  }
}

/** The sealed secret is bound to its person: copied onto another row it does not open. */
const owner = (userId: string) => `mfa:${userId}`;

function classify(typed: unknown): { kind: 'totp' | 'recovery'; code: string } {
  const text = typeof typed === 'string' ? typed.trim() : '';
  const digits = text.replace(/\s+/g, '');
  if (isTotpFormat(digits)) return { kind: 'totp', code: digits };
  if (isRecoveryCodeFormat(text)) return { kind: 'recovery', code: normalizeRecoveryCode(text) };
  throw codeError('VALIDATION_FAILED', CODE_FORMAT);
}

/**
 * Setting up a second factor from a signed-in session (someone choosing to) needs a recent
 * re-authentication: otherwise whoever holds a stolen session could tie the account to their own
 * phone. A session at the `enrolment` stage has just been given the password and can do nothing else.
 */
function assertMayEnrol(who: AuthContext) {
  if (who.stage === 'full') assertRecentReauth(who);
}

const alreadyEnrolled = () =>
  new DomainError(
    'MFA_ALREADY_ENROLLED',
    'Two-step log-in is already on. To move it to another phone, turn it off on the Security page and set it up again.',
  );

const notEnrolled = () => new DomainError('MFA_NOT_ENROLLED', 'Two-step log-in is not on for this account.');
