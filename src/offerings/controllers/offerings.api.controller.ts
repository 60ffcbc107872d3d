import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { VersionPipe } from '../../common/http/number.pipe';
import { CreateOfferingDto, SaveDraftDto } from '../dto/offering-draft.dto';
import { OfferingsService } from '../offerings.service';

@ApiTags('offerings')
@ApiCookieAuth()
@Controller('api/v1/offerings')
export class OfferingsApiController {
  constructor(private readonly offerings: OfferingsService) {}

  @Get()
  @Can('offerings.view')
  list(@Req() req: Request) {
    return this.offerings.list(req.auth!);
  }

  @Post()
  @Can('offerings.edit')
  async create(@Body() dto: CreateOfferingDto, @Req() req: Request) {
    const offering = await this.offerings.create(req.auth!, dto);
    return { id: offering.id, slug: offering.slug, revision: offering.draftRevision, draft: offering.draft };
  }

  @Get(':id')
  @Can('offerings.view')
  async get(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { offering, status, versions, providers, missing } = await this.offerings.get(req.auth!, id);
    return {
      id: offering.id,
      slug: offering.slug,
      status,
      revision: offering.draftRevision,
      draft: offering.draft,
      draftUpdatedAt: offering.draftUpdatedAt,
      latestVersion: offering.latestVersion,
      missingForPublication: missing,
      versions,
      providerOptions: providers,
    };
  }

  /** Replaces the whole draft. Field errors name paths inside the draft, e.g. `careArc.0.minutesPerVisit`. */
  @Put(':id/draft')
  @Can('offerings.edit', 'offering')
  @ApiBody({ type: SaveDraftDto })
  saveDraft(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.offerings.saveDraft(req.auth!, id, body);
  }

  @Post(':id/publish')
  @Can('offerings.edit', 'offering')
  async publish(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const v = await this.offerings.publish(req.auth!, id);
    return { version: v.version, publishedAt: v.publishedAt, content: v.content, providers: v.providers };
  }

  @Get(':id/history')
  @Can('offerings.view')
  async history(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return (await this.offerings.history(req.auth!, id)).versions;
  }

  @Get(':id/versions/:version')
  @Can('offerings.view')
  async version(@Param('id', IdPipe) id: string, @Param('version', VersionPipe) version: number, @Req() req: Request) {
    const v = await this.offerings.version(req.auth!, id, version);
    return {
      version: v.version,
      publishedAt: v.publishedAt,
      publishedByName: v.publishedByName,
      content: v.content,
      providers: v.providers,
    };
  }

  @Post(':id/withdraw')
  @Can('offerings.edit', 'offering')
  @HttpCode(204)
  async withdraw(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.offerings.setWithdrawn(req.auth!, id, true);
  }

  @Post(':id/restore')
  @Can('offerings.edit', 'offering')
  @HttpCode(204)
  async restore(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.offerings.setWithdrawn(req.auth!, id, false);
  }
}
