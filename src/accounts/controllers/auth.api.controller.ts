import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { originOf } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Public } from '../access.decorators';
import { AuthService, SignedIn } from '../auth.service';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../cookies';
import { LogInDto, SignUpDto } from '../dto/sign-up.dto';
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
  @ApiOkResponse({ description: 'Signed in. The response carries the CSRF token for later writes.' })
  async logIn(@Body() dto: LogInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const signedIn = await this.auth.logIn(dto, originOf(req), readSessionToken(req));
    return this.startSession(req, res, signedIn);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiCookieAuth()
  async logOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.logOut(readSessionToken(req)!);
    clearSessionCookie(req, res);
  }

  @Get('auth/session')
  @ApiCookieAuth()
  @ApiOkResponse({ description: 'Who is signed in, and the CSRF token to send as X-CSRF-Token.' })
  session(@Req() req: Request) {
    const auth = req.auth!;
    return {
      user: { id: auth.userId, name: auth.name, email: auth.email, role: auth.role },
      practice: { id: auth.practiceId, name: auth.practiceName },
      csrfToken: this.sessions.csrfToken({ kind: 'session', id: auth.csrfKey }),
    };
  }

  private startSession(req: Request, res: Response, signedIn: SignedIn) {
    setSessionCookie(req, res, signedIn.sessionToken, this.config.session.absoluteHours);
    return presentSignedIn(signedIn, this.sessions.csrfTokenForCookie(signedIn.sessionToken));
  }
}
