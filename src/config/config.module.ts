import { DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from '../common/logger';
import { APP_CONFIG, AppConfig } from './app-config';

/** Makes the validated config and the JSON logger injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
      ],
      exports: [APP_CONFIG, JsonLogger],
    };
  }
}
