import { SlugPipe } from '../../common/http/slug.pipe';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../accounts/access.decorators';
import { PublicOfferingsService } from '../public-offerings.service';

/** Published offerings for anyone: the same data as the public pages, with projections. */
@ApiTags('public')
@Controller('api/v1/public/practices/:practiceSlug/offerings')
export class PublicOfferingsApiController {
  constructor(private readonly publicOfferings: PublicOfferingsService) {}

  @Public()
  @Get()
  async list(@Param('practiceSlug', SlugPipe) practiceSlug: string) {
    const { practice, practitioners, offerings } = await this.publicOfferings.practice(practiceSlug);
    return { practice, practitioners, offerings: offerings.map(({ practice: _p, ...o }) => o) };
  }

  @Public()
  @Get(':offeringSlug')
  offering(@Param('practiceSlug', SlugPipe) practiceSlug: string, @Param('offeringSlug', SlugPipe) offeringSlug: string) {
    return this.publicOfferings.offering(practiceSlug, offeringSlug);
  }
}
