import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JsonLogger } from '../common/logger';
import { Database } from './database';
import { Transactions } from './transaction';

@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [APP_CONFIG, JsonLogger],
      useFactory: (config: AppConfig, logger: JsonLogger) => Database.open(config, logger),
    },
    { provide: DataSource, inject: [Database], useFactory: (db: Database) => db.dataSource },
    Transactions,
  ],
  exports: [DataSource, Transactions],
})
export class DatabaseModule {}
