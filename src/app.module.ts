import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { BodyParsingMiddleware } from './common/http/body-parsing.middleware';
import type { JsonLogger } from './common/logger';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { CryptoModule } from './crypto/crypto.module';
import { AgreementsModule } from './agreements/agreements.module';
import { PrintQueueModule } from './print-queue/print-queue.module';
import { ReviewsModule } from './reviews/reviews.module';
import { PartnershipModule } from './partnership/partnership.module';
import { PrivacyModule } from './privacy/privacy.module';
import { AlignmentModule } from './alignment/alignment.module';
import { AuditModule } from './audit/audit.module';
import { HealthModule } from './health/health.module';
import { I18nModule } from './i18n/i18n.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { IntakeModule } from './intake/intake.module';
import { OfferingsModule } from './offerings/offerings.module';
import { ProfilesModule } from './profiles/profiles.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        DatabaseModule,
        CryptoModule,
        JobsModule,
        WebhooksModule,
        AuditModule,
        MailModule,
        I18nModule,
        AccountsModule,
        ProfilesModule,
        OfferingsModule,
        IntakeModule,
        AlignmentModule,
        AgreementsModule,
        PrintQueueModule,
        ReviewsModule,
        PartnershipModule,
        PrivacyModule,
        DashboardModule,
        HealthModule,
      ],
      providers: [BodyParsingMiddleware],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(BodyParsingMiddleware).forRoutes('*');
  }
}
