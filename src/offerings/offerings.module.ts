import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PdfModule } from '../pdf/pdf.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { OfferingSheetService } from './offering-sheet.service';
import { OfferingsApiController } from './controllers/offerings.api.controller';
import { OfferingsPagesController } from './controllers/offerings.pages.controller';
import { PublicOfferingsApiController } from './controllers/public-offerings.api.controller';
import { PublicPagesController } from './controllers/public-pages.controller';
import { OfferingsService } from './offerings.service';
import { PublicOfferingsService } from './public-offerings.service';
import { OfferingVersionsRepository } from './repositories/offering-versions.repository';
import { OfferingsRepository } from './repositories/offerings.repository';

@Module({
  imports: [AccountsModule, ProfilesModule, PdfModule],
  controllers: [OfferingsPagesController, OfferingsApiController, PublicPagesController, PublicOfferingsApiController],
  providers: [OfferingsRepository, OfferingVersionsRepository, OfferingsService, PublicOfferingsService, OfferingSheetService],
  exports: [OfferingsService, OfferingsRepository, OfferingVersionsRepository],
})
export class OfferingsModule {}
