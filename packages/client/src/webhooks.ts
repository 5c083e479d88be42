import { Webhook } from 'standardwebhooks';
import type { WebhookEvent } from './index';

export type { WebhookEvent, WebhookEventType } from './index';

/**
 * Verifies a webhook delivery (Standard Webhooks: `webhook-id`,
 * `webhook-timestamp`, `webhook-signature`) against the raw body and the
 * secret shown when the webhook was set (`whsec_…`), and returns the parsed
 * event. Throws when the signature is wrong or the timestamp is more than five
 * minutes off. De-duplicate on `webhook-id`: retries and replays repeat it.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string | Uint8Array,
  headers: Record<string, string | string[] | undefined>,
): WebhookEvent {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  return new Webhook(secret).verify(body, flat) as WebhookEvent;
}
