import { SlugPipe } from '../../common/http/slug.pipe';
import { Controller, Get, Param, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../accounts/access.decorators';
import { MODALITY_LABELS } from '../offering-content';
import { PublicOfferingsService } from '../public-offerings.service';
import { moneyRange, offeringView } from '../offering-view';

/** The pages a prospective client reads before committing: no log-in, published versions only. */
@ApiExcludeController()
@Controller('p')
export class PublicPagesController {
  constructor(private readonly publicOfferings: PublicOfferingsService) {}

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
      providers: o.providers,
      version: o.version,
      publishedAt: o.publishedAt,
      view: offeringView(o.content, o.projections),
    };
  }
}
