import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiExcludeController, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, RecentReauth } from '../accounts/access.decorators';
import { IdPipe } from '../common/http/id.pipe';
import { baseUrl, originOf } from '../common/http/origin';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClientExportService } from './client-export.service';

/** Streams the zip as a private download: never cached, named for the client and the day. */
async function sendExport(exports: ClientExportService, config: AppConfig, id: string, req: Request, res: Response) {
  const { filename, zip } = await exports.export(req.auth!, id, baseUrl(req, config.publicUrl), originOf(req));
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  zip.outputStream.pipe(res);
}

/** Staff's page route: a sensitive act, so the person confirms it is them first (/reauth?next= brings them back). */
@ApiExcludeController()
@Controller('clients')
export class PrivacyPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly exports: ClientExportService,
  ) {}

  @Get(':id/export.zip')
  @Can('intake.read_answers', 'client')
  @RecentReauth()
  async export(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await sendExport(this.exports, this.config, id, req, res);
  }
}

@ApiTags('privacy')
@ApiCookieAuth()
@Controller('api/v1/clients')
export class PrivacyApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly exports: ClientExportService,
  ) {}

  @Get(':id/export.zip')
  @Can('intake.read_answers', 'client')
  @RecentReauth()
  @ApiOperation({
    summary: 'Everything about one client as a zip',
    description:
      'client.json, fhir-bundle.json (FHIR R4 Bundle, type collection), the signed agreement PDFs and intake summary PDFs, and README.txt. Needs a re-authentication within the last 5 minutes (POST /api/v1/auth/reauth); session only.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The zip, streamed.' })
  async export(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await sendExport(this.exports, this.config, id, req, res);
  }
}
