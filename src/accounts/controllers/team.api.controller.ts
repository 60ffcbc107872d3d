import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Can, Public } from '../access.decorators';
import { readSessionToken, setSessionCookie } from '../cookies';
import { AcceptInvitationDto, InviteDto } from '../dto/team.dto';
import { presentSignedIn } from '../presenters';
import { SessionsService } from '../sessions.service';
import { TeamService } from '../team.service';

@ApiTags('team')
@ApiCookieAuth()
@Controller('api/v1')
export class TeamApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly team: TeamService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('team')
  @Can('team.view')
  overview(@Req() req: Request) {
    return this.team.overview(req.auth!);
  }

  @Post('team/invitations')
  @Can('team.manage')
  @ApiCreatedResponse({ description: 'The invitation and its one-time link. The link is shown only in this response.' })
  async invite(@Body() dto: InviteDto, @Req() req: Request) {
    const { invitation, token } = await this.team.invite(req.auth!, dto);
    return { invitation, token, link: `${baseUrl(req, this.config.publicUrl)}/join/${token}` };
  }

  @Post('team/invitations/:id/revoke')
  @Can('team.manage')
  @HttpCode(204)
  async revoke(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.team.revokeInvitation(req.auth!, id);
  }

  @Post('team/members/:id/deactivate')
  @Can('team.manage')
  @HttpCode(204)
  async deactivate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.team.setActive(req.auth!, id, false, originOf(req));
  }

  @Post('team/members/:id/reactivate')
  @Can('team.manage')
  @HttpCode(204)
  async reactivate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.team.setActive(req.auth!, id, true, originOf(req));
  }

  @Public()
  @Get('invitations/:token')
  preview(@Param('token') token: string) {
    return this.team.preview(token);
  }

  @Public()
  @Post('invitations/:token/accept')
  async accept(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const signedIn = await this.team.accept(token, dto, originOf(req), readSessionToken(req));
    setSessionCookie(req, res, signedIn.sessionToken, this.config.session.absoluteHours);
    return presentSignedIn(signedIn, this.sessions.csrfTokenForCookie(signedIn.sessionToken));
  }
}
