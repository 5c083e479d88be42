import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuthFailureRepository } from '../src/modules/auth/auth-failure.repository';
import { PruneSweep } from '../src/modules/housekeeping/prune.sweep';
import { Metrics } from '../src/modules/metrics/metrics';
import { WebhookEvents } from '../src/modules/webhooks/webhook-events.service';
import { WebhookRepository, type DeliveryStatus } from '../src/modules/webhooks/webhook.repository';
import { startTestApp, type TestApp } from './support/app';

/**
 * The scheduled prune of operational tables, on real PostgreSQL: the webhook outbox keeps every
 * event with a delivery still to send and everything settled within WEBHOOK_EVENT_RETENTION_DAYS;
 * auth failure counters go one window after the throttle stopped reading them. The worker is off,
 * so nothing but the test touches the rows.
 */
describe('housekeeping prune', () => {
  let t: TestApp;
  let ds: DataSource;
  let tenantId: string;
  let sweep: PruneSweep;
  let deliveries: WebhookRepository;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({
      WORKER_ENABLED: 'false',
      WEBHOOK_ALLOWED_HOSTS: 'localhost',
      WEBHOOK_PLAIN_HTTP_HOSTS: 'localhost',
      WEBHOOK_EVENT_RETENTION_DAYS: '30',
      AUTH_FAILURE_WINDOW: '1m',
    });
    ds = t.runtime.dataSource;
    tenantId = (await t.tenant('acme')).id;
    admin = (await t.apiKey('acme', 'admin')).key;
    await t
      .http()
      .put('/v1/tenants/current/webhook')
      .set('Authorization', `Bearer ${admin}`)
      .send({ url: 'http://localhost:9/hooks' })
      .expect(200);
    sweep = t.app.get(PruneSweep);
    deliveries = t.app.get(WebhookRepository);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await ds.query(`DELETE FROM webhook_events`);
    await ds.query(`DELETE FROM auth_failures`);
  });

  /** An event through the outbox's own write path: one delivery, to the tenant's webhook. */
  async function event(): Promise<{ eventId: string; deliveryId: string }> {
    const eventId = await ds.transaction((m) =>
      t.app.get(WebhookEvents).record(m, tenantId, 'job.completed', {
        jobId: randomUUID(),
        kind: 'import',
        status: 'succeeded',
        total: 1,
        done: 1,
        failed: 0,
      }),
    );
    if (!eventId) throw new Error('no event recorded');
    const [d] = await ds.query<{ id: string }[]>(`SELECT id FROM webhook_deliveries WHERE event_id = $1`, [eventId]);
    return { eventId, deliveryId: d.id };
  }

  /** One attempt as the delivery worker books it: claimed (attempts + 1), then its outcome recorded. */
  async function attempt(deliveryId: string, outcome: DeliveryStatus): Promise<void> {
    const [[{ attempts }]] = await ds.query<[{ attempts: number }[], number]>(
      `UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
      [deliveryId],
    );
    const ok = outcome === 'succeeded';
    const recorded = await deliveries.recordAttempt(
      deliveryId,
      attempts,
      {
        webhookTimestamp: Math.floor(Date.now() / 1000),
        startedAt: new Date(),
        durationMs: 5,
        statusCode: ok ? 204 : 503,
        error: ok ? null : 'the endpoint answered 503',
      },
      { status: outcome, nextAttemptAt: outcome === 'pending' ? new Date(Date.now() + 3_600_000) : null },
    );
    expect(recorded).toBe(true);
  }

  /** Moves an event and its deliveries into the past: created `days` ago, last changed `settledDays` ago. */
  async function age(eventId: string, days: number, settledDays = days): Promise<void> {
    await ds.query(`UPDATE webhook_events SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [
      eventId,
      days,
    ]);
    await ds.query(
      `UPDATE webhook_deliveries SET created_at = now() - make_interval(days => $2),
              updated_at = now() - make_interval(days => $3) WHERE event_id = $1`,
      [eventId, days, settledDays],
    );
  }

  /** An event in one of the states a delivery can be in, `days` old. */
  async function seed(state: 'delivered' | 'given-up' | 'pending' | 'retrying', days: number, settledDays = days) {
    const e = await event();
    if (state === 'delivered') await attempt(e.deliveryId, 'succeeded');
    if (state === 'given-up')
      for (const outcome of ['pending', 'pending', 'failed'] as const) await attempt(e.deliveryId, outcome);
    if (state === 'retrying') await attempt(e.deliveryId, 'pending');
    await age(e.eventId, days, settledDays);
    return e;
  }

  /** Settled, old events in bulk: one delivery and one attempt each. */
  async function bulkSettled(n: number): Promise<void> {
    await ds.query(
      `WITH e AS (
         INSERT INTO webhook_events (id, tenant_id, type, payload, created_at)
         SELECT gen_random_uuid(), $1, 'job.completed', '{}', now() - interval '40 days' FROM generate_series(1, $2)
         RETURNING id
       ), d AS (
         INSERT INTO webhook_deliveries (id, event_id, tenant_id, endpoint, url, status, attempts, created_at, updated_at)
         SELECT gen_random_uuid(), e.id, $1, 'tenant', 'http://localhost:9/hooks', 'succeeded', 1,
                now() - interval '40 days', now() - interval '40 days' FROM e
         RETURNING id
       )
       INSERT INTO webhook_attempts (delivery_id, attempt, webhook_timestamp, started_at, duration_ms, status_code)
       SELECT id, 1, 0, now() - interval '40 days', 5, 204 FROM d`,
      [tenantId, n],
    );
  }

  const count = async (table: string): Promise<number> =>
    (await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const eventIds = async (): Promise<string[]> =>
    (await ds.query<{ id: string }[]>(`SELECT id FROM webhook_events ORDER BY id`)).map((r) => r.id);

  it('deletes exactly the events settled longer ago than the retention; pending and retrying ones stay at any age', async () => {
    const deliveredOld = await seed('delivered', 40);
    const givenUpOld = await seed('given-up', 40);
    const pendingOld = await seed('pending', 400);
    const retryingOld = await seed('retrying', 40);
    const deliveredRecent = await seed('delivered', 2);
    // Created long ago, but replayed and delivered yesterday: the log shows it for another retention period.
    const replayedRecently = await seed('delivered', 40, 1);
    // Two endpoints, one delivered long ago and one still retrying: the event and both deliveries stay.
    const mixed = await seed('delivered', 40);
    const second = randomUUID();
    await ds.transaction((m) =>
      deliveries.insertDelivery(m, {
        id: second,
        eventId: mixed.eventId,
        tenantId,
        endpoint: 'callback',
        url: 'http://localhost:9/callback',
      }),
    );
    await attempt(second, 'pending');
    await age(mixed.eventId, 40);

    // Auth failure counters: window ended 10 min ago (gone), 30 s ago (within the margin), still open.
    const counters = t.app.get(AuthFailureRepository);
    await counters.increment(['addr:192.0.2.1', 'addr:192.0.2.2', 'addr:192.0.2.3'], 60_000);
    await ds.query(`UPDATE auth_failures SET reset_at = now() - interval '10 minutes' WHERE key = 'addr:192.0.2.1'`);
    await ds.query(`UPDATE auth_failures SET reset_at = now() - interval '30 seconds' WHERE key = 'addr:192.0.2.2'`);

    const attemptsBefore = await count('webhook_attempts');
    const out = await sweep.run();
    expect(out).toEqual({ webhookEvents: 2, webhookDeliveries: 2, webhookAttempts: 4, authFailures: 1 });
    expect(await eventIds()).toEqual(
      [pendingOld, retryingOld, deliveredRecent, replayedRecently, mixed].map((e) => e.eventId).sort(),
    );
    for (const gone of [deliveredOld, givenUpOld]) {
      expect(await ds.query(`SELECT 1 FROM webhook_deliveries WHERE id = $1`, [gone.deliveryId])).toEqual([]);
      expect(await ds.query(`SELECT 1 FROM webhook_attempts WHERE delivery_id = $1`, [gone.deliveryId])).toEqual([]);
    }
    expect(await count('webhook_deliveries')).toBe(6);
    expect(await count('webhook_attempts')).toBe(attemptsBefore - 4);
    expect((await ds.query<{ key: string }[]>(`SELECT key FROM auth_failures ORDER BY key`)).map((r) => r.key)).toEqual(
      ['addr:192.0.2.2', 'addr:192.0.2.3'],
    );

    const scraped = await t.app.get(Metrics).scrape();
    expect(scraped).toMatch(/^vault_pruned_rows_total\{table="webhook_events"\} 2$/m);
    expect(scraped).toMatch(/^vault_pruned_rows_total\{table="webhook_attempts"\} 4$/m);
    expect(scraped).toMatch(/^vault_pruned_rows_total\{table="auth_failures"\} 1$/m);

    // Idempotent: nothing more to do.
    expect(await sweep.run()).toEqual({ webhookEvents: 0, webhookDeliveries: 0, webhookAttempts: 0, authFailures: 0 });
  });

  it('works through more rows than one batch', async () => {
    await bulkSettled(2500);
    await ds.query(
      `INSERT INTO auth_failures (key, count, reset_at)
       SELECT 'addr:198.51.' || i, 3, now() - interval '1 hour' FROM generate_series(1, 2500) AS i`,
    );
    const recent = await seed('delivered', 1);
    const out = await sweep.run();
    expect(out).toEqual({ webhookEvents: 2500, webhookDeliveries: 2500, webhookAttempts: 2500, authFailures: 2500 });
    expect(await eventIds()).toEqual([recent.eventId]);
    expect(await count('auth_failures')).toBe(0);
  });

  it('runs twice at once without an error and ends in the same state (small batches, so they interleave)', async () => {
    await bulkSettled(300);
    const kept = [
      ...(await Promise.all(Array.from({ length: 10 }, () => seed('pending', 60)))),
      ...(await Promise.all(Array.from({ length: 10 }, () => seed('retrying', 60)))),
      ...(await Promise.all(Array.from({ length: 10 }, () => seed('given-up', 3)))),
    ];
    await ds.query(
      `INSERT INTO auth_failures (key, count, reset_at)
       SELECT 'addr:203.0.' || i, 1, now() - interval '1 hour' FROM generate_series(1, 500) AS i`,
    );
    const [a, b] = await Promise.all([sweep.run(7), sweep.run(7)]);
    expect(a.webhookEvents + b.webhookEvents).toBe(300);
    expect(a.webhookAttempts + b.webhookAttempts).toBe(300);
    expect(a.authFailures + b.authFailures).toBe(500);
    expect(await eventIds()).toEqual(kept.map((e) => e.eventId).sort());
    expect(await count('auth_failures')).toBe(0);
  });

  it('loses no replay: a delivery replayed while the prune runs is either kept pending or was already gone', async () => {
    const old = await Promise.all(Array.from({ length: 40 }, () => seed('given-up', 40)));
    const requeued = new Map<string, boolean>();
    await Promise.all([
      sweep.run(3),
      ...old.map(async (e, i) => {
        await new Promise((r) => setTimeout(r, i));
        requeued.set(e.deliveryId, (await deliveries.requeue(e.deliveryId, tenantId)) !== null);
      }),
    ]);
    for (const e of old) {
      const rows = await ds.query<{ status: string }[]>(
        `SELECT d.status FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1`,
        [e.deliveryId],
      );
      // Replayed (202 to the caller): still there, to be sent. Not replayed: pruned.
      expect(rows).toEqual(requeued.get(e.deliveryId) ? [{ status: 'pending' }] : []);
    }
    // The replays are pending now, so a later prune leaves them alone too.
    await sweep.run();
    expect(await count('webhook_events')).toBe([...requeued.values()].filter(Boolean).length);
  });

  it('answers a replay of a delivery pruned under it with 404, not 409 "being sent"', async () => {
    const e = await seed('given-up', 40);
    // What the prune does to it, held open: the delivery locked and deleted, not yet committed.
    const prune = ds.createQueryRunner();
    await prune.connect();
    try {
      await prune.startTransaction();
      await prune.query(`DELETE FROM webhook_deliveries WHERE id = $1`, [e.deliveryId]);
      const replay = t
        .http()
        .post(`/v1/webhooks/deliveries/${e.deliveryId}/replay`)
        .set('Authorization', `Bearer ${admin}`)
        .then((r) => r);
      // The replay found the delivery and now waits for its row lock.
      for (let i = 0; ; i++) {
        const [{ n }] = await ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE webhook_deliveries%'`,
        );
        if (n > 0) break;
        if (i > 200) throw new Error('the replay never waited for the prune');
        await new Promise((r) => setTimeout(r, 25));
      }
      await prune.commitTransaction();
      const res = await replay;
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    } finally {
      await prune.release();
    }
  });
});
