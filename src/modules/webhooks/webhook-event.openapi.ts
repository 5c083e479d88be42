import { openApiSchema } from '../../common/contract/openapi-schema';
import { eventBodySchema, WEBHOOK_EVENT_TYPES } from './webhook-event.schema';

const header = (name: string, description: string, example: string) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
  example,
});

/**
 * The OpenAPI 3.1 `webhooks` map: one entry per event type, its body
 * generated from the same zod schema the outbox validates events with.
 */
export function webhookOpenApi(): Record<string, unknown> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => {
      const body = eventBodySchema(type);
      return [
        type,
        {
          post: {
            operationId: `webhook_${type.replace(/\./g, '_')}`,
            summary: body.meta()?.description ?? type,
            description:
              'Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its ' +
              'upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the ' +
              'webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with ' +
              '`verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries ' +
              'and replays repeat it).',
            tags: ['webhooks'],
            security: [],
            parameters: [
              header(
                'webhook-id',
                'the event’s id: the same on every retry and replay',
                '3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76',
              ),
              header('webhook-timestamp', 'when this attempt was signed, Unix seconds', '1764511392'),
              header(
                'webhook-signature',
                'space-separated `v1,<base64 HMAC-SHA256>` signatures',
                'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
              ),
            ],
            requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(body, 'output') } } },
            responses: {
              '200': {
                description:
                  'any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff',
              },
            },
          },
        },
      ];
    }),
  );
}
