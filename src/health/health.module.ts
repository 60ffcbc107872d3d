import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PdfModule } from '../pdf/pdf.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, PdfModule], controllers: [HealthController] })
export class HealthModule {}
