import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AgreementsModule } from '../agreements/agreements.module';
import { IntakeModule } from '../intake/intake.module';
import { ReviewsPagesController } from './reviews.pages.controller';
import { ReviewsService } from './reviews.service';

/** Ebb and flow: agreements reviewed at the end of the trial and at each phase change. */
@Module({
  imports: [AccountsModule, IntakeModule, AgreementsModule],
  controllers: [ReviewsPagesController],
  providers: [ReviewsService],
  exports: [ReviewsService],
})
export class ReviewsModule {}
