import { Body, Controller, Get, Inject, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView } from '../../accounts/access.decorators';
import { can } from '../../accounts/permissions';
import { LANGUAGES as MAIL_LANGUAGES } from '../../i18n/languages';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { InboxQueryDto, InviteClientDto, NewLinkDto } from '../dto/intake.dto';
import { DEFAULT_LINK_DAYS, linkPath, MAX_LINK_DAYS } from '../intake-links';
import { INTAKE_STATUS_LABELS, INTAKE_STATUSES } from '../intake-status';
import { IntakesService } from '../intakes.service';
import { IntakeSummaryService } from '../intake-summary.service';
import { sendPdf } from '../../common/http/send-pdf';

const LINK_LABELS = { live: 'Link active', expired: 'Link expired', revoked: 'Link withdrawn' } as const;

/** Staff's intake pages: the inbox, inviting a client, one client's intake. */
@ApiExcludeController()
@Controller('intake')
export class IntakesPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intakes: IntakesService,
    private readonly summaries: IntakeSummaryService,
    formContexts: FormContexts,
  ) {
    formContexts.register('intake/new', async (req) => this.newModel(req));
  }

  @Get()
  @Can('clients.view')
  @Render('intake/inbox')
  async inbox(@Query() query: InboxQueryDto, @Req() req: Request) {
    const result = await this.intakes.inbox(req.auth!, query.toFilter());
    const filterQuery = (page: number, after?: string) =>
      new URLSearchParams({
        ...(query.status ? { status: query.status } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.offering ? { offering: query.offering } : {}),
        page: String(page),
        ...(after ? { after } : {}),
      }).toString();
    return {
      title: 'Intake',
      canInvite: can(req.auth!.role, 'intake.invite'),
      canEditForm: can(req.auth!.role, 'clinical.author'),
      filters: { status: query.status ?? '', q: query.q ?? '', offering: query.offering ?? '' },
      statuses: INTAKE_STATUSES.map((s) => ({
        value: s,
        label: INTAKE_STATUS_LABELS[s],
        count: result.counts[s],
        current: s === query.status,
      })),
      offerings: result.offerings.map((o) => ({ ...o, selected: o.id === query.offering })),
      rows: result.rows.map((r) => ({ ...r, statusLabel: INTAKE_STATUS_LABELS[r.status], linkLabel: LINK_LABELS[r.link] })),
      total: result.total,
      page: result.page,
      pages: result.pages,
      previous: result.page > 1 ? `?${filterQuery(result.page - 1)}` : null,
      // Next goes by the cursor (keyset), so page 400 of a large practice is as quick as page 2.
      next: result.page < result.pages && result.next ? `?${filterQuery(result.page + 1, result.next)}` : null,
    };
  }

  @Get('new')
  @Can('intake.invite')
  @Render('intake/new')
  async newForm(@Req() req: Request) {
    return { ...(await this.newModel(req)), values: { expiresInDays: DEFAULT_LINK_DAYS, language: 'en' } };
  }

  /** Shows the link once: only its hash is kept. */
  @Post('new')
  @Can('intake.invite')
  @FormView('intake/new')
  async invite(@Body() dto: InviteClientDto, @Req() req: Request, @Res() res: Response) {
    const { intake, token } = await this.intakes.invite(req.auth!, dto);
    res.status(201).render('intake/link', {
      title: 'Intake link',
      ...this.linkModel(req, token, intake.expiresAt, intake.id),
      clientName: dto.name,
      created: true,
    });
  }

  @Get(':id')
  @Can('clients.view')
  @Render('intake/show')
  async show(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const d = await this.intakes.detail(req.auth!, id, originOf(req));
    return {
      title: d.client.name ?? 'Intake',
      intake: d.intake,
      client: d.client,
      canSeePartnership: can(req.auth!.role, 'agreements.view'),
      offeringTitle: d.offeringTitle,
      statusLabel: INTAKE_STATUS_LABELS[d.intake.status],
      link: d.link,
      linkLabel: LINK_LABELS[d.link],
      waitingOn: d.waitingOn,
      answers: d.answers,
      canReadAnswers: can(req.auth!.role, 'intake.read_answers'),
      canInvite: can(req.auth!.role, 'intake.invite'),
      // The link opens what the client wrote: once there are answers, only those who may read them renew it.
      canRenewLink: can(req.auth!.role, 'intake.invite') && (d.intake.status === 'invited' || can(req.auth!.role, 'intake.read_answers')),
      canReview: can(req.auth!.role, 'clinical.author') && d.intake.status === 'submitted',
      maxDays: MAX_LINK_DAYS,
      defaultDays: DEFAULT_LINK_DAYS,
    };
  }

  /** The submitted intake as a PDF for the client's file. */
  @Get(':id/pdf')
  @Can('intake.read_answers', 'intake')
  async pdf(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    sendPdf(req, res, await this.summaries.forStaff(req.auth!, id, originOf(req)), 'private');
  }

  @Post(':id/link')
  @Can('intake.invite', 'intake')
  async newLink(@Param('id', IdPipe) id: string, @Body() dto: NewLinkDto, @Req() req: Request, @Res() res: Response) {
    const { intake, token } = await this.intakes.newLink(req.auth!, id, dto.expiresInDays, originOf(req));
    // Only the client's name, for the page showing the new link (recorded as the link's creation).
    const d = await this.intakes.detail(req.auth!, id, null);
    res.render('intake/link', { title: 'New intake link', ...this.linkModel(req, token, intake.expiresAt, id), clientName: d.client.name });
  }

  @Post(':id/revoke')
  @Can('intake.invite', 'intake')
  async revoke(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.intakes.revokeLink(req.auth!, id, originOf(req));
    res.redirect(303, `/intake/${id}`);
  }

  @Post(':id/reviewed')
  @Can('clinical.author', 'intake')
  async reviewed(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.intakes.markReviewed(req.auth!, id, originOf(req));
    res.redirect(303, `/intake/${id}`);
  }

  private async newModel(req: Request) {
    const offerings = await this.intakes.offeringOptions(req.auth!);
    return { title: 'Invite a client to intake', offerings, maxDays: MAX_LINK_DAYS, languages: MAIL_LANGUAGES };
  }

  private linkModel(req: Request, token: string, expiresAt: Date, id: string) {
    return { link: `${baseUrl(req, this.config.publicUrl)}${linkPath(token)}`, expiresAt, id };
  }
}
