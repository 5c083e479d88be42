import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import type { Agent } from 'undici';
import { egressAgent, egressFetch } from '../../common/egress/egress-policy';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { TenantWebhookService } from '../tenants/tenant-webhook.service';

export interface OutgoingEvent {
  /** The event id: the `webhook-id` of every attempt and replay, for the receiver's de-duplication. */
  eventId: string;
  eventType: string;
  eventCreatedAt: Date;
  payload: Record<string, unknown>;
  tenantId: string;
  url: string;
}

/**
 * One signed POST per the Standard Webhooks specification: body
 * `{ type, timestamp, data }`, headers `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256>`, signed by the
 * `standardwebhooks` library with the tenant's secret, unwrapped by KMS for
 * this request only). The URL is checked against the egress policy again and
 * every connection re-checked (DNS rebinding); redirects are not followed.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(
    private readonly secrets: TenantWebhookService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.agent = egressAgent(config.webhook);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /** The endpoint's HTTP status; rejects on a refused URL, a network error or the timeout (WEBHOOK_TIMEOUT). */
  async send(e: OutgoingEvent, at: Date): Promise<number> {
    const body = JSON.stringify({ type: e.eventType, timestamp: e.eventCreatedAt.toISOString(), data: e.payload });
    const signature = await this.sign(e.tenantId, e.eventId, at, body);
    const res = await egressFetch(
      e.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'call-recording-vault',
          'webhook-id': e.eventId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
      },
      this.config.webhook,
      this.agent,
    );
    await res.body?.cancel();
    return res.status;
  }

  private async sign(tenantId: string, id: string, at: Date, body: string): Promise<string> {
    const secret = await this.secrets.secret(tenantId);
    if (!secret) throw new Error('the tenant has no webhook secret (its webhook was removed)');
    // Node's base64 decoder also reads the base64url secrets issued before the Standard Webhooks form.
    const key = Buffer.from(secret.toString('latin1').replace(/^whsec_/, ''), 'base64');
    secret.fill(0);
    try {
      return new Webhook(key, { format: 'raw' }).sign(id, at, body);
    } finally {
      key.fill(0);
    }
  }
}
