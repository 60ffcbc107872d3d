import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { IntakeModule } from '../intake/intake.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { PartnershipPagesController } from './partnership.pages.controller';
import { PartnershipService } from './partnership.service';

/** The partnership over months: a timeline of intake, being heard, agreements, phases and reviews. */
@Module({
  imports: [AccountsModule, IntakeModule, ReviewsModule],
  controllers: [PartnershipPagesController],
  providers: [PartnershipService],
})
export class PartnershipModule {}
