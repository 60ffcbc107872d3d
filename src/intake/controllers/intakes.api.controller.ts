import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { InboxQueryDto, InviteClientDto, NewLinkDto } from '../dto/intake.dto';
import { IntakeExportService } from '../intake-export.service';
import { linkPath } from '../intake-links';
import { IntakesService } from '../intakes.service';

/** Staff's intake API: invitations, the inbox, one intake, its links and exports. */
@ApiTags('intakes')
@ApiCookieAuth()
@Controller('api/v1/intakes')
export class IntakesApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intakes: IntakesService,
    private readonly exports: IntakeExportService,
  ) {}

  @Get()
  @Can('clients.view')
  async inbox(@Query() query: InboxQueryDto, @Req() req: Request) {
    const result = await this.intakes.inbox(req.auth!, query.toFilter());
    // `next`: pass it as `after` for the following page (keyset pagination); null on the last page.
    return { items: result.rows, total: result.total, page: result.page, pages: result.pages, next: result.next, counts: result.counts };
  }

  /** The link is in this answer only: Ayni keeps just its hash. */
  @Post()
  @Can('intake.invite')
  async invite(@Body() dto: InviteClientDto, @Req() req: Request) {
    const { intake, token } = await this.intakes.invite(req.auth!, dto);
    return { id: intake.id, status: intake.status, link: this.link(req, token), expiresAt: intake.expiresAt };
  }

  @Get(':id')
  @Can('clients.view')
  async get(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const d = await this.intakes.detail(req.auth!, id, originOf(req));
    return {
      id: d.intake.id,
      status: d.intake.status,
      client: d.client,
      offeringTitle: d.offeringTitle,
      link: { state: d.link, expiresAt: d.intake.expiresAt },
      waitingOn: d.waitingOn,
      createdAt: d.intake.createdAt,
      savedAt: d.intake.savedAt,
      submittedAt: d.intake.submittedAt,
      reviewedAt: d.intake.reviewedAt,
      ...(d.answers ? { answers: d.answers } : {}),
    };
  }

  @Post(':id/link')
  @Can('intake.invite', 'intake')
  async newLink(@Param('id', IdPipe) id: string, @Body() dto: NewLinkDto, @Req() req: Request) {
    const { intake, token } = await this.intakes.newLink(req.auth!, id, dto.expiresInDays, originOf(req));
    return { id: intake.id, link: this.link(req, token), expiresAt: intake.expiresAt };
  }

  @Post(':id/revoke')
  @HttpCode(204)
  @Can('intake.invite', 'intake')
  revoke(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.intakes.revokeLink(req.auth!, id, originOf(req));
  }

  @Post(':id/reviewed')
  @HttpCode(204)
  @Can('clinical.author', 'intake')
  reviewed(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.intakes.markReviewed(req.auth!, id, originOf(req));
  }

  @Get(':id/export')
  @Can('intake.read_answers', 'intake')
  exportJson(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.exports.json(req.auth!, id, originOf(req));
  }

  /** FHIR R4 QuestionnaireResponse. */
  @Get(':id/fhir')
  @Can('intake.read_answers', 'intake')
  fhir(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.exports.questionnaireResponse(req.auth!, id, baseUrl(req, this.config.publicUrl), originOf(req));
  }

  private link(req: Request, token: string) {
    return `${baseUrl(req, this.config.publicUrl)}${linkPath(token)}`;
  }
}
