import { Module } from '@nestjs/common';
import { ClientsRepository } from './clients.repository';

/** The people a practice works with. Intake creates them; agreements will refer to them. */
@Module({ providers: [ClientsRepository], exports: [ClientsRepository] })
export class ClientsModule {}
