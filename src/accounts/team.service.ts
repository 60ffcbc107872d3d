import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import type { AuthContext } from './auth-context';
import { isUniqueViolation } from '../database/unique-violation';
import type { SignedIn } from './auth.service';
import { stageAfterPassword } from './mfa/mfa-policy';
import type { AcceptInvitationDto, InviteDto } from './dto/team.dto';
import type { Invitation } from './entities/invitation.entity';
import type { StaffUser } from './entities/staff-user.entity';
import { assertAcceptablePassword, hashPassword } from './passwords';
import type { Role } from './permissions';
import { InvitationsRepository } from './repositories/invitations.repository';
import { UsersRepository } from './repositories/users.repository';
import { RateLimiter } from './rate-limiter.service';
import { randomToken, sha256 } from './secrets';
import { RequestOrigin, SessionsService } from './sessions.service';
import { AccessTokensService } from './tokens/access-tokens.service';

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'revoked';

export interface TeamMemberView {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: StaffUser['status'];
  lastLoginAt: Date | null;
  isYou: boolean;
}

export interface InvitationView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
}

export interface InvitationPreview {
  practiceName: string;
  email: string;
  name: string | null;
  role: Role;
  expiresAt: Date;
}

export function invitationStatus(inv: Invitation, now = new Date()): InvitationStatus {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  return inv.expiresAt <= now ? 'expired' : 'pending';
}

const INVITATION_ERRORS: Record<Exclude<InvitationStatus, 'pending'>, () => DomainError> = {
  accepted: () => new DomainError('INVITATION_USED', 'This invitation has already been used. If it was you, log in instead.'),
  revoked: () => new DomainError('INVITATION_REVOKED', 'This invitation was withdrawn. Please ask the practice for a new one.'),
  expired: () => new DomainError('INVITATION_EXPIRED', 'This invitation has expired. Please ask the practice for a new one.'),
};

