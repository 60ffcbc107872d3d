import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { IdPipe } from '../../common/http/id.pipe';
import { originOf } from '../../common/http/origin';
import { Can, RecentReauth, SessionOnly } from '../access.decorators';
import { CreateAccessTokenDto } from '../dto/access-token.dto';
import { AccessTokensService } from './access-tokens.service';

/**
 * Personal access tokens over the JSON API. Managing them needs a signed-in session (a token never
 * manages tokens); creating one also needs POST /api/v1/auth/reauth within the last few minutes.
 */
@ApiTags('access tokens')
@ApiCookieAuth()
@SessionOnly()
@Controller('api/v1')
export class AccessTokensApiController {
  constructor(private readonly tokens: AccessTokensService) {}

  @Get('account/tokens')
  @ApiOkResponse({ description: 'Your access tokens, newest first: name, prefix, role, status, created, last used, expires.' })
  async mine(@Req() req: Request) {
    return { tokens: await this.tokens.listMine(req.auth!) };
  }

  @Post('account/tokens')
  @RecentReauth()
  @ApiCreatedResponse({
    description:
      'A new token for you. `token` (ayni_pat_…) is in this answer only: Ayni keeps its SHA-256. Send it as ' +
      '`Authorization: Bearer ayni_pat_…` on /api/v1. `role` is at most yours (400 naming `role` otherwise).',
  })
  create(@Body() dto: CreateAccessTokenDto, @Req() req: Request) {
    return this.tokens.create(req.auth!, dto, originOf(req));
  }

  @Post('account/tokens/:id/revoke')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked (also when it already was). Yours, or as the practice owner any of the practice’s.' })
  async revoke(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.tokens.revoke(req.auth!, id, originOf(req));
  }

  @Get('practice/tokens')
  @Can('team.manage')
  @ApiOkResponse({ description: 'The practice owner’s view: every access token of the practice, with whose it is.' })
  async practice(@Req() req: Request) {
    return { tokens: await this.tokens.listPractice(req.auth!) };
  }
}
