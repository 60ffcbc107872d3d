import { SlugPipe } from '../../common/http/slug.pipe';
import { Controller, Get, Param, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendPdf } from '../../common/http/send-pdf';
import { OfferingSheetService } from '../offering-sheet.service';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../accounts/access.decorators';
import { MODALITY_LABELS } from '../offering-content';
import { PublicOfferingsService } from '../public-offerings.service';
import { moneyRange, offeringView } from '../offering-view';

/** The pages a prospective client reads before committing: no log-in, published versions only. */
@ApiExcludeController()
@Controller('p')
export class PublicPagesController {
  constructor(
    private readonly publicOfferings: PublicOfferingsService,
    private readonly sheets: OfferingSheetService,
  ) {}

  /** "What to expect" as a PDF to print or keep. */
  @Public()
  @Get(':practiceSlug/:offeringSlug/pdf')
  async pdf(
    @Param('practiceSlug', SlugPipe) practiceSlug: string,
    @Param('offeringSlug', SlugPipe) offeringSlug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    sendPdf(req, res, await this.sheets.forPublic(practiceSlug, offeringSlug), 'public');
  }

  @Public()
  @Get(':practiceSlug')
  @Render('public/practice')
  async practice(@Param('practiceSlug', SlugPipe) practiceSlug: string) {
    const { practice, practitioners, offerings } = await this.publicOfferings.practice(practiceSlug);
    return {
      title: practice.name,
      practice,
      practitioners,
      offerings: offerings.map((o) => ({
        slug: o.slug,
        title: o.content.title,
        modality: MODALITY_LABELS[o.content.modality],
        summary: o.content.summary,
        providers: o.providers.map((p) => p.profile?.displayName ?? p.name).join(', '),
        trial: o.projections.windows[0],
        trialCost: moneyRange(o.projections.windows[0].cost, o.content.fees.currency),
      })),
    };
  }

  @Public()
  @Get(':practiceSlug/:offeringSlug')
  @Render('public/offering')
  async offering(@Param('practiceSlug', SlugPipe) practiceSlug: string, @Param('offeringSlug', SlugPipe) offeringSlug: string) {
    const o = await this.publicOfferings.offering(practiceSlug, offeringSlug);
    return {
      title: `${o.content.title} · ${o.practice.name}`,
      practice: o.practice,
      slug: o.slug,
      providers: o.providers,
      version: o.version,
      publishedAt: o.publishedAt,
      view: offeringView(o.content, o.projections),
    };
  }
}