/** The team of a practice: invitations, joining, deactivation. Every method is scoped by the caller's practice. */
@Injectable()
export class TeamService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly users: UsersRepository,
    private readonly invitations: InvitationsRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    private readonly accessTokens: AccessTokensService,
  ) {}

  async overview(auth: AuthContext): Promise<{ members: TeamMemberView[]; invitations: InvitationView[] }> {
    return this.tx.run(async (tx) => {
      const members = await this.users.listForPractice(tx, auth.practiceId);
      const invitations = await this.invitations.listOpen(tx, auth.practiceId);
      return {
        members: members.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          role: u.role,
          status: u.status,
          lastLoginAt: u.lastLoginAt,
          isYou: u.id === auth.userId,
        })),
        invitations: invitations.map(toInvitationView),
      };
    });
  }

  /** Returns the one-time token: only its hash is stored, so the link can be shown only now. */
  async invite(auth: AuthContext, input: InviteDto): Promise<{ invitation: InvitationView; token: string }> {
    // Two invitations for one person at once: the unique index lets one in, the other retries and replaces it.
    return this.tx.runRetrying(
      async (tx) => {
        const { invitationsPerPractice } = this.config.hourlyLimits;
        await this.limiter.take(tx, [
          { scope: 'invite:practice', key: auth.practiceId, max: invitationsPerPractice, windowMinutes: 60, who: 'this practice' },
        ]);
        if (await this.users.emailExists(tx, input.email)) {
          throw new DomainError('ALREADY_A_MEMBER', 'Someone with this e-mail already has an Ayni account.', {
            email: 'Someone with this e-mail already has an Ayni account.',
          });
        }
        // A fresh link replaces any earlier one for the same person.
        await this.invitations.revokeOpenFor(tx, auth.practiceId, input.email);
        const token = randomToken();
        const invitation = await this.invitations.create(tx, {
          practiceId: auth.practiceId,
          email: input.email,
          name: input.name || null,
          role: input.role,
          tokenHash: sha256(token),
          invitedById: auth.userId,
          expiresAt: new Date(Date.now() + this.config.invitationTtlDays * 24 * 3600_000),
        });
        return { invitation: toInvitationView(invitation), token };
      },
      (error) => isUniqueViolation(error, 'invitations'),
    );
  }

  async revokeInvitation(auth: AuthContext, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      // Locked like acceptance, so a link cannot be withdrawn and used at the same moment.
      const invitation = await this.invitations.findInPracticeForUpdate(tx, auth.practiceId, id);
      if (!invitation) throw notFound('That invitation');
      const status = invitationStatus(invitation);
      if (status === 'accepted') throw INVITATION_ERRORS.accepted();
      if (status !== 'revoked') await this.invitations.markRevoked(tx, auth.practiceId, id);
    });
  }

  /** What the join page shows before the person sets a password. */
  async preview(token: string): Promise<InvitationPreview> {
    return this.tx.run(async (tx) => {
      const invitation = await this.invitations.findByTokenHash(tx, sha256(token));
      if (!invitation) throw notFound('That invitation');
      const status = invitationStatus(invitation);
      if (status !== 'pending') throw INVITATION_ERRORS[status]();
      return {
        practiceName: invitation.practice!.name,
        email: invitation.email,
        name: invitation.name,
        role: invitation.role,
        expiresAt: invitation.expiresAt,
      };
    });
  }

  /** Creates the member's account and signs them in. The invitation works once. */
  async accept(
    token: string,
    input: AcceptInvitationDto,
    origin: RequestOrigin,
    previousToken?: string,
  ): Promise<SignedIn & { role: Role }> {
    const passwordHash = await this.checkedHash(token, input);
    try {
      return await this.tx.run(async (tx) => {
        const invitation = await this.invitations.findByTokenHashForUpdate(tx, sha256(token));
        if (!invitation) throw notFound('That invitation');
        const status = invitationStatus(invitation);
        if (status !== 'pending') throw INVITATION_ERRORS[status]();
        const user = await this.users.create(tx, {
          practiceId: invitation.practiceId,
          email: invitation.email,
          name: input.name,
          passwordHash,
          role: invitation.role,
        });
        await this.invitations.markAccepted(tx, invitation.id);
        const sessionToken = await this.sessions.start(tx, user, origin, previousToken);
        const withPractice = await this.users.findByEmail(tx, user.email);
        const practice = withPractice!.practice!;
        return { user, practice, sessionToken, role: user.role, stage: stageAfterPassword(user, practice) };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users')) {
        throw new DomainError('ALREADY_A_MEMBER', 'An Ayni account with this e-mail already exists. Log in instead.');
      }
      throw error;
    }
  }

  /** Deactivating ends the member's sessions and revokes their access tokens, in one transaction (reactivating brings back neither). */
  async setActive(auth: AuthContext, userId: string, active: boolean, origin?: RequestOrigin): Promise<void> {
    await this.tx.run(async (tx) => {
      const member = await this.users.findInPractice(tx, auth.practiceId, userId);
      if (!member) throw notFound('That team member');
      if (member.id === auth.userId || member.role === 'owner') {
        throw new DomainError('CANNOT_DEACTIVATE_SELF', 'The practice owner cannot be deactivated.');
      }
      await this.users.setStatus(tx, auth.practiceId, userId, active ? 'active' : 'deactivated');
      if (!active) {
        await this.sessions.endAllFor(tx, auth.practiceId, userId);
        await this.accessTokens.revokeAllOf(tx, auth, userId, origin);
      }
    });
  }

  /** Validates the link before the (deliberately slow) password hash, so a dead link answers at once. */
  private async checkedHash(token: string, input: AcceptInvitationDto): Promise<string> {
    const preview = await this.preview(token);
    assertAcceptablePassword(input.password, preview.email);
    return hashPassword(input.password);
  }
}

function toInvitationView(i: Invitation): InvitationView {
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    role: i.role,
    status: invitationStatus(i),
    expiresAt: i.expiresAt,
    createdAt: i.createdAt,
  };
}
