import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../accounts/access.decorators';
import { SlugPipe } from '../../common/http/slug.pipe';
import { ClientIntakeService } from '../client-intake.service';
import { linkPath } from '../intake-links';

/** "Start intake" on a public offering page: a new client and draft, then straight into the form. */
@ApiExcludeController()
@Controller('p')
export class StartIntakeController {
  constructor(private readonly intake: ClientIntakeService) {}

  @Public()
  @Post(':practiceSlug/:offeringSlug/intake')
  async start(
    @Param('practiceSlug', SlugPipe) practiceSlug: string,
    @Param('offeringSlug', SlugPipe) offeringSlug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const token = await this.intake.startFromOffering(practiceSlug, offeringSlug, req.ip ?? 'unknown');
    res.redirect(303, `${linkPath(token)}?started=1`);
  }
}
