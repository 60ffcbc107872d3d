import { Body, Controller, Get, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can } from '../../accounts/access.decorators';
import { VersionPipe } from '../../common/http/number.pipe';
import { baseUrl } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SaveTemplateDto } from '../dto/template.dto';
import { IntakeExportService } from '../intake-export.service';
import { IntakeTemplatesService } from '../intake-templates.service';
import type { IntakeTemplateContent } from '../template';

/** The practice's intake form: the draft, publishing, and every published version (also as FHIR). */
@ApiTags('intake form')
@ApiCookieAuth()
@Controller('api/v1/intake-form')
export class IntakeFormApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: IntakeTemplatesService,
    private readonly exports: IntakeExportService,
  ) {}

  @Get()
  @Can('clients.view')
  async get(@Req() req: Request) {
    const { template, versions } = await this.templates.overview(req.auth!);
    return {
      revision: template.draftRevision,
      draft: template.draft,
      hasUnpublishedChanges: template.hasUnpublishedChanges,
      latestVersion: template.latestVersion,
      versions,
    };
  }

  /** Replaces the whole draft; field errors name paths inside it, e.g. `sections.2.questions.0.options`. */
  @Put('draft')
  @Can('clinical.author')
  async save(@Body() dto: SaveTemplateDto, @Req() req: Request) {
    const saved = await this.templates.save(req.auth!, dto.revision, dto.content as unknown as IntakeTemplateContent);
    return { revision: saved.draftRevision, draft: saved.draft, hasUnpublishedChanges: saved.hasUnpublishedChanges };
  }

  @Post('publish')
  @Can('clinical.author')
  async publish(@Req() req: Request) {
    const v = await this.templates.publish(req.auth!);
    return { version: v.version, publishedAt: v.publishedAt, content: v.content };
  }

  @Get('versions/:version')
  @Can('clients.view')
  async version(@Param('version', VersionPipe) version: number, @Req() req: Request) {
    const v = await this.templates.version(req.auth!, version);
    return { version: v.version, publishedAt: v.publishedAt, content: v.content };
  }

  /** FHIR R4 Questionnaire. */
  @Get('versions/:version/fhir')
  @Can('clients.view')
  questionnaire(@Param('version', VersionPipe) version: number, @Req() req: Request) {
    return this.exports.questionnaire(req.auth!, version, baseUrl(req, this.config.publicUrl));
  }
}
