import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AuthService } from './auth.service';
import { AuthApiController } from './controllers/auth.api.controller';
import { AuthPagesController } from './controllers/auth.pages.controller';
import { TeamApiController } from './controllers/team.api.controller';
import { TeamPagesController } from './controllers/team.pages.controller';
import { LoginThrottle } from './login-throttle.service';
import { MfaApiController } from './mfa/mfa.api.controller';
import { MfaPagesController } from './mfa/mfa.pages.controller';
import { MfaRepository } from './mfa/mfa.repository';
import { MfaService } from './mfa/mfa.service';
import { SecretBox } from './mfa/secret-box';
import { InvitationsRepository } from './repositories/invitations.repository';
import { RateLimitEventsRepository } from './repositories/rate-limit-events.repository';
import { RateLimiter } from './rate-limiter.service';
import { RecordLookups } from './record-lookups';
import { PracticesRepository } from './repositories/practices.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';
import { SessionMiddleware } from './session.middleware';
import { SessionsService } from './sessions.service';
import { TeamService } from './team.service';
import { AccessTokensApiController } from './tokens/access-tokens.api.controller';
import { AccessTokensPagesController } from './tokens/access-tokens.pages.controller';
import { AccessTokensRepository } from './tokens/access-tokens.repository';
import { AccessTokensService } from './tokens/access-tokens.service';

@Module({
  controllers: [
    AuthPagesController,
    TeamPagesController,
    AuthApiController,
    TeamApiController,
    MfaPagesController,
    MfaApiController,
    AccessTokensPagesController,
    AccessTokensApiController,
  ],
  providers: [
    PracticesRepository,
    UsersRepository,
    InvitationsRepository,
    SessionsRepository,
    RateLimitEventsRepository,
    RateLimiter,
    SessionsService,
    LoginThrottle,
    AuthService,
    TeamService,
    SecretBox,
    MfaRepository,
    MfaService,
    AccessTokensRepository,
    AccessTokensService,
    SessionMiddleware,
    RecordLookups,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, UsersRepository, PracticesRepository, InvitationsRepository, RateLimiter, RecordLookups],
})
export class AccountsModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(SessionMiddleware).forRoutes('*');
  }
}
