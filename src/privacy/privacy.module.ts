import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AgreementsModule } from '../agreements/agreements.module';
import { AlignmentModule } from '../alignment/alignment.module';
import { IntakeModule } from '../intake/intake.module';
import { ClientExportService } from './client-export.service';
import { ClientErasureService } from './client-erasure.service';
import { ErasureApiController, ErasurePagesController } from './erasure.controllers';
import { PrivacyApiController, PrivacyPagesController } from './privacy.controllers';
import { RetentionSchedule } from './retention-schedule';

/** Privacy (issue #9 item 6): everything about one client as a zip; erasing a client; the retention period and its daily purge. */
@Module({
  imports: [AccountsModule, IntakeModule, AlignmentModule, AgreementsModule],
  controllers: [PrivacyPagesController, PrivacyApiController, ErasurePagesController, ErasureApiController],
  providers: [ClientExportService, ClientErasureService, RetentionSchedule],
})
export class PrivacyModule {}
