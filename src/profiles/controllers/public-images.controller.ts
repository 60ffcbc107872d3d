import { SlugPipe } from '../../common/http/slug.pipe';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { PublicProfilesService } from '../public-profiles.service';

@ApiExcludeController()
@Controller('p/:practiceSlug/images')
export class PublicImagesController {
  constructor(private readonly publicProfiles: PublicProfilesService) {}

  /** Pictures never change under one id (a new upload gets a new id), so they may be cached for long. */
  @Public()
  @Get(':id')
  async image(@Param('practiceSlug', SlugPipe) practiceSlug: string, @Param('id', IdPipe) id: string, @Res() res: Response) {
    const image = await this.publicProfiles.image(practiceSlug, id);
    res.setHeader('Content-Type', image.contentType);
    res.setHeader('Content-Length', String(image.bytes.length));
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', `"${image.sha256}"`);
    res.setHeader('Content-Disposition', 'inline');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.end(image.bytes);
  }
}
