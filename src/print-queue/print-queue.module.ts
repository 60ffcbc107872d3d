import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { IntakeModule } from '../intake/intake.module';
import { PrintQueueController } from './print-queue.controller';
import { PrintQueueRepository } from './print-queue.repository';
import { PrintQueueService } from './print-queue.service';

/** The front desk's print queue: several documents, one merged PDF, each marked printed. */
@Module({
  imports: [AgreementsModule, IntakeModule],
  controllers: [PrintQueueController],
  providers: [PrintQueueRepository, PrintQueueService],
})
export class PrintQueueModule {}
