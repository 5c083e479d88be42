import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidQuery } from '../../common/contract/contract.decorators';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { ListDeliveriesSchema, WebhookDelivery, WebhookDeliveryPage } from './webhooks.contract';

@ApiTags('webhooks')
@Controller('v1/webhooks/deliveries')
export class WebhookDeliveryController {
  constructor(private readonly deliveries: WebhookDeliveryService) {}

  @Get()
  @RequirePermission('webhook.manage', 'The tenant’s webhook deliveries, newest first: status, attempts, last answer', [
    'VALIDATION_FAILED',
  ])
  @Returns(200, WebhookDeliveryPage, { description: 'one page of deliveries' })
  list(@CurrentPrincipal() p: Principal, @ValidQuery(ListDeliveriesSchema) q: z.infer<typeof ListDeliveriesSchema>) {
    return this.deliveries.list(p, q);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @RequirePermission(
    'webhook.manage',
    'Send a delivery again (same event, same webhook-id) with a fresh round of attempts; audited',
    ['WEBHOOK_DELIVERY_NOT_FOUND', 'WEBHOOK_DELIVERY_IN_PROGRESS'],
  )
  @Returns(202, WebhookDelivery, { description: 'the delivery, queued' })
  replay(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.deliveries.replay(p, id);
  }
}
