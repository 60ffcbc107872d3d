import { Body, Controller, Get, Inject, Post, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { originOf, safeNext } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FormView, Public } from '../access.decorators';
import { AuthService } from '../auth.service';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../cookies';
import { LogInDto, SignUpDto } from '../dto/sign-up.dto';
import { pageAfterPassword } from '../mfa/mfa-policy';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    formContexts: FormContexts,
  ) {
    // A refused log-in still returns the person to the page they asked for.
    formContexts.register('accounts/login', async (req) => ({ title: 'Log in', next: safeNext(req.query.next) }));
    formContexts.register('accounts/signup', async () => ({ title: 'Create your practice' }));
  }

  @Public()
  @Get()
  @Render('home')
  home() {
    return { title: 'Healing partnerships' };
  }

  @Public()
  @Get('signup')
  @Render('accounts/signup')
  signUpForm() {
    return { title: 'Create your practice', values: {} };
  }

  @Public()
  @Post('signup')
  @FormView('accounts/signup')
  @Redirect('/dashboard', 303)
  async signUp(@Body() dto: SignUpDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { sessionToken, stage } = await this.auth.signUp(dto, originOf(req), readSessionToken(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    return { url: pageAfterPassword(stage, '/dashboard?welcome=1') };
  }

  @Public()
  @Get('login')
  @Render('accounts/login')
  logInForm(@Query('next') next: unknown, @Query('loggedOut') loggedOut?: string) {
    return { title: 'Log in', values: {}, next: safeNext(next), loggedOut: loggedOut === '1' };
  }

  @Public()
  @Post('login')
  @FormView('accounts/login')
  @Redirect('/dashboard', 303)
  async logIn(@Body() dto: LogInDto, @Query('next') next: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { sessionToken, stage } = await this.auth.logIn(dto, originOf(req), readSessionToken(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    return { url: pageAfterPassword(stage, safeNext(next)) };
  }

  @Public()
  @Post('logout')
  @Redirect('/login?loggedOut=1', 303)
  async logOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = readSessionToken(req);
    if (token) await this.auth.logOut(token);
    clearSessionCookie(req, res);
  }
}
