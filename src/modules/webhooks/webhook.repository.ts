import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
export type Endpoint = 'tenant' | 'callback';

export interface DeliveryRow {
  id: string;
  eventId: string;
  tenantId: string;
  endpoint: Endpoint;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  attemptBase: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  eventType: string;
  recordingId: string | null;
  /** `created_at` at full (microsecond) precision, for list cursors. */
  cursorAt: string;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery extends DeliveryRow {
  payload: Record<string, unknown>;
  eventCreatedAt: Date;
}

const DELIVERY_COLUMNS = `
  d.id, d.event_id AS "eventId", d.tenant_id AS "tenantId", d.endpoint, d.url, d.status, d.attempts,
  d.attempt_base AS "attemptBase", d.next_attempt_at AS "nextAttemptAt", d.last_status_code AS "lastStatusCode",
  d.last_error AS "lastError", d.created_at AS "createdAt", d.updated_at AS "updatedAt", e.type AS "eventType",
  e.recording_id AS "recordingId",
  to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

/**
 * The only code that reads or writes `webhook_events`, `webhook_deliveries`
 * and `webhook_attempts`. Raw SQL: the claim (SKIP LOCKED with a lease) and
 * the fenced outcome read better as SQL than through the query builder.
 */
@Injectable()
export class WebhookRepository {
  constructor(private readonly ds: DataSource) {}

  async insertEvent(
    m: EntityManager,
    e: { id: string; tenantId: string; type: string; recordingId: string | null; payload: object },
  ): Promise<void> {
    await m.query(
      `INSERT INTO webhook_events (id, tenant_id, type, recording_id, payload) VALUES ($1, $2, $3, $4, $5)`,
      [e.id, e.tenantId, e.type, e.recordingId, JSON.stringify(e.payload)],
    );
  }

  async insertDelivery(
    m: EntityManager,
    d: { id: string; eventId: string; tenantId: string; endpoint: Endpoint; url: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO webhook_deliveries (id, event_id, tenant_id, endpoint, url) VALUES ($1, $2, $3, $4, $5)`,
      [d.id, d.eventId, d.tenantId, d.endpoint, d.url],
    );
  }

  /**
   * Takes up to `limit` due deliveries for this worker: rows another worker is
   * claiming are skipped (SKIP LOCKED), rows another worker holds are leased
   * until `leaseMs` from now, and `attempts` counts this attempt.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.ds.query(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d
            SET lease_until = now() + make_interval(secs => $2::float / 1000), attempts = d.attempts + 1,
                updated_at = now()
           FROM due WHERE d.id = due.id
         RETURNING d.*
       )
       SELECT ${DELIVERY_COLUMNS}, e.payload, e.created_at AS "eventCreatedAt"
         FROM claimed d JOIN webhook_events e ON e.id = d.event_id`,
      [limit, leaseMs],
    );
  }

  /**
   * Records one attempt and, when this attempt still holds the delivery
   * (`attempts` unchanged since its claim), the delivery's new state. Whether it did.
   */
  async recordAttempt(
    id: string,
    attempt: number,
    a: {
      webhookTimestamp: number;
      startedAt: Date;
      durationMs: number;
      statusCode: number | null;
      error: string | null;
    },
    next: { status: DeliveryStatus; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, webhook_timestamp, started_at, duration_ms, status_code, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [id, attempt, a.webhookTimestamp, a.startedAt, a.durationMs, a.statusCode, a.error],
      );
      const [, affected] = await m.query<[unknown, number]>(
        `UPDATE webhook_deliveries
            SET status = $3, next_attempt_at = COALESCE($4, next_attempt_at), lease_until = NULL,
                last_status_code = $5, last_error = $6, updated_at = now()
          WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
        [id, attempt, next.status, next.nextAttemptAt, a.statusCode, a.error],
      );
      return affected > 0;
    });
  }

  /** Sends a delivery again (same event, same webhook-id) with a fresh round of attempts. */
  async requeue(id: string, tenantId: string, m?: EntityManager): Promise<DeliveryRow | null> {
    const [rows] = await (m ?? this.ds).query<[{ id: string }[], number]>(
      `UPDATE webhook_deliveries
          SET status = 'pending', next_attempt_at = now(), attempt_base = attempts, updated_at = now()
        WHERE id = $1 AND tenant_id = $2 AND (status <> 'pending' OR lease_until IS NULL OR lease_until < now())
        RETURNING id`,
      [id, tenantId],
    );
    return rows.length ? this.find(id, tenantId, m) : null;
  }

  /**
   * Deletes up to `limit` events that settled more than `days` ago — created before then, and every
   * delivery `succeeded` or `failed` (given up) with no change since — with their deliveries and
   * attempts, children first. Events are taken oldest first with SKIP LOCKED, so concurrent prunes
   * share the work. A replay can make a settled delivery pending again at any moment, so the
   * events' deliveries are locked and checked again before anything is deleted: a replay that
   * committed first keeps its event, one that comes after finds the delivery gone. `picked` is how
   * many events were taken (fewer than `limit`: nothing more to do).
   */
  async pruneSettled(
    days: number,
    limit: number,
  ): Promise<{ picked: number; events: number; deliveries: number; attempts: number }> {
    // Against `now()` of the transaction: the database's clock, the one that wrote the timestamps.
    const unsettled = `(d.status = 'pending' OR d.updated_at >= now() - make_interval(days => $2))`;
    return this.ds.transaction(async (m) => {
      const picked: { id: string }[] = await m.query(
        `SELECT e.id FROM webhook_events e
          WHERE e.created_at < now() - make_interval(days => $2)
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND ${unsettled})
          ORDER BY e.created_at
          LIMIT $1
          FOR UPDATE OF e SKIP LOCKED`,
        [limit, days],
      );
      const none = { picked: picked.length, events: 0, deliveries: 0, attempts: 0 };
      if (!picked.length) return none;
      // Every delivery of the picked events locked (a replay from now on waits for this transaction), then
      // checked again by a new statement, which sees whatever a replay committed before the locks.
      await m.query(`SELECT 1 FROM webhook_deliveries WHERE event_id = ANY($1::uuid[]) FOR UPDATE`, [
        picked.map((p) => p.id),
      ]);
      const settled: { id: string }[] = await m.query(
        `SELECT e.id FROM unnest($1::uuid[]) AS e(id)
          WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND ${unsettled})`,
        [picked.map((p) => p.id), days],
      );
      if (!settled.length) return none;
      const ids = settled.map((e) => e.id);
      // Children first, rather than through the foreign keys' cascade: each statement counts its own table.
      const [, attempts] = await m.query<[unknown, number]>(
        `DELETE FROM webhook_attempts a USING webhook_deliveries d WHERE a.delivery_id = d.id AND d.event_id = ANY($1::uuid[])`,
        [ids],
      );
      const [, deliveries] = await m.query<[unknown, number]>(
        `DELETE FROM webhook_deliveries WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      const [, events] = await m.query<[unknown, number]>(`DELETE FROM webhook_events WHERE id = ANY($1::uuid[])`, [
        ids,
      ]);
      return { picked: picked.length, events, deliveries, attempts };
    });
  }

  async find(id: string, tenantId: string, m?: EntityManager): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await (m ?? this.ds).query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.id = $1 AND d.tenant_id = $2`,
      [id, tenantId],
    );
    return rows[0] ?? null;
  }

  /** One page, newest first, in (created_at, id) order. */
  list(
    tenantId: string,
    f: { status?: DeliveryStatus; eventType?: string; limit: number; after?: { at: string; id: string } },
  ): Promise<DeliveryRow[]> {
    return this.ds.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.tenant_id = $1
          AND ($2::text IS NULL OR d.status = $2)
          AND ($3::text IS NULL OR e.type = $3)
          AND ($4::timestamptz IS NULL OR (d.created_at, d.id) < ($4::timestamptz, $5::uuid))
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $6`,
      [tenantId, f.status ?? null, f.eventType ?? null, f.after?.at ?? null, f.after?.id ?? null, f.limit],
    );
  }

  /** Every attempt of a delivery, oldest first. */
  attempts(
    deliveryId: string,
  ): Promise<
    { attempt: number; startedAt: Date; durationMs: number; statusCode: number | null; error: string | null }[]
  > {
    return this.ds.query(
      `SELECT attempt, started_at AS "startedAt", duration_ms AS "durationMs", status_code AS "statusCode", error
         FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
  }
}
