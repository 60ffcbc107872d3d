import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { originOf } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { MfaStep, Public, SessionOnly } from '../access.decorators';
import { AuthService, SignedIn } from '../auth.service';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../cookies';
import { LogInDto, SignUpDto } from '../dto/sign-up.dto';
import { SECOND_FACTOR_MINUTES } from '../mfa/mfa-policy';
import { presentSignedIn } from '../presenters';
import { SessionsService } from '../sessions.service';

/** The JSON face of sign-up and log-in. A session cookie is set; send `X-CSRF-Token` on later writes. */
@ApiTags('auth')
@Controller('api/v1')
export class AuthApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Post('practices')
  @ApiCreatedResponse({ description: 'The practice and its owner were created; the owner is signed in.' })
  async signUp(@Body() dto: SignUpDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const signedIn = await this.auth.signUp(dto, originOf(req), readSessionToken(req));
    return this.startSession(req, res, signedIn);
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'Signed in. The response carries the CSRF token for later writes. With two-step log-in on, the answer is instead ' +
      '401 MFA_REQUIRED with the session cookie of a log-in that is not finished: send the code to POST /api/v1/auth/mfa. ' +
      'With `mfa.stage` = `enrolment`, set up two-step log-in first (POST /api/v1/account/mfa/enrolment).',
  })
  async logIn(@Body() dto: LogInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const signedIn = await this.auth.logIn(dto, originOf(req), readSessionToken(req));
    const body = this.startSession(req, res, signedIn);
    if (signedIn.stage === 'second_factor') {
      throw new DomainError(
        'MFA_REQUIRED',
        `Password accepted. Finish logging in within ${SECOND_FACTOR_MINUTES} minutes: POST /api/v1/auth/mfa with {"code"} from your authenticator app (or a recovery code), sending the session cookie of this answer.`,
      );
    }
    return body;
  }

  @Post('auth/logout')
  @MfaStep('second_factor', 'enrolment')
  @SessionOnly()
  @HttpCode(204)
  @ApiCookieAuth()
  async logOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.logOut(readSessionToken(req)!);
    clearSessionCookie(req, res);
  }

  @Get('auth/session')
  @MfaStep('second_factor', 'enrolment')
  @ApiCookieAuth()
  @ApiOkResponse({
    description:
      'Who is signed in, what the session still has to do (`mfa.stage`), and the CSRF token to send as X-CSRF-Token. ' +
      'With an access token: whose it is, with the token’s role, `via` = `token` and no CSRF token (none is needed).',
  })
  session(@Req() req: Request) {
    const auth = (req.auth ?? req.pendingAuth)!;
    return {
      user: { id: auth.userId, name: auth.name, email: auth.email, role: auth.role },
      practice: { id: auth.practiceId, name: auth.practiceName },
      mfa: { stage: auth.stage, enrolled: auth.mfaEnrolled, required: auth.mfaRequired, reauthenticatedAt: auth.reauthenticatedAt },
      via: auth.via,
      ...(auth.via === 'token'
        ? { accessToken: { id: auth.tokenId }, csrfToken: null }
        : { csrfToken: this.sessions.csrfToken({ kind: 'session', id: auth.csrfKey }) }),
    };
  }

  private startSession(req: Request, res: Response, signedIn: SignedIn) {
    setSessionCookie(req, res, signedIn.sessionToken, this.config.session.absoluteHours);
    return presentSignedIn(signedIn, this.sessions.csrfTokenForCookie(signedIn.sessionToken));
  }
}
