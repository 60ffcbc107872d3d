import { Body, Controller, Get, HttpCode, Inject, Post, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { originOf, safeNext } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Can, FormView, MfaStep, Public, RecentReauth } from '../access.decorators';
import { setSessionCookie } from '../cookies';
import { SessionsService } from '../sessions.service';
import { SECOND_FACTOR_MINUTES } from './mfa-policy';
import { MfaService } from './mfa.service';
import { REAUTH_WINDOW_MINUTES, reauthIsRecent } from './reauth';

/** Where to go once logged in: a page of this site, never back into the log-in pages. */
const afterLogIn = (next: unknown) => {
  const path = safeNext(next);
  return /^\/login(\/|\?|$)/.test(path) ? '/dashboard' : path;
};

/** Two-step log-in in the browser: the code after the password, set-up, the Security page, re-authentication. */
@ApiExcludeController()
@Controller()
export class MfaPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mfa: MfaService,
    private readonly sessions: SessionsService,
    formContexts: FormContexts,
  ) {
    formContexts.register('accounts/mfa-code', async (req) => ({ title: 'Enter your code', next: afterLogIn(req.query.next) }));
    formContexts.register('accounts/mfa-setup', async (req) => this.setupModel(req));
    formContexts.register('accounts/reauth', async (req) => this.reauthModel(req));
  }

  @Public()
  @Get('login/code')
  codeForm(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response) {
    const target = afterLogIn(next);
    if (req.auth) return res.redirect(303, target);
    if (req.pendingAuth?.stage === 'enrolment') return res.redirect(303, `/account/mfa/setup?next=${encodeURIComponent(target)}`);
    if (!req.pendingAuth) return res.redirect(303, `/login?next=${encodeURIComponent(target)}`);
    res.render('accounts/mfa-code', { title: 'Enter your code', next: target });
  }

  @Public()
  @Post('login/code')
  @FormView('accounts/mfa-code')
  @Redirect('/dashboard', 303)
  async code(
    @Body() body: Record<string, unknown>,
    @Query('next') next: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const target = afterLogIn(next);
    if (req.auth) return { url: target };
    if (req.pendingAuth?.stage !== 'second_factor') {
      throw new DomainError(
        'NOT_AUTHENTICATED',
        `This log-in has expired: the code has to follow the password within ${SECOND_FACTOR_MINUTES} minutes. Please log in again.`,
      );
    }
    const { sessionToken, recoveryCodesLeft } = await this.mfa.completeLogIn(req.pendingAuth, body.code, originOf(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    // Someone using a recovery code has probably lost their phone: show them where to set up a new one.
    return { url: recoveryCodesLeft === undefined ? target : `/account/security?recoveryLeft=${recoveryCodesLeft}` };
  }

  @Get('account/mfa/setup')
  @MfaStep('enrolment')
  async setup(@Req() req: Request, @Res() res: Response) {
    if ((req.auth ?? req.pendingAuth)!.mfaEnrolled) return res.redirect(303, '/account/security');
    res.render('accounts/mfa-setup', await this.setupModel(req));
  }

  @Post('account/mfa/setup')
  @MfaStep('enrolment')
  @FormView('accounts/mfa-setup')
  @HttpCode(200)
  @Render('accounts/mfa-recovery-codes')
  async confirm(
    @Body() body: Record<string, unknown>,
    @Query('next') next: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const who = (req.auth ?? req.pendingAuth)!;
    const { recoveryCodes, sessionToken } = await this.mfa.confirmEnrolment(who, body.code, originOf(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    // The session has a new token: forms on this page carry tokens bound to it.
    res.locals.csrfToken = this.sessions.csrfTokenForCookie(sessionToken);
    return { title: 'Save your recovery codes', codes: recoveryCodes, next: afterLogIn(next), enrolled: true };
  }

  @Get('account/security')
  @Render('accounts/security')
  async security(@Req() req: Request, @Query('disabled') disabled?: string, @Query('recoveryLeft') recoveryLeft?: string) {
    return {
      title: 'Two-step log-in',
      status: await this.mfa.status(req.auth!),
      reauthFresh: reauthIsRecent(req.auth!),
      reauthMinutes: REAUTH_WINDOW_MINUTES,
      disabled: disabled === '1',
      usedRecoveryCode: recoveryLeft !== undefined,
    };
  }

  @Post('account/mfa/disable')
  @RecentReauth()
  @Redirect('/account/security?disabled=1', 303)
  async disable(@Req() req: Request) {
    await this.mfa.disable(req.auth!, originOf(req));
  }

  @Post('account/mfa/recovery-codes')
  @RecentReauth()
  @HttpCode(200)
  @Render('accounts/mfa-recovery-codes')
  async regenerate(@Req() req: Request) {
    const codes = await this.mfa.regenerateRecoveryCodes(req.auth!, originOf(req));
    return { title: 'Your new recovery codes', codes, next: '/account/security', regenerated: true };
  }

  @Get('reauth')
  @Render('accounts/reauth')
  reauthForm(@Req() req: Request) {
    return this.reauthModel(req);
  }

  @Post('reauth')
  @FormView('accounts/reauth')
  @Redirect('/account/security', 303)
  async reauth(@Body() body: Record<string, unknown>, @Query('next') next: unknown, @Req() req: Request) {
    await this.mfa.reauthenticate(req.auth!, body, originOf(req));
    return { url: safeNext(next, '/account/security') };
  }

  @Post('practice/security')
  @Can('practice.manage')
  @Redirect('/practice?saved=1', 303)
  async policy(@Body() body: Record<string, unknown>, @Req() req: Request) {
    if (body.mfaRequired !== 'true' && body.mfaRequired !== 'false') {
      throw new DomainError('VALIDATION_FAILED', 'Choose whether two-step log-in is required.', { mfaRequired: 'must be true or false' });
    }
    await this.mfa.setPracticeRequirement(req.auth!, body.mfaRequired === 'true', originOf(req));
  }

  private async setupModel(req: Request) {
    const who = (req.auth ?? req.pendingAuth)!;
    return {
      title: 'Set up two-step log-in',
      offer: await this.mfa.offerEnrolment(who),
      required: who.mfaRequired,
      next: afterLogIn(req.query.next),
    };
  }

  private reauthModel(req: Request) {
    return {
      title: 'Confirm it is you',
      enrolled: req.auth!.mfaEnrolled,
      minutes: REAUTH_WINDOW_MINUTES,
      next: safeNext(req.query.next, '/account/security'),
    };
  }
}
