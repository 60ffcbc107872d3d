import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { ACCESS_TOKEN_SCHEME, ACCESS_TOKEN_SCHEME_DESCRIPTION, offerAccessTokens } from './accounts/tokens/openapi';
import { AppModule } from './app.module';
import { PROJECT_ROOT } from './project-root';
import { AppExceptionFilter } from './common/errors/exception.filter';
import { createValidationPipe } from './common/errors/validation';
import { requestContext } from './common/http/request-context';
import { securityHeaders } from './common/http/security-headers';
import { JsonLogger } from './common/logger';
import { FormContexts } from './common/views/form-contexts';
import { ClientIntakeService } from './intake/client-intake.service';
import { autosaveLane } from './intake/http/autosave-lane';
import { LinkGuesses } from './intake/link-guesses';
import { createHandlebarsEngine } from './common/views/handlebars-engine';
import type { AppConfig } from './config/app-config';

/** Builds the whole app: used by main.ts and by the end-to-end tests, so both run the same thing. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const logger = new JsonLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.use(securityHeaders());
  app.use(cookieParser());
  app.use(autosaveLane(app.get(ClientIntakeService), app.get(LinkGuesses), config.bodyLimit, logger));
  // Every response is no-store or carries its own ETag (PDFs): hashing each body would be wasted work.
  app.set('etag', false);
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/assets/', maxAge: config.env === 'production' ? '1d' : 0 });
  const viewsDir = join(PROJECT_ROOT, 'views');
  app.engine('hbs', createHandlebarsEngine(viewsDir, config.env !== 'development'));
  app.setBaseViewsDir(viewsDir);
  app.setViewEngine('hbs');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter(logger, app.get(FormContexts)));

  const openApi = new DocumentBuilder()
    .setTitle('Ayni API')
    .setDescription(
      'JSON API for practices. Sign in with POST /api/v1/auth/login (a session cookie is set), then send the ' +
        'returned csrfToken as the X-CSRF-Token header on every POST. Integrations instead send a personal access token, ' +
        '`Authorization: Bearer ayni_pat_…` (no cookie, no CSRF token). Errors: { statusCode, code, message, fields?, correlationId }.',
    )
    .setVersion('1')
    .addCookieAuth('ayni_session')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'ayni_pat_…', description: ACCESS_TOKEN_SCHEME_DESCRIPTION },
      ACCESS_TOKEN_SCHEME,
    )
    .build();
  SwaggerModule.setup('api/docs', app, () => offerAccessTokens(SwaggerModule.createDocument(app, openApi)));
  return app;
}
