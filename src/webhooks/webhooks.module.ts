import { Global, Module } from '@nestjs/common';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEvents } from './webhook-events.service';
import { WebhooksApiController } from './webhooks.api.controller';
import { WebhooksPagesController } from './webhooks.pages.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Webhooks: the owner's endpoints (pages and API), the delivery job, and WebhookEvents, through
 * which features announce events inside their own transactions. Global, like the audit trail, so
 * a feature emits without importing this module (and without import cycles).
 */
@Global()
@Module({
  controllers: [WebhooksPagesController, WebhooksApiController],
  providers: [WebhookEndpointsRepository, WebhookDeliveriesRepository, WebhookEvents, WebhookDeliveryService, WebhooksService],
  exports: [WebhookEvents],
})
export class WebhooksModule {}
