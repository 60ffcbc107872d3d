import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { originOf } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Can, MfaStep, RecentReauth, SessionOnly } from '../access.decorators';
import type { AuthContext } from '../auth-context';
import { setSessionCookie } from '../cookies';
import { MfaCodeDto, MfaPolicyDto, ReauthDto } from '../dto/mfa.dto';
import { SessionsService } from '../sessions.service';
import { MfaService } from './mfa.service';

/**
 * Two-step log-in over the JSON API. Changing it needs POST /api/v1/auth/reauth within the last few
 * minutes. All of it needs a signed-in session: an access token gets 403 TOKEN_NOT_ACCEPTED.
 */
@ApiTags('auth')
@ApiCookieAuth()
@SessionOnly()
@Controller('api/v1')
export class MfaApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mfa: MfaService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('auth/mfa')
  @MfaStep('second_factor')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The second step of log-in. A new session cookie and CSRF token replace the old.' })
  async secondStep(@Body() dto: MfaCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (req.auth) return this.present(req.auth, this.sessions.csrfToken({ kind: 'session', id: req.auth.csrfKey }));
    const pending = req.pendingAuth!;
    const { sessionToken, recoveryCodesLeft } = await this.mfa.completeLogIn(pending, dto.code, originOf(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    return { ...this.present(pending, this.sessions.csrfTokenForCookie(sessionToken)), recoveryCodesLeft };
  }

  @Post('auth/reauth')
  @HttpCode(204)
  @ApiOkResponse({ description: 'Confirms the person (password, and code when enrolled) for sensitive acts in the next few minutes.' })
  async reauth(@Body() dto: ReauthDto, @Req() req: Request) {
    await this.mfa.reauthenticate(req.auth!, dto, originOf(req));
  }

  @Get('account/mfa')
  @ApiOkResponse({ description: 'Whether two-step log-in is on, required, and how many recovery codes are left.' })
  status(@Req() req: Request) {
    return this.mfa.status(req.auth!);
  }

  @Post('account/mfa/enrolment')
  @MfaStep('enrolment')
  @ApiCreatedResponse({ description: 'A new secret (and its otpauth:// URI) to add to an authenticator app; confirm it with a code.' })
  async enrol(@Req() req: Request) {
    const { secret, otpauthUri } = await this.mfa.offerEnrolment((req.auth ?? req.pendingAuth)!, true);
    return { secret, otpauthUri };
  }

  @Post('account/mfa/enrolment/confirm')
  @MfaStep('enrolment')
  @ApiCreatedResponse({
    description: 'Two-step log-in is on. The ten recovery codes are shown this once; a new CSRF token replaces the old.',
  })
  async confirm(@Body() dto: MfaCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const who = (req.auth ?? req.pendingAuth)!;
    const { recoveryCodes, sessionToken } = await this.mfa.confirmEnrolment(who, dto.code, originOf(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    return { recoveryCodes, csrfToken: this.sessions.csrfTokenForCookie(sessionToken) };
  }

  @Delete('account/mfa')
  @RecentReauth()
  @HttpCode(204)
  async disable(@Req() req: Request) {
    await this.mfa.disable(req.auth!, originOf(req));
  }

  @Post('account/mfa/recovery-codes')
  @RecentReauth()
  @ApiCreatedResponse({ description: 'Ten new recovery codes, shown this once; the old ones stop working.' })
  async regenerate(@Req() req: Request) {
    return { recoveryCodes: await this.mfa.regenerateRecoveryCodes(req.auth!, originOf(req)) };
  }

  @Put('practice/mfa-policy')
  @Can('practice.manage')
  @HttpCode(204)
  async policy(@Body() dto: MfaPolicyDto, @Req() req: Request) {
    await this.mfa.setPracticeRequirement(req.auth!, dto.mfaRequired, originOf(req));
  }

  private present(who: AuthContext, csrfToken: string) {
    return {
      user: { id: who.userId, name: who.name, email: who.email, role: who.role },
      practice: { id: who.practiceId, name: who.practiceName, slug: who.practiceSlug },
      mfa: { stage: 'full' as const },
      csrfToken,
    };
  }
}
