import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PgNotifications } from '../../database/pg-notifications';
import { RecordingRepository } from '../recordings/recording.repository';
import { TenantWebhookService } from '../tenants/tenant-webhook.service';
import { WEBHOOK_EVENTS, type WebhookEventData, type WebhookEventType } from './webhook-event.schema';
import { WebhookRepository } from './webhook.repository';

export const WEBHOOK_CHANNEL = 'vault_webhooks';

/**
 * The outbox's write side. `record` runs inside the transaction of the change
 * it reports (pass that transaction's manager): the event and its deliveries
 * commit with the change or not at all, so a crash can neither lose an event
 * nor report a change that never happened. Endpoints are fixed now: the
 * tenant's webhook as configured at this moment, and for a recording's events
 * the upload's `callbackUrl`.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly events: WebhookRepository,
    private readonly tenants: TenantWebhookService,
    private readonly recordings: RecordingRepository,
    private readonly notifications: PgNotifications,
  ) {}

  /** Records an event for its endpoints; its id, or null when nobody is to hear of it (no endpoint). */
  async record<T extends WebhookEventType>(
    m: EntityManager,
    tenantId: string,
    type: T,
    data: WebhookEventData<T>,
  ): Promise<string | null> {
    // Checked here, not at delivery: an event that does not match its schema is a bug, and must fail the change.
    const payload = WEBHOOK_EVENTS[type].data.parse(data) as Record<string, unknown>;
    const recordingId = typeof payload.recordingId === 'string' ? payload.recordingId : null;
    const targets: { endpoint: 'tenant' | 'callback'; url: string }[] = [];
    const url = await this.tenants.url(tenantId, m);
    if (url) targets.push({ endpoint: 'tenant', url });
    if (recordingId) {
      const callbackUrl = (await this.recordings.findById(recordingId, m))?.metadata?.callbackUrl;
      if (callbackUrl) targets.push({ endpoint: 'callback', url: callbackUrl });
    }
    if (!targets.length) return null;
    const id = randomUUID();
    await this.events.insertEvent(m, { id, tenantId, type, recordingId, payload });
    for (const t of targets) await this.events.insertDelivery(m, { id: randomUUID(), eventId: id, tenantId, ...t });
    // Delivered when the transaction commits, never if it rolls back: the workers start at once.
    await this.notifications.notify(WEBHOOK_CHANNEL, '', m);
    return id;
  }

  /** One batch of the outbox's prune: events settled more than `days` ago (WebhookRepository.pruneSettled). */
  pruneSettled(days: number, limit: number) {
    return this.events.pruneSettled(days, limit);
  }
}
