import { SlugPipe } from '../../common/http/slug.pipe';
import { Controller, Get, Param, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendPdf } from '../../common/http/send-pdf';
import { OfferingSheetService } from '../offering-sheet.service';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../accounts/access.decorators';
import { DEFAULT_LANGUAGE, isLanguage, practiceLanguage, type Language } from '../../i18n/languages';
import { offeringWords } from '../offering-words';
import { PublicOfferingsService } from '../public-offerings.service';
import { moneyRange, offeringView } from '../offering-view';

/** The page's language and locale, as ClientLanguageMiddleware set them (the practice's default, or ?lang=). */
const pageLanguage = (res: Response): { language: Language; locale: string } => ({
  language: isLanguage(res.locals.lang) ? res.locals.lang : DEFAULT_LANGUAGE,
  locale: typeof res.locals.locale === 'string' ? res.locals.locale : 'en-US',
});

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
    sendPdf(req, res, await this.sheets.forPublic(practiceSlug, offeringSlug, pageLanguage(res).language), 'public');
  }

  @Public()
  @Get(':practiceSlug')
  @Render('public/practice')
  async practice(@Param('practiceSlug', SlugPipe) practiceSlug: string, @Res({ passthrough: true }) res: Response) {
    const { language, locale } = pageLanguage(res);
    const words = offeringWords(language);
    const { practice, practitioners, offerings } = await this.publicOfferings.practice(practiceSlug, language);
    return {
      title: practice.name,
      practice,
      practitioners,
      offerings: offerings.map((o) => ({
        slug: o.slug,
        title: o.content.title,
        modality: words.modality(o.content.modality),
        summary: o.content.summary,
        providers: o.providers.map((p) => p.profile?.displayName ?? p.name).join(', '),
        trial: { ...o.projections.windows[0], label: words.trialWindow(o.content.trialPeriod) },
        trialCost: moneyRange(o.projections.windows[0].cost, o.content.fees.currency, locale),
      })),
    };
  }

  @Public()
  @Get(':practiceSlug/:offeringSlug')
  @Render('public/offering')
  async offering(
    @Param('practiceSlug', SlugPipe) practiceSlug: string,
    @Param('offeringSlug', SlugPipe) offeringSlug: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { language, locale } = pageLanguage(res);
    const o = await this.publicOfferings.offering(practiceSlug, offeringSlug, language);
    return {
      title: `${o.content.title} · ${o.practice.name}`,
      practice: o.practice,
      slug: o.slug,
      providers: o.providers,
      version: o.version,
      publishedAt: o.publishedAt,
      view: offeringView(o.content, o.projections, language, locale),
      // The sheet comes in the page's language: named when it is not the practice's default.
      pdfLanguage: language === practiceLanguage(o.practice.locale) ? null : language,
    };
  }
}
