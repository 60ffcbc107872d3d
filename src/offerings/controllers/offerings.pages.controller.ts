import { Body, Controller, Get, Param, Post, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendPdf } from '../../common/http/send-pdf';
import { OfferingSheetService } from '../offering-sheet.service';
import { Can, FormView } from '../../accounts/access.decorators';
import { can } from '../../accounts/permissions';
import { DomainError } from '../../common/errors/domain-error';
import { IdPipe } from '../../common/http/id.pipe';
import { VersionPipe } from '../../common/http/number.pipe';
import { FormContexts } from '../../common/views/form-contexts';
import { CreateOfferingDto } from '../dto/offering-draft.dto';
import { editorOptions } from '../editor-options';
import { draftToForm, formToSaveInput, toFormPaths } from '../offering-form';
import { offeringView } from '../offering-view';
import { OfferingsService } from '../offerings.service';
import { project } from '../projections';

@ApiExcludeController()
@Controller('offerings')
export class OfferingsPagesController {
  constructor(
    private readonly offerings: OfferingsService,
    private readonly sheets: OfferingSheetService,
    formContexts: FormContexts,
  ) {
    // Shown again after an error: the editor with its options, and the overview with its versions.
    formContexts.register('offerings/edit', async (req) => this.editorModel(req, String(req.params.id)));
    formContexts.register('offerings/show', async (req) => this.overviewModel(req, String(req.params.id)));
  }

  @Get()
  @Can('offerings.view')
  @Render('offerings/index')
  async index(@Req() req: Request) {
    return { title: 'Offerings', offerings: await this.offerings.list(req.auth!), canEdit: can(req.auth!.role, 'offerings.edit') };
  }

  @Get('new')
  @Can('offerings.edit')
  @Render('offerings/new')
  newForm() {
    return { title: 'New offering', values: {} };
  }

  @Post('new')
  @Can('offerings.edit')
  @FormView('offerings/new')
  @Redirect('/offerings', 303)
  async create(@Body() dto: CreateOfferingDto, @Req() req: Request) {
    const offering = await this.offerings.create(req.auth!, dto);
    return { url: `/offerings/${offering.id}/edit` };
  }

  @Get(':id')
  @Can('offerings.view')
  @Render('offerings/show')
  async show(@Param('id', IdPipe) id: string, @Req() req: Request, @Query('published') published?: string) {
    return { ...(await this.overviewModel(req, id)), justPublished: published };
  }

  @Get(':id/edit')
  @Can('offerings.edit', 'offering')
  @Render('offerings/edit')
  async edit(@Param('id', IdPipe) id: string, @Req() req: Request, @Query('saved') saved?: string) {
    const model = await this.editorModel(req, id);
    return { ...model, values: draftToForm(model.offering.draft), saved: saved === '1' };
  }

  @Post(':id/edit')
  @Can('offerings.edit', 'offering')
  @FormView('offerings/edit')
  @Redirect('/offerings', 303)
  async save(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const { revision, draft, rowMap } = formToSaveInput(body);
    try {
      await this.offerings.saveDraft(req.auth!, id, { revision, draft });
    } catch (error) {
      // Field paths count saved rows; the form shows every row typed, so point at those.
      if (error instanceof DomainError && error.fields) throw new DomainError(error.code, error.message, toFormPaths(error.fields, rowMap));
      throw error;
    }
    return { url: body._action === 'review' ? `/offerings/${id}` : `/offerings/${id}/edit?saved=1#saved` };
  }

  @Post(':id/publish')
  @Can('offerings.edit', 'offering')
  @FormView('offerings/show')
  @Redirect('/offerings', 303)
  async publish(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const version = await this.offerings.publish(req.auth!, id);
    return { url: `/offerings/${id}?published=${version.version}` };
  }

  @Post(':id/withdraw')
  @Can('offerings.edit', 'offering')
  @Redirect('/offerings', 303)
  async withdraw(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.offerings.setWithdrawn(req.auth!, id, true);
    return { url: `/offerings/${id}` };
  }

  @Post(':id/restore')
  @Can('offerings.edit', 'offering')
  @Redirect('/offerings', 303)
  async restore(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.offerings.setWithdrawn(req.auth!, id, false);
    return { url: `/offerings/${id}` };
  }

  @Get(':id/history')
  @Can('offerings.view')
  @Render('offerings/history')
  async history(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { offering, versions } = await this.offerings.history(req.auth!, id);
    return { title: `History · ${offering.draft.title ?? 'Offering'}`, offering, versions };
  }

  @Get(':id/versions/:version')
  @Can('offerings.view')
  @Render('offerings/version')
  async version(@Param('id', IdPipe) id: string, @Param('version', VersionPipe) number: number, @Req() req: Request) {
    const v = await this.offerings.version(req.auth!, id, number);
    const c = v.content;
    return {
      title: `${c.title} · version ${v.version}`,
      offeringId: id,
      version: v,
      providers: v.providers,
      view: offeringView(c, project(c.trialPeriod, c.careArc, c.fees.slidingScale)),
    };
  }

  @Get(':id/versions/:version/pdf')
  @Can('offerings.view')
  async versionPdf(
    @Param('id', IdPipe) id: string,
    @Param('version', VersionPipe) number: number,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    sendPdf(req, res, await this.sheets.forStaff(req.auth!, id, number), 'private');
  }

  private async overviewModel(req: Request, id: string) {
    const { offering, status, versions, missing } = await this.offerings.get(req.auth!, id);
    return {
      title: offering.draft.title ?? 'Offering',
      offering,
      status,
      versions: [...versions].reverse(),
      missing: Object.entries(missing).map(([field, message]) => ({ field, message })),
      canEdit: can(req.auth!.role, 'offerings.edit'),
      publicPath: `/p/${encodeURIComponent(req.auth!.practiceSlug)}/${encodeURIComponent(offering.slug)}`,
    };
  }

  private async editorModel(req: Request, id: string) {
    const { offering, providers } = await this.offerings.get(req.auth!, id);
    return {
      title: `Edit · ${offering.draft.title ?? 'Offering'}`,
      offering,
      revision: offering.draftRevision,
      ...editorOptions(providers),
    };
  }
}
