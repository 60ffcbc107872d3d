import { Body, Controller, Get, HttpCode, Param, Post, Put, Redirect, Render, Req } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiExcludeController, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, FormView, RecentReauth } from '../accounts/access.decorators';
import { IdPipe } from '../common/http/id.pipe';
import { originOf } from '../common/http/origin';
import { FormContexts } from '../common/views/form-contexts';
import { ClientErasureService, ERASE_CONFIRMATION } from './client-erasure.service';
import { EraseClientDto, RetentionDto } from './erasure.dto';
import { ERASURE_BASES, ERASURE_BASIS_LABELS, RETENTION_YEARS } from './erasure-plan';

const BASES = ERASURE_BASES.map((value) => ({ value, label: ERASURE_BASIS_LABELS[value] }));

/** The owner's pages: erasing one client (after confirming it is them), and the practice's retention period. */
@ApiExcludeController()
@Controller()
export class ErasurePagesController {
  constructor(
    private readonly erasure: ClientErasureService,
    formContexts: FormContexts,
  ) {
    formContexts.register('privacy/erase', (req) => this.eraseModel(req, String(req.params.id)));
    formContexts.register('privacy/records', (req) => this.recordsModel(req));
  }

  @Get('clients/:id/erase')
  @Can('clients.erase', 'client')
  @RecentReauth()
  @Render('privacy/erase')
  eraseForm(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.eraseModel(req, id);
  }

  @Post('clients/:id/erase')
  @Can('clients.erase', 'client')
  @RecentReauth()
  @FormView('privacy/erase')
  @Redirect('/dashboard', 303)
  async erase(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    await this.erasure.erase(req.auth!, id, body, originOf(req));
    return { url: `/clients/${id}?erased=1` };
  }

  @Get('practice/records')
  @Can('practice.manage')
  @Render('privacy/records')
  records(@Req() req: Request) {
    return this.recordsModel(req);
  }

  @Post('practice/records')
  @Can('practice.manage')
  @FormView('privacy/records')
  @Redirect('/practice/records?saved=1', 303)
  async saveRecords(@Body() body: Record<string, unknown>, @Req() req: Request) {
    await this.erasure.setRetention(req.auth!, body.retentionYears, originOf(req));
  }

  private async eraseModel(req: Request, id: string) {
    const preview = await this.erasure.preview(req.auth!, id);
    return { title: 'Erase personal data', ...preview, bases: BASES, word: ERASE_CONFIRMATION };
  }

  private async recordsModel(req: Request) {
    const years = await this.erasure.retention(req.auth!);
    return { title: 'Record keeping', years, values: { retentionYears: years }, bounds: RETENTION_YEARS, saved: req.query.saved === '1' };
  }
}

@ApiTags('privacy')
@ApiCookieAuth()
@Controller('api/v1')
export class ErasureApiController {
  constructor(private readonly erasure: ClientErasureService) {}

  @Get('clients/:id/erasure')
  @Can('clients.erase', 'client')
  @ApiOperation({ summary: 'What erasing this client would remove and keep', description: 'Nothing changes; owners only.' })
  preview(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.erasure.preview(req.auth!, id);
  }

  @Post('clients/:id/erase')
  @Can('clients.erase', 'client')
  @RecentReauth()
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a client's personal data",
    description:
      'Removes contact details, intakes, reflections, checks, reviews, unsigned agreements and e-mails. Signed agreements whose care ended are kept for the practice retention period, then removed. 409 CLIENT_IN_CARE while an agreement is in effect or awaits the countersignature; 409 CLIENT_ERASED when already done. Owners only, after a re-authentication within the last 5 minutes (POST /api/v1/auth/reauth); session only.',
  })
  @ApiBody({ type: EraseClientDto })
  @ApiOkResponse({ description: '{ agreementsKept, retainUntil }' })
  erase(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.erasure.erase(req.auth!, id, body, originOf(req));
  }

  @Put('practice/retention')
  @Can('practice.manage')
  @ApiOperation({ summary: "Set the practice's retention period for signed agreements of erased clients" })
  @ApiOkResponse({ description: '{ retentionYears }' })
  async retention(@Body() dto: RetentionDto, @Req() req: Request) {
    return { retentionYears: await this.erasure.setRetention(req.auth!, dto.retentionYears, originOf(req)) };
  }
}
