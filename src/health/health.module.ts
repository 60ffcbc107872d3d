import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PdfModule } from '../pdf/pdf.module';
import { HealthController } from './health.controller';
import { Lifecycle } from './lifecycle';

@Module({ imports: [TerminusModule, PdfModule], controllers: [HealthController], providers: [Lifecycle], exports: [Lifecycle] })
export class HealthModule {}
