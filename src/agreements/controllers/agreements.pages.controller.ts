import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Render,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView } from '../../accounts/access.decorators';
import { can } from '../../accounts/permissions';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { sendPdf } from '../../common/http/send-pdf';
import { FormContexts } from '../../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { IntakesService } from '../../intake/intakes.service';
import { AgreementDocumentsService } from '../agreement-documents.service';
import { AGREEMENT_STATUS_LABELS, EDITABLE } from '../agreement-status';
import { AgreementsService } from '../agreements.service';
import { InOfficeSigningService, MAX_SCAN_BYTES } from '../in-office-signing.service';
import { SingleUpload } from '../../media/image-upload.interceptor';
import { agreementView, careArcRows, formToEdits, withPosted } from '../agreement-view';
import { CONSENT_TEXT } from '../signing';

/** The practitioner's agreement pages: start from an intake, complete the draft, propose, countersign. */
@ApiExcludeController()
@Controller('agreements')
export class AgreementsPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agreements: AgreementsService,
    private readonly documents: AgreementDocumentsService,
    private readonly intakes: IntakesService,
    private readonly inOffice: InOfficeSigningService,
    formContexts: FormContexts,
  ) {
    formContexts.register('agreements/new', (req) => this.newModel(req, String(req.body?.intakeId ?? req.query.intake ?? '')));
    formContexts.register('agreements/show', (req) => this.showModel(req, String(req.params.id)));
  }

  @Get()
  @Can('agreements.view')
  @Render('agreements/index')
  async index(@Req() req: Request) {
    const rows = await this.agreements.list(req.auth!);
    return {
      title: 'Agreements',
      rows: rows.map((a) => ({
        id: a.id,
        client: a.content.client.name,
        offering: a.content.offering.title,
        status: a.status,
        statusLabel: AGREEMENT_STATUS_LABELS[a.status],
        updatedAt: a.updatedAt,
        outdated: a.outdated,
      })),
    };
  }

  @Get('new')
  @Can('agreements.author')
  @Render('agreements/new')
  async newForm(@Req() req: Request, @Query('intake') intakeId: string) {
    const today = new Date().toISOString().slice(0, 10);
    return { ...(await this.newModel(req, String(intakeId ?? ''))), values: { intakeId, startDate: today } };
  }

  @Post('new')
  @Can('agreements.author')
  @FormView('agreements/new')
  async start(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const agreement = await this.agreements.start(req.auth!, body, originOf(req));
    res.redirect(303, `/agreements/${agreement.id}`);
  }

  @Get(':id')
  @Can('agreements.view')
  @Render('agreements/show')
  async show(@Param('id', IdPipe) id: string, @Req() req: Request, @Query('saved') saved?: string) {
    return { ...(await this.showModel(req, id)), saved: saved === '1' };
  }

  @Post(':id')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async save(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.agreements.saveDraft(req.auth!, id, Number(body.revision), formToEdits(body));
    res.redirect(303, `/agreements/${id}?saved=1`);
  }

  @Post(':id/propose')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async propose(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.agreements.propose(req.auth!, id, originOf(req));
    res.redirect(303, `/agreements/${id}`);
  }

  @Post(':id/countersign')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async countersign(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.agreements.countersign(req.auth!, id, { ...body, consentText: CONSENT_TEXT }, originOf(req));
    // The signed copy is printed now, once, and kept: what /verify matches a download against.
    await this.documents.issue(req.auth!, id, baseUrl(req, this.config.publicUrl));
    res.redirect(303, `/agreements/${id}`);
  }

  @Post(':id/activate')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async activate(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.agreements.transition(req.auth!, id, 'activate', originOf(req));
    res.redirect(303, `/agreements/${id}`);
  }

  @Post(':id/end')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async end(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.agreements.transition(req.auth!, id, 'end', originOf(req));
    res.redirect(303, `/agreements/${id}`);
  }

  @Post(':id/amend')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async amend(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const amendment = await this.agreements.amend(req.auth!, id, originOf(req));
    res.redirect(303, `/agreements/${amendment.id}`);
  }

  /** The offering published a new version: an amendment on it, for the client to re-consent. */
  @Post(':id/reconsent')
  @Can('agreements.author', 'agreement')
  @FormView('agreements/show')
  async reconsent(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const amendment = await this.agreements.reconsent(req.auth!, id, originOf(req));
    res.redirect(303, `/agreements/${amendment.id}`);
  }

  /** A signing screen for this agreement, to open on an office device and hand to the client. */
  @Post(':id/screen')
  @HttpCode(200)
  @Can('clients.manage_paperwork', 'agreement')
  @FormView('agreements/show')
  @Render('agreements/screen-link')
  async screen(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { token, expires } = await this.inOffice.openScreen(req.auth!, id);
    return { title: 'Signing screen', id, link: `${baseUrl(req, this.config.publicUrl)}/sign/${token}`, path: `/sign/${token}`, expires };
  }

  /** Signed in ink on the printed copy, recorded with a witness. */
  @Post(':id/paper')
  @Can('clients.manage_paperwork', 'agreement')
  @FormView('agreements/show')
  @UseInterceptors(SingleUpload('scan', { maxBytes: MAX_SCAN_BYTES, noun: 'scan' }))
  async paper(
    @Param('id', IdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @UploadedFile() scan: Express.Multer.File | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.inOffice.recordPaper(req.auth!, id, body, scan, originOf(req));
    res.redirect(303, `/agreements/${id}`);
  }

  @Get(':id/scan')
  @Can('agreements.view')
  async scan(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const scan = await this.inOffice.scan(req.auth!, id, originOf(req));
    res.setHeader('Content-Type', scan.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="signed-on-paper-${id.slice(0, 8)}.${scan.contentType === 'application/pdf' ? 'pdf' : scan.contentType === 'image/png' ? 'png' : 'jpg'}"`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(scan.bytes);
  }

  @Get(':id/pdf')
  @Can('agreements.view')
  async pdf(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    sendPdf(req, res, await this.documents.forStaff(req.auth!, id, baseUrl(req, this.config.publicUrl), originOf(req)), 'private');
  }

  private async newModel(req: Request, intakeId: string) {
    const offerings = (await this.intakes.offeringOptions(req.auth!)).filter((o) => o.published);
    return { title: 'New care agreement', offerings, intakeId };
  }

  private async showModel(req: Request, id: string) {
    const { agreement, signatures, comments, events, changes, outdated } = await this.agreements.get(req.auth!, id, originOf(req));
    const author = can(req.auth!.role, 'agreements.author');
    // The draft form shows what was just typed when a save is refused.
    const draft = withPosted(agreement.content, req.method === 'POST' ? (req.body as Record<string, unknown>) : undefined);
    return {
      title: `Agreement · ${agreement.content.client.name}`,
      agreement,
      view: agreementView(agreement.content),
      draft,
      // The care arc's numbers, editable in a draft (an amendment that lightens the cadence, say).
      arcRows: careArcRows(draft),
      // The client's own words stay with those who read intake answers; the printed copy is the client's document.
      hideStory: !can(req.auth!.role, 'intake.read_answers'),
      statusLabel: AGREEMENT_STATUS_LABELS[agreement.status],
      editable: author && EDITABLE.includes(agreement.status),
      canPropose: author && EDITABLE.includes(agreement.status),
      canCountersign: author && agreement.status === 'client_signed',
      canActivate: author && agreement.status === 'countersigned',
      canEnd: author && ['countersigned', 'active'].includes(agreement.status),
      canAmend: author && ['countersigned', 'active'].includes(agreement.status),
      canReconsent: author && outdated,
      outdated,
      canSignInOffice: can(req.auth!.role, 'clients.manage_paperwork') && agreement.status === 'proposed',
      consentText: CONSENT_TEXT,
      signatures,
      comments,
      events,
      changes,
    };
  }
}
