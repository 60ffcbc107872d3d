import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { lockName, Transactions } from '../database/transaction';
import { isUniqueViolation } from '../database/unique-violation';
import type { LogInDto, SignUpDto } from './dto/sign-up.dto';
import type { Practice } from './entities/practice.entity';
import type { StaffUser } from './entities/staff-user.entity';
import { LoginThrottle } from './login-throttle.service';
import { SessionStage, stageAfterPassword } from './mfa/mfa-policy';
import { RateLimiter } from './rate-limiter.service';
import { assertAcceptablePassword, decoyHash, hashPassword, verifyPassword } from './passwords';
import { PracticesRepository } from './repositories/practices.repository';
import { UsersRepository } from './repositories/users.repository';
import { RequestOrigin, SessionsService } from './sessions.service';
import { nextFreeSlug, slugify } from './slug';

export interface SignedIn {
  user: StaffUser;
  practice: Practice;
  sessionToken: string;
  /** What the new session still has to do: give its code, set up two-step log-in, or nothing. */
  stage: SessionStage;
}

const EMAIL_TAKEN = () =>
  new DomainError('EMAIL_TAKEN', 'An account with this e-mail already exists. Log in instead, or use another e-mail.', {
    email: 'An account with this e-mail already exists.',
  });

/** Sign-up, log-in and log-out. */
@Injectable()
export class AuthService {
  constructor(
    private readonly tx: Transactions,
    private readonly practices: PracticesRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the practice and its owner, and signs the owner in. */
  async signUp(input: SignUpDto, origin: RequestOrigin, previousToken?: string): Promise<SignedIn> {
    assertAcceptablePassword(input.password, input.email);
    // Sign-up says when an e-mail is taken, so it is limited like log-in: no one can test addresses in bulk.
    await this.tx.run((tx) =>
      this.limiter.take(tx, [
        { scope: 'signup:ip', key: origin.ip, max: this.config.hourlyLimits.signUpsPerIp, windowMinutes: 60, who: 'your network address' },
      ]),
    );
    const passwordHash = await hashPassword(input.password);
    try {
      // Practices signing up with one name at once take turns choosing its address; the retry is a safety net.
      return await this.tx.runRetrying(
        async (tx) => {
          if (await this.users.emailExists(tx, input.email)) throw EMAIL_TAKEN();
          const base = slugify(input.practiceName);
          await lockName(tx, `practice-slug:${base}`);
          const practice = await this.practices.create(
            tx,
            input.practiceName,
            nextFreeSlug(base, await this.practices.slugsLike(tx, base)),
          );
          const user = await this.users.create(tx, {
            practiceId: practice.id,
            email: input.email,
            name: input.ownerName,
            passwordHash,
            role: 'owner',
          });
          const sessionToken = await this.sessions.start(tx, user, origin, previousToken);
          // Read back, so the practice's defaults (two-step log-in required) are what the database says.
          const created = (await this.practices.findById(tx, practice.id))!;
          return { user, practice: created, sessionToken, stage: stageAfterPassword(user, created) };
        },
        (error) => isUniqueViolation(error, 'practices'),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'users')) throw EMAIL_TAKEN();
      throw error;
    }
  }

  async logIn(input: LogInDto, origin: RequestOrigin, previousToken?: string): Promise<SignedIn> {
    const { user, attempt } = await this.tx.run(async (tx) => ({
      attempt: await this.throttle.begin(tx, input.email, origin.ip),
      user: await this.users.findByEmail(tx, input.email),
    }));
    // The slow hash runs outside any transaction: on the embedded database there is one connection.
    const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
    if (!user || !matches) {
      throw new DomainError('INVALID_CREDENTIALS', 'The e-mail or password is not correct.', {
        password: 'The e-mail or password is not correct.',
      });
    }
    return this.tx.run(async (tx) => {
      await this.throttle.succeeded(tx, input.email, attempt);
      if (user.status !== 'active') {
        throw new DomainError('ACCOUNT_DEACTIVATED', 'This account has been deactivated. Please ask the practice owner.');
      }
      await this.users.recordLogin(tx, user.id);
      const sessionToken = await this.sessions.start(tx, user, origin, previousToken);
      return { user, practice: user.practice!, sessionToken, stage: stageAfterPassword(user, user.practice!) };
    });
  }

  async logOut(sessionToken: string): Promise<void> {
    await this.tx.run((tx) => this.sessions.end(tx, sessionToken));
  }
}
