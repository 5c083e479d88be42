import { randomBytes } from 'node:crypto';
import { AuditVerifier } from '../src/modules/audit/audit.verifier';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording } from './support/stored';

/**
 * A mutating request's audit event commits in the transaction of its change: when the event cannot
 * be written the change rolls back and the client gets 503 AUDIT_UNAVAILABLE; when it can, the
 * change and exactly one event share one transaction (the same `xmin`).
 */
describe('audit: the event commits with the change it records', () => {
  let t: TestApp;
  let acme: { id: string };
  let legal: string;
  let admin: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const db = () => t.runtime.dataSource;
  const count = async (sql: string, args: unknown[] = []) => (await db().query<{ n: number }[]>(sql, args))[0].n;

  /** Until the returned function runs, every success event of `action` is refused by the database. */
  async function refuseSuccessEvents(action: string): Promise<() => Promise<void>> {
    await db().query(`
      CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit insert refused by test'; END $$`);
    await db().query(
      `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW
         WHEN (NEW.action = '${action}' AND NEW.outcome = 'success') EXECUTE FUNCTION test_refuse_audit()`,
    );
    return async () => {
      await db().query(`DROP TRIGGER test_refuse_audit ON audit_events`);
      await db().query(`DROP FUNCTION test_refuse_audit()`);
    };
  }

  /** The request's events, by its correlation id. */
  async function eventsOf(requestId: string) {
    return db().query<
      { action: string; outcome: string; resource_id: string | null; details: Record<string, unknown>; tx: string }[]
    >(`SELECT action, outcome, resource_id, details, xmin::text AS tx FROM audit_events WHERE correlation_id = $1`, [
      requestId,
    ]);
  }

  /** Refused: 503 with the stable code, and only the refusal recorded (as an error, its event not a success). */
  async function expectRefused(res: { status: number; body: { code: string }; headers: Record<string, string> }) {
    expect([res.status, res.body.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
    expect(res.headers['retry-after']).toBe('5');
    const events = await eventsOf(res.headers['x-request-id']);
    expect(events.map((e) => [e.outcome, e.details.status, e.details.code])).toEqual([
      ['error', 503, 'AUDIT_UNAVAILABLE'],
    ]);
  }

  async function available() {
    return (await storedRecording(t, { tenantId: acme.id, durationMs: 60_000 }, randomBytes(20_000))).id;
  }

  beforeAll(async () => {
    t = await startTestApp({ AUDIT_CHECKPOINT_INTERVAL: '24h', AUTH_FAILURE_LIMIT: '100000' });
    acme = await t.tenant('acme');
    legal = await t.token('acme', 'legal');
    admin = (await t.apiKey('acme', 'admin')).key;
  });

  afterAll(() => t.close());

  it('placing a legal hold: refused with its event, then placed with it in one transaction', async () => {
    const id = await available();
    const body = { matter: 'Atomic v. Audit', reason: 'litigation hold notice' };
    const allow = await refuseSuccessEvents('recording.hold');
    let refused;
    try {
      refused = await t.http().post(`/v1/recordings/${id}/holds`).set(bearer(legal)).send(body);
    } finally {
      await allow();
    }
    await expectRefused(refused);
    expect(await count(`SELECT count(*)::int AS n FROM legal_holds WHERE recording_id = $1`, [id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM matters WHERE reference = $1`, [body.matter])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM webhook_events WHERE tenant_id = $1`, [acme.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM recordings WHERE id = $1 AND legal_hold`, [id])).toBe(0);

    const placed = await t.http().post(`/v1/recordings/${id}/holds`).set(bearer(legal)).send(body).expect(201);
    const events = await eventsOf(placed.headers['x-request-id']);
    expect(events).toEqual([
      expect.objectContaining({ action: 'recording.hold', outcome: 'success', resource_id: id }),
    ]);
    expect(events[0].details).toMatchObject({ method: 'POST', status: 201 });
    const [hold] = await db().query(`SELECT xmin::text AS tx FROM legal_holds WHERE id = $1`, [placed.body.id]);
    expect(hold.tx).toBe(events[0].tx);
  });

  it('deleting a recording: refused, nothing shredded; then deleted with its one event in one transaction', async () => {
    const id = await available();
    const keysOf = () => count(`SELECT count(*)::int AS n FROM data_keys WHERE recording_id = $1`, [id]);
    const keys = await keysOf();
    expect(keys).toBeGreaterThan(0);
    const allow = await refuseSuccessEvents('recording.delete');
    let refused;
    try {
      refused = await t.http().delete(`/v1/recordings/${id}`).set(bearer(admin));
    } finally {
      await allow();
    }
    await expectRefused(refused);
    expect(await keysOf()).toBe(keys);
    expect(await count(`SELECT count(*)::int AS n FROM deletion_certificates WHERE recording_id = $1`, [id])).toBe(0);
    const [row] = await db().query(`SELECT status FROM recordings WHERE id = $1`, [id]);
    expect(row.status).toBe('available');
    await t.http().get(`/v1/recordings/${id}/audio`).set(bearer(legal)).expect(200);

    const deleted = await t.http().delete(`/v1/recordings/${id}`).set(bearer(admin)).expect(200);
    expect(deleted.body.status).toBe('deleted');
    const events = await eventsOf(deleted.headers['x-request-id']);
    // One event for the request, saying what was destroyed, committed with the certificate.
    const [cert] = await db().query(`SELECT id, xmin::text AS tx FROM deletion_certificates WHERE recording_id = $1`, [
      id,
    ]);
    expect(events.map((e) => [e.action, e.outcome, e.resource_id, e.tx])).toEqual([
      ['recording.delete', 'success', id, cert.tx],
    ]);
    expect(events[0].details).toMatchObject({
      method: 'DELETE',
      status: 200,
      reason: 'manual',
      certificateId: cert.id,
    });
    expect(await keysOf()).toBe(0);
  });

  it('changing the consent rules: refused, no version stored; then stored with its event', async () => {
    const body = { version: 'atomic-1', rules: {} };
    const allow = await refuseSuccessEvents('tenant.policy');
    let refused;
    try {
      refused = await t.http().put('/v1/tenants/current/consent-rules').set(bearer(admin)).send(body);
    } finally {
      await allow();
    }
    await expectRefused(refused);
    const versions = `SELECT count(*)::int AS n FROM consent_rule_overrides WHERE tenant_id = $1`;
    expect(await count(versions, [acme.id])).toBe(0);
    const current = await t.http().get('/v1/tenants/current/consent-rules').set(bearer(admin)).expect(200);
    expect(current.body.override).toBeNull();

    const put = await t.http().put('/v1/tenants/current/consent-rules').set(bearer(admin)).send(body).expect(200);
    expect(put.body.override.version).toBe(1);
    const events = await eventsOf(put.headers['x-request-id']);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([['tenant.policy', 'success']]);
    // The details the controller used to add after the fact are written in the transaction.
    expect(events[0].details).toMatchObject({ status: 200, overrideVersion: 1, label: 'atomic-1' });
    const [row] = await db().query(`SELECT xmin::text AS tx FROM consent_rule_overrides WHERE tenant_id = $1`, [
      acme.id,
    ]);
    expect(row.tx).toBe(events[0].tx);
  });

  it('creating an API key: refused, no key exists; then created with its event, the key its resource', async () => {
    const keys = `SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1`;
    const before = await count(keys, [acme.id]);
    const allow = await refuseSuccessEvents('apikey.manage');
    let refused;
    try {
      refused = await t.http().post('/v1/api-keys').set(bearer(admin)).send({ role: 'ingest', label: 'atomic' });
    } finally {
      await allow();
    }
    await expectRefused(refused);
    expect(await count(keys, [acme.id])).toBe(before);

    const created = await t
      .http()
      .post('/v1/api-keys')
      .set(bearer(admin))
      .send({ role: 'ingest', label: 'atomic' })
      .expect(201);
    const events = await eventsOf(created.headers['x-request-id']);
    expect(events.map((e) => [e.action, e.outcome, e.resource_id, e.details.status])).toEqual([
      ['apikey.manage', 'success', created.body.id, 201],
    ]);
    const [key] = await db().query(`SELECT xmin::text AS tx FROM api_keys WHERE id = $1`, [created.body.id]);
    expect(key.tx).toBe(events[0].tx);
    // The key works: it was committed, not only answered.
    await t.http().get('/v1/recordings').set(bearer(created.body.key)).expect(403);
  });

  it('50 overlapping changes: 50 rows, 50 events each in its change’s transaction, and the chain verifies', async () => {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post('/v1/api-keys')
          .set(bearer(admin))
          .send({ role: 'ingest', label: `burst-${i}` }),
      ),
    );
    const ms = performance.now() - started;
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const rows = await db().query<{ key_tx: string; event_tx: string; status: string }[]>(
      `SELECT k.id, k.xmin::text AS key_tx, e.xmin::text AS event_tx, e.details->>'status' AS status
         FROM api_keys k JOIN audit_events e ON e.resource_id = k.id::text AND e.action = 'apikey.manage'
        WHERE k.label LIKE 'burst-%'`,
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.key_tx === r.event_tx && r.status === '201')).toBe(true);
    expect(await t.app.get(AuditVerifier).verify()).toMatchObject({ valid: true });
    // Serialised on the chain lock from the audit insert to the commit only: far below a second each.
    expect(ms).toBeLessThan(20_000);
    process.stdout.write(`50 overlapping API key creations: ${Math.round(ms)} ms\n`);
  });
});
