import { Body, Controller, Get, HttpCode, Param, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { IdPipe } from '../../common/http/id.pipe';
import { originOf } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { FormView, RecentReauth } from '../access.decorators';
import { CreateAccessTokenDto } from '../dto/access-token.dto';
import { REAUTH_WINDOW_MINUTES, reauthIsRecent } from '../mfa/reauth';
import { can, ROLE_NAMES } from '../permissions';
import { DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES, rolesUpTo } from './access-tokens';
import { AccessTokensService } from './access-tokens.service';

/** Access tokens in the browser, under Security: create (after re-authenticating), list, revoke. */
@ApiExcludeController()
@Controller('account/security/tokens')
export class AccessTokensPagesController {
  constructor(
    private readonly tokens: AccessTokensService,
    formContexts: FormContexts,
  ) {
    formContexts.register('accounts/tokens', (req) => this.model(req));
  }

  @Get()
  @Render('accounts/tokens')
  index(@Req() req: Request, @Query('revoked') revoked?: string) {
    return this.model(req, revoked === '1');
  }

  @Post()
  @RecentReauth()
  @FormView('accounts/tokens')
  @HttpCode(200)
  @Render('accounts/token-created')
  async create(@Body() dto: CreateAccessTokenDto, @Req() req: Request) {
    const { token, accessToken } = await this.tokens.create(req.auth!, dto, originOf(req));
    return { title: 'Your new access token', token, accessToken };
  }

  @Post(':id/revoke')
  @Redirect('/account/security/tokens?revoked=1', 303)
  async revoke(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.tokens.revoke(req.auth!, id, originOf(req));
  }

  private async model(req: Request, revoked = false) {
    const auth = req.auth!;
    const isOwner = can(auth.role, 'team.manage');
    return {
      title: 'Access tokens',
      mine: await this.tokens.listMine(auth),
      // The owner also sees, and may revoke, everyone else's.
      others: isOwner ? (await this.tokens.listPractice(auth)).filter((t) => t.owner.id !== auth.userId) : [],
      isOwner,
      revoked,
      reauthFresh: reauthIsRecent(auth),
      reauthMinutes: REAUTH_WINDOW_MINUTES,
      roleOptions: rolesUpTo(auth.role).map((value) => ({ value, label: ROLE_NAMES[value] })),
      expiryOptions: EXPIRY_CHOICES.map((days) => ({ value: String(days), label: days === 365 ? '1 year' : `${days} days` })),
      values: { role: 'front_desk', expiresInDays: String(DEFAULT_EXPIRY_DAYS) },
    };
  }
}
