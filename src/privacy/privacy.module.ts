import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AgreementsModule } from '../agreements/agreements.module';
import { AlignmentModule } from '../alignment/alignment.module';
import { IntakeModule } from '../intake/intake.module';
import { ClientExportService } from './client-export.service';
import { PrivacyApiController, PrivacyPagesController } from './privacy.controllers';

/** Privacy: everything about one client, exported as a zip (issue #9 item 6). */
@Module({
  imports: [AccountsModule, IntakeModule, AlignmentModule, AgreementsModule],
  controllers: [PrivacyPagesController, PrivacyApiController],
  providers: [ClientExportService],
})
export class PrivacyModule {}
