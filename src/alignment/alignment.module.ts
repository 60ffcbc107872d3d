import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { IntakeModule } from '../intake/intake.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { AlignmentService } from './alignment.service';
import { AlignmentApiController } from './controllers/alignment.api.controller';
import { AlignmentPagesController } from './controllers/alignment.pages.controller';
import { ReflectionsApiController } from './controllers/reflections.api.controller';
import { ReflectionsPagesController } from './controllers/reflections.pages.controller';
import { ReflectionsService } from './reflections.service';
import { AlignmentRepository } from './repositories/alignment.repository';
import { ReflectionsRepository } from './repositories/reflections.repository';

/** Being heard (reflections) and the expectations check: what comes between intake and an agreement. */
@Module({
  imports: [AccountsModule, IntakeModule, OfferingsModule],
  controllers: [ReflectionsPagesController, AlignmentPagesController, ReflectionsApiController, AlignmentApiController],
  providers: [ReflectionsRepository, AlignmentRepository, ReflectionsService, AlignmentService],
  exports: [ReflectionsService, AlignmentService, ReflectionsRepository],
})
export class AlignmentModule {}
