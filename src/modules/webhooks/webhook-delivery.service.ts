import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../common/contract/cursor';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { auditRequestIn } from '../../common/request-audit';
import type { Principal } from '../../common/access/permissions';
import { PgNotifications } from '../../database/pg-notifications';
import { WEBHOOK_CHANNEL } from './webhook-events.service';
import type { ListDeliveriesSchema } from './webhooks.contract';
import { WebhookRepository, type DeliveryRow } from './webhook.repository';

const ListCursor = z.strictObject({ at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), id: z.uuid() });

/** The tenant's delivery log and replays. */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    private readonly deliveries: WebhookRepository,
    private readonly notifications: PgNotifications,
    private readonly ds: DataSource,
  ) {}

  async list(p: Principal, q: z.infer<typeof ListDeliveriesSchema>) {
    const after = q.cursor ? decodeCursor(ListCursor, q.cursor) : undefined;
    const rows = await this.deliveries.list(p.tenantId, { ...q, after });
    const last = rows.at(-1);
    return {
      items: rows.map(view),
      nextCursor: rows.length === q.limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
    };
  }

  /** Sends the delivery again with the same `webhook-id` and a fresh round of attempts. */
  async replay(p: Principal, id: string) {
    const found = isUuid(id) ? await this.deliveries.find(id, p.tenantId) : null;
    if (!found) throw new AppException('WEBHOOK_DELIVERY_NOT_FOUND', 'Webhook delivery not found');
    const queued = await this.ds.transaction(async (m) => {
      const row = await this.deliveries.requeue(id, p.tenantId, m);
      if (row) await auditRequestIn(m);
      return row;
    });
    if (!queued) {
      // Pruned meanwhile (housekeeping.prune): gone, not busy.
      if (!(await this.deliveries.find(id, p.tenantId)))
        throw new AppException('WEBHOOK_DELIVERY_NOT_FOUND', 'Webhook delivery not found');
      throw new AppException('WEBHOOK_DELIVERY_IN_PROGRESS', 'The delivery is being sent right now; replay it after');
    }
    await this.notifications.notify(WEBHOOK_CHANNEL, '');
    return view(queued);
  }
}

function view(d: DeliveryRow) {
  const url = new URL(d.url);
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    recordingId: d.recordingId,
    endpoint: d.endpoint,
    // A query string may carry the receiver's own token: the log shows where, not with what.
    url: `${url.origin}${url.pathname}`,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
