import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AlignmentModule } from '../alignment/alignment.module';
import { IntakeModule } from '../intake/intake.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { PdfModule } from '../pdf/pdf.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { AgreementDocumentsService } from './agreement-documents.service';
import { AgreementsService } from './agreements.service';
import { ClientAgreementsService } from './client-agreements.service';
import { AgreementsApiController } from './controllers/agreements.api.controller';
import { AgreementsPagesController } from './controllers/agreements.pages.controller';
import { ClientAgreementsPagesController } from './controllers/client-agreements.pages.controller';
import { SigningScreenController } from './controllers/signing-screen.controller';
import { VerifyController } from './controllers/verify.controller';
import { InOfficeSigningService } from './in-office-signing.service';
import { AgreementsRepository } from './repositories/agreements.repository';
import { VerificationService } from './verification.service';

/** Care agreements: drafting, proposal, signatures, the sealed PDF and public verification. */
@Module({
  imports: [AccountsModule, IntakeModule, AlignmentModule, OfferingsModule, ProfilesModule, PdfModule],
  controllers: [
    AgreementsPagesController,
    ClientAgreementsPagesController,
    SigningScreenController,
    VerifyController,
    AgreementsApiController,
  ],
  providers: [
    AgreementsRepository,
    AgreementsService,
    ClientAgreementsService,
    AgreementDocumentsService,
    VerificationService,
    InOfficeSigningService,
  ],
  exports: [AgreementDocumentsService, AgreementsService, AgreementsRepository],
})
export class AgreementsModule {}
