import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { PgNotifications } from '../src/database/pg-notifications';
import { RetentionSweep } from '../src/modules/legal/retention.sweep';
import { Metrics } from '../src/modules/metrics/metrics';
import { WebhookDeliveryWorker } from '../src/modules/webhooks/webhook-delivery.worker';
import { WebhookEvents } from '../src/modules/webhooks/webhook-events.service';
import { WebhookRepository } from '../src/modules/webhooks/webhook.repository';
import { WebhookSender } from '../src/modules/webhooks/webhook.sender';
import { freePort, startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';
import { makeCall } from './fixtures/call';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  event: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * Standard Webhooks end to end: a real HTTP receiver (reached as `localhost`, the one host the
 * test's egress policy allows), real PostgreSQL, the pipeline and the delivery worker of the app.
 */
describe('webhooks', () => {
  let t: TestApp;
  let admin: string;
  let ingest: string;
  let legal: string;
  let secret: string;
  let server: http.Server;
  let base: string;
  const received: Received[] = [];
  /** Answers per path: a queue of statuses, then 204. */
  const script = new Map<string, number[]>();
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '';
        received.push({ path, headers: req.headers, body, event: JSON.parse(body) as Received['event'] });
        const queue = script.get(path.split('?')[0]) ?? [];
        res.writeHead(queue.shift() ?? 204).end();
      });
    });
    // Every address (IPv4 and IPv6): `localhost` may resolve to either.
    await new Promise<void>((r) => server.listen(0, () => r()));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    t = await startTestApp({
      WEBHOOK_ALLOWED_HOSTS: 'localhost',
      WEBHOOK_PLAIN_HTTP_HOSTS: 'localhost',
      WEBHOOK_BACKOFF: '200ms',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_TIMEOUT: '2s',
      WORKER_POLL_INTERVAL: '500ms',
      AUTH_FAILURE_LIMIT: '100000',
    });
    await t.tenant('acme');
    admin = (await t.apiKey('acme', 'admin')).key;
    ingest = (await t.apiKey('acme', 'ingest')).key;
    legal = await t.token('acme', 'legal');
    secret = await setWebhook('/hooks');
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  async function setWebhook(path: string, url = `${base}${path}`): Promise<string> {
    const res = await t.http().put('/v1/tenants/current/webhook').set(bearer(admin)).send({ url }).expect(200);
    return res.body.secret as string;
  }

  async function waitFor<T>(what: string, get: () => T | undefined | Promise<T | undefined>, ms = 30_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await get();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const verify = (r: Received, key = secret) =>
    new Webhook(key).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    });
  const forRecording = (id: string, path = '/hooks') =>
    received.filter((r) => r.path.split('?')[0] === path && r.event.data.recordingId === id);
  const deliveries = (where: string, params: unknown[]) =>
    t.runtime.dataSource.query(
      `SELECT d.*, e.type FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE ${where}`,
      params,
    );

  it('issues the secret in the Standard Webhooks form', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it('posts a signed event for every status change of an upload, verified with standardwebhooks', async () => {
    const call = makeCall({ externalCallId: 'wh-ok-1' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    await settle(t, ingest, body.id);
    const events = await waitFor('three events', () => {
      const got = forRecording(body.id);
      return got.length >= 3 ? got : undefined;
    });
    expect(events.map((e) => e.event.type)).toEqual([
      'recording.received',
      'recording.processing',
      'recording.available',
    ]);
    for (const e of events) {
      expect(verify(e)).toEqual(e.event);
      expect(e.headers['content-type']).toBe('application/json');
      expect(e.event.data).toMatchObject({ recordingId: body.id, externalCallId: 'wh-ok-1' });
      const [row] = await t.runtime.dataSource.query(`SELECT id FROM webhook_events WHERE id = $1`, [
        e.headers['webhook-id'],
      ]);
      expect(row).toBeDefined();
    }
    expect(() => verify(events[0], `whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toThrow();
    // The payload is ids and codes: nothing of the card number the call carries.
    expect(events.map((e) => e.body).join('')).not.toMatch(/4111|1111/);
  });

  it('reports a rejection with its reason code', async () => {
    const call = makeCall({
      externalCallId: 'wh-declined-1',
      consent: [{ participant: 'customer', kind: 'declined', method: 'ivr-keypress', offsetMs: 1000 }],
    });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    expect((await settle(t, ingest, body.id)).status).toBe('rejected');
    const rejected = await waitFor('the rejection', () =>
      forRecording(body.id).find((e) => e.event.type === 'recording.rejected'),
    );
    expect(rejected.event.data).toMatchObject({ status: 'rejected', reasonCode: expect.stringMatching(/^[A-Z_]+$/) });
    expect(verify(rejected)).toEqual(rejected.event);
  });

  it('retries a receiver that fails twice: 3 attempts logged, one delivery succeeded', async () => {
    const call = makeCall({ externalCallId: 'wh-flaky-1' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    await settle(t, ingest, body.id);
    await waitFor('available event', () => forRecording(body.id).some((e) => e.event.type === 'recording.available'));
    secret = await setWebhook('/flaky');
    script.set('/flaky', [500, 503]);
    const hold = await t
      .http()
      .post(`/v1/recordings/${body.id}/holds`)
      .set(bearer(legal))
      .send({ matter: 'M-1', reason: 'litigation' })
      .expect(201);
    const [d] = await waitFor('the delivery to succeed', async () => {
      const rows = await deliveries(`e.type = 'hold.placed' AND e.recording_id = $1 AND d.status = 'succeeded'`, [
        body.id,
      ]);
      return rows.length ? rows : undefined;
    });
    expect(d.attempts).toBe(3);
    const attempts = await t.runtime.dataSource.query(
      `SELECT attempt, status_code FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [d.id],
    );
    expect(attempts).toEqual([
      { attempt: 1, status_code: 500 },
      { attempt: 2, status_code: 503 },
      { attempt: 3, status_code: 204 },
    ]);
    const sent = received.filter((r) => r.path === '/flaky');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers['webhook-id']))).toEqual(new Set([d.event_id]));
    for (const r of sent) expect(verify(r)).toMatchObject({ type: 'hold.placed', data: { holdId: hold.body.id } });

    // Replay: the same event again, with the same webhook-id, audited.
    const replay = await t.http().post(`/v1/webhooks/deliveries/${d.id}/replay`).set(bearer(admin)).expect(202);
    expect(replay.body).toMatchObject({ id: d.id, status: 'pending', eventId: d.event_id });
    await waitFor('the replay', () => received.filter((r) => r.path === '/flaky').length === 4 || undefined);
    const again = received.filter((r) => r.path === '/flaky')[3];
    expect(again.headers['webhook-id']).toBe(d.event_id);
    expect(verify(again)).toEqual(sent[2].event);
    const audit = await t.runtime.dataSource.query(
      `SELECT outcome FROM audit_events WHERE action = 'webhook.manage' AND resource_id = $1`,
      [d.id],
    );
    expect(audit).toEqual([{ outcome: 'success' }]);
    await t
      .http()
      .post('/v1/webhooks/deliveries/00000000-0000-4000-8000-000000000000/replay')
      .set(bearer(admin))
      .expect(404);
  });

  it('does not hold up ingest while the receiver is down; the delivery waits to be retried', async () => {
    secret = await setWebhook('', `http://localhost:${await freePort()}/down`);
    const call = makeCall({ externalCallId: 'wh-down-1' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    expect((await settle(t, ingest, body.id)).status).toBe('available');
    const [d] = await waitFor('a failed attempt', async () => {
      const rows = await deliveries(`e.recording_id = $1 AND d.attempts > 0 AND d.last_error IS NOT NULL`, [body.id]);
      return rows.length ? rows : undefined;
    });
    // Retried with backoff (200 ms here, doubling) until WEBHOOK_MAX_ATTEMPTS: on a slow box it may be through them.
    expect(['pending', 'failed']).toContain(d.status);
    expect(d.last_error).toMatch(/ECONNREFUSED|fetch failed/);
    secret = await setWebhook('/hooks');
  });

  it('lists deliveries by status and event type, a page at a time', async () => {
    const all = await deliveries('d.tenant_id = (SELECT id FROM tenants WHERE name = $1)', ['acme']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t
        .http()
        .get('/v1/webhooks/deliveries')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(admin))
        .expect(200);
      seen.push(...(res.body.items as { id: string }[]).map((i) => i.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.sort()).toEqual(all.map((d: { id: string }) => d.id).sort());
    const holds = await t
      .http()
      .get('/v1/webhooks/deliveries')
      .query({ eventType: 'hold.placed', status: 'succeeded' })
      .set(bearer(admin))
      .expect(200);
    expect(holds.body.items.length).toBeGreaterThan(0);
    for (const i of holds.body.items) expect(i).toMatchObject({ eventType: 'hold.placed', status: 'succeeded' });
    await t.http().get('/v1/webhooks/deliveries').query({ status: 'sent' }).set(bearer(admin)).expect(400);
    await t.http().get('/v1/webhooks/deliveries').set(bearer(legal)).expect(403);
  });

  it.each(['https://127.0.0.1/cb', 'https://169.254.169.254/latest/meta-data/', 'http://hooks.example.com/cb'])(
    'refuses the callbackUrl %s with 400 naming the field',
    async (callbackUrl) => {
      const call = makeCall({ externalCallId: `wh-cb-bad-${received.length}`, callbackUrl });
      const res = await upload(t, ingest, call.metadata, call.wav).expect(400);
      expect(res.body.code).toBe('WEBHOOK_URL_REFUSED');
      expect(res.body.message).toMatch(/^metadata\.callbackUrl: /);
    },
  );

  it('posts a recording’s events to its callbackUrl too, and the log hides the query string', async () => {
    const call = makeCall({ externalCallId: 'wh-cb-1', callbackUrl: `${base}/cb?token=receiver-secret` });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    await settle(t, ingest, body.id);
    const events = await waitFor('callback events', () => {
      const got = forRecording(body.id, '/cb');
      return got.length >= 3 ? got : undefined;
    });
    expect(events.map((e) => e.event.type)).toEqual([
      'recording.received',
      'recording.processing',
      'recording.available',
    ]);
    for (const e of events) expect(verify(e)).toEqual(e.event);
    const res = await t.http().get('/v1/webhooks/deliveries').set(bearer(admin)).expect(200);
    const cb = (res.body.items as { endpoint: string; url: string; recordingId: string }[]).filter(
      (i) => i.recordingId === body.id && i.endpoint === 'callback',
    );
    expect(cb).toHaveLength(3);
    for (const i of cb) expect(i.url).toBe(`${base}/cb`);
    expect(JSON.stringify(res.body)).not.toContain('receiver-secret');

    // Deleting it: the deletion and its certificate, in the deleting transaction, to both endpoints.
    await t.http().delete(`/v1/recordings/${body.id}`).set(bearer(legal)).expect(200);
    const deleted = await waitFor('deletion events', () => {
      const got = forRecording(body.id, '/cb').slice(3);
      return got.length >= 2 ? got : undefined;
    });
    expect(deleted.map((e) => e.event.type).sort()).toEqual(['deletion.certificate', 'recording.deleted']);
    expect(deleted[0].event.data).toMatchObject({ reason: 'manual', certificateId: expect.any(String) });
  });

  it('writes no event when the state change rolls back', async () => {
    const ds = t.app.get(DataSource);
    const [{ id: tenantId }] = await ds.query(`SELECT id FROM tenants WHERE name = 'acme'`);
    const [rec] = await ds.query(`SELECT id, external_call_id FROM recordings WHERE external_call_id = 'wh-ok-1'`);
    const before = await ds.query(`SELECT count(*)::int AS n FROM webhook_events`);
    let eventId: string | null = null;
    await expect(
      ds.transaction(async (m) => {
        await m.query(`UPDATE recordings SET legal_hold = true WHERE id = $1`, [rec.id]);
        eventId = await t.app.get(WebhookEvents).record(m, tenantId, 'hold.placed', {
          recordingId: rec.id,
          holdId: '00000000-0000-4000-8000-000000000001',
          recordingHeld: true,
        });
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(eventId).toEqual(expect.any(String));
    expect(await ds.query(`SELECT count(*)::int AS n FROM webhook_events`)).toEqual(before);
    expect(await ds.query(`SELECT 1 FROM webhook_deliveries WHERE event_id = $1`, [eventId])).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(received.some((r) => r.headers['webhook-id'] === eventId)).toBe(false);
  });

  it('sends each event exactly once with two workers claiming overlapping batches', async () => {
    const ds = t.app.get(DataSource);
    const [{ id: tenantId }] = await ds.query(`SELECT id FROM tenants WHERE name = 'acme'`);
    const [rec] = await ds.query(`SELECT id FROM recordings WHERE external_call_id = 'wh-ok-1'`);
    secret = await setWebhook('/burst');
    const events = t.app.get(WebhookEvents);
    // A second worker next to the app's own: same tables, its own claims and leases.
    const sender = t.app.get(WebhookSender);
    let sentBySecond = 0;
    const counting = {
      send: (e: Parameters<WebhookSender['send']>[0], at: Date) => {
        sentBySecond++;
        return sender.send(e, at);
      },
    } as WebhookSender;
    const second = new WebhookDeliveryWorker(
      t.app.get(WebhookRepository),
      counting,
      t.app.get(PgNotifications),
      t.app.get(Metrics),
      { ...t.config, worker: { ...t.config.worker, concurrency: 1 } },
    );
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        ds.transaction(async (m) => {
          const id = await events.record(m, tenantId, 'hold.released', {
            recordingId: rec.id,
            holdId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            recordingHeld: false,
          });
          if (id) ids.push(id);
          second.wake();
        }),
      ),
    );
    for (let i = 0; i < 10; i++) second.wake();
    await waitFor('every event', () => received.filter((r) => r.path === '/burst').length >= 60 || undefined);
    await new Promise((r) => setTimeout(r, 1500));
    await second.onModuleDestroy();
    const burst = received.filter((r) => r.path === '/burst').map((r) => String(r.headers['webhook-id']));
    expect(burst.sort()).toEqual([...ids].sort());
    // Both workers took a share: the claims really overlapped.
    expect(sentBySecond).toBeGreaterThan(0);
    expect(sentBySecond).toBeLessThan(60);
    const rows = await ds.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_id = ANY($1) AND status = 'succeeded' AND attempts = 1`,
      [ids],
    );
    expect(rows).toEqual([{ n: 60 }]);
  });

  it('reports a retention deletion: recording.deleted, deletion.certificate and retention.deleted', async () => {
    const [rec] = await t.runtime.dataSource.query(`SELECT id FROM recordings WHERE external_call_id = 'wh-ok-1'`);
    // The test calls started 2026-11-20; with a one-day policy they are all past their retention.
    await t.http().put('/v1/tenants/current/retention').set(bearer(admin)).send({ defaultDays: 1 }).expect(200);
    await t.app.get(RetentionSweep).run();
    const events = await waitFor('the retention events', () => {
      const got = forRecording(rec.id, '/burst').filter((e) => e.event.type !== 'hold.released');
      return got.length >= 3 ? got : undefined;
    });
    expect(events.map((e) => e.event.type).sort()).toEqual([
      'deletion.certificate',
      'recording.deleted',
      'retention.deleted',
    ]);
    for (const e of events) {
      expect(e.event.data).toMatchObject({ recordingId: rec.id, reason: 'retention' });
      expect(verify(e)).toEqual(e.event);
    }
  });
});
