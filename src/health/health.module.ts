import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrowserModule } from '../browser/browser.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, BrowserModule], controllers: [HealthController] })
export class HealthModule {}
