import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { ClientsModule } from '../clients/clients.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { PdfModule } from '../pdf/pdf.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { IntakeSummaryService } from './intake-summary.service';
import { ClientIntakeService } from './client-intake.service';
import { ClientIntakeApiController } from './controllers/client-intake.api.controller';
import { ClientIntakePagesController } from './controllers/client-intake.pages.controller';
import { IntakeFormApiController } from './controllers/intake-form.api.controller';
import { IntakeFormPagesController } from './controllers/intake-form.pages.controller';
import { IntakesApiController } from './controllers/intakes.api.controller';
import { IntakesPagesController } from './controllers/intakes.pages.controller';
import { StartIntakeController } from './controllers/start-intake.controller';
import { IntakeExportService } from './intake-export.service';
import { IntakeTemplatesService } from './intake-templates.service';
import { IntakesService } from './intakes.service';
import { LinkGuesses, LinkGuessGuard } from './link-guesses';
import { IntakeSubmissionsRepository } from './repositories/intake-submissions.repository';
import { IntakeTemplatesRepository } from './repositories/intake-templates.repository';
import { IntakesRepository } from './repositories/intakes.repository';
import { AnswersCipher } from './sealed-answers';

@Module({
  imports: [AccountsModule, ClientsModule, OfferingsModule, ProfilesModule, PdfModule],
  controllers: [
    // The builder's fixed paths (/intake/form…) before the inbox's /intake/:id.
    IntakeFormPagesController,
    IntakesPagesController,
    ClientIntakePagesController,
    StartIntakeController,
    IntakeFormApiController,
    IntakesApiController,
    ClientIntakeApiController,
  ],
  providers: [
    AnswersCipher,
    IntakeTemplatesRepository,
    IntakesRepository,
    IntakeSubmissionsRepository,
    IntakeTemplatesService,
    IntakesService,
    ClientIntakeService,
    IntakeExportService,
    IntakeSummaryService,
    LinkGuesses,
    // Wrong client, invitation and signing-screen links, limited per address (see link-guesses.ts).
    { provide: APP_GUARD, useClass: LinkGuessGuard },
  ],
  exports: [
    IntakeTemplatesService,
    IntakesService,
    ClientIntakeService,
    IntakesRepository,
    IntakeSubmissionsRepository,
    IntakeSummaryService,
    IntakeExportService,
  ],
})
export class IntakeModule {}
