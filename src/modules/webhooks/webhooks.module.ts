import { Module } from '@nestjs/common';
import { RecordingsModule } from '../recordings/recordings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { WebhookDeliveryController } from './webhook-delivery.controller';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookEvents } from './webhook-events.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookSender } from './webhook.sender';

/**
 * Owns `webhook_events`, `webhook_deliveries` and `webhook_attempts`: the
 * outbox other modules write to in their own transactions (`WebhookEvents`),
 * the worker that delivers it, and the delivery log with replay.
 */
@Module({
  imports: [TenantsModule, RecordingsModule],
  controllers: [WebhookDeliveryController],
  providers: [WebhookRepository, WebhookEvents, WebhookSender, WebhookDeliveryWorker, WebhookDeliveryService],
  exports: [WebhookEvents],
})
export class WebhooksModule {}
