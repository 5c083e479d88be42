import { z } from 'zod';
import { CursorParam } from '../../common/contract/cursor';
import { Id, Timestamp } from '../../common/contract/shapes';
import { WebhookEventTypeSchema } from './webhook-event.schema';

/** What the delivery-log routes take and answer with; the OpenAPI document and the client are generated from these. */
export const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed']).meta({ id: 'WebhookDeliveryStatus' });

export const ListDeliveriesSchema = z
  .object({
    status: DeliveryStatus.optional(),
    eventType: WebhookEventTypeSchema.optional().describe('only deliveries of this event type'),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe('deliveries per page'),
    cursor: CursorParam.optional(),
  })
  .strict();

export const WebhookDelivery = z
  .object({
    id: Id,
    eventId: Id.describe('the event’s id, sent as `webhook-id` on every attempt and replay'),
    eventType: WebhookEventTypeSchema,
    recordingId: Id.nullable(),
    endpoint: z.enum(['tenant', 'callback']).describe('the tenant webhook, or the upload’s callbackUrl'),
    url: z.string().describe('scheme, host and path of the target (the query string is not shown)'),
    status: DeliveryStatus,
    attempts: z.int().describe('attempts so far, replays included'),
    nextAttemptAt: Timestamp.nullable().describe('when a pending delivery is tried next'),
    lastStatusCode: z.int().nullable(),
    lastError: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookDeliveryPage = z
  .object({
    items: z.array(WebhookDelivery),
    nextCursor: z
      .string()
      .nullable()
      .describe('pass as `cursor` (with the same filters) for the next page; null at the end'),
  })
  .meta({ id: 'WebhookDeliveryPage' });
