import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { DashboardController } from './dashboard.controller';

@Module({ imports: [IntakeModule], controllers: [DashboardController] })
export class DashboardModule {}
