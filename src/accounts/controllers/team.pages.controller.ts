import { Body, Controller, Get, Inject, Param, Post, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Can, FormView, Public } from '../access.decorators';
import { readSessionToken, setSessionCookie } from '../cookies';
import { AcceptInvitationDto, InviteDto } from '../dto/team.dto';
import { can } from '../permissions';
import { TeamService } from '../team.service';

@ApiExcludeController()
@Controller()
export class TeamPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly team: TeamService,
    formContexts: FormContexts,
  ) {
    // The join form, shown again after an error, still says which practice and e-mail it is for.
    formContexts.register('team/join', async (req) => ({
      title: 'Join your team',
      invitation: await this.team.preview(String(req.params.token)),
    }));
  }

  @Get('team')
  @Can('team.view')
  @Render('team/index')
  async index(@Req() req: Request) {
    const overview = await this.team.overview(req.auth!);
    return { title: 'Team', ...overview, canManage: can(req.auth!.role, 'team.manage') };
  }

  @Get('team/invite')
  @Can('team.manage')
  @Render('team/invite')
  inviteForm() {
    return { title: 'Invite a team member', values: { role: 'practitioner' } };
  }

  @Post('team/invite')
  @Can('team.manage')
  @FormView('team/invite')
  @Render('team/invited')
  async invite(@Body() dto: InviteDto, @Req() req: Request) {
    const { invitation, token } = await this.team.invite(req.auth!, dto);
    return { title: 'Invitation ready', invitation, link: `${baseUrl(req, this.config.publicUrl)}/join/${token}` };
  }

  @Post('team/invitations/:id/revoke')
  @Can('team.manage')
  @Redirect('/team', 303)
  async revoke(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.team.revokeInvitation(req.auth!, id);
  }

  @Post('team/members/:id/deactivate')
  @Can('team.manage')
  @Redirect('/team', 303)
  async deactivate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.team.setActive(req.auth!, id, false, originOf(req));
  }

  @Post('team/members/:id/reactivate')
  @Can('team.manage')
  @Redirect('/team', 303)
  async reactivate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.team.setActive(req.auth!, id, true, originOf(req));
  }

  @Public()
  @Get('join/:token')
  @Render('team/join')
  async joinForm(@Param('token') token: string) {
    return { title: 'Join your team', invitation: await this.team.preview(token), values: {} };
  }

  @Public()
  @Post('join/:token')
  @FormView('team/join')
  @Redirect('/dashboard', 303)
  async join(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { sessionToken } = await this.team.accept(token, dto, originOf(req), readSessionToken(req));
    setSessionCookie(req, res, sessionToken, this.config.session.absoluteHours);
    return { url: '/dashboard?welcome=1' };
  }
}
