import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ClientLanguageMiddleware } from './client-language.middleware';
import { LanguageController } from './language.controller';

/** Client-facing languages: message catalogs (catalog.ts), the page's language, the client's choice. */
@Module({ controllers: [LanguageController], providers: [ClientLanguageMiddleware] })
export class I18nModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(ClientLanguageMiddleware).forRoutes('*');
  }
}
