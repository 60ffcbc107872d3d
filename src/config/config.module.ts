import { DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from '../common/logger';
import { FormContexts } from '../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from './app-config';

/** Makes the validated config, the JSON logger and the form-context registry injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: JsonLogger, useValue: logger }, FormContexts],
      exports: [APP_CONFIG, JsonLogger, FormContexts],
    };
  }
}
