import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { loadDevIssuerKey } from '../src/modules/auth/dev-issuer';
import { startTestApp, type TestApp } from './support/app';
import { forgedToken, hsConfusionToken, unsignedToken } from './support/tokens';

describe('foundation over HTTP', () => {
  let t: TestApp;
  let recordingId: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '1000' });
    const acme = await t.tenant('acme');
    await t.tenant('globex');
    const repo = t.runtime.dataSource.getRepository(RecordingEntity);
    recordingId = (await repo.save(repo.create({ tenantId: acme.id, externalCallId: 'call-1', status: 'available' })))
      .id;
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with every dependency checked', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks).toEqual({ database: 'ok', storage: 'ok', kms: 'ok' });
  });

  it('echoes a safe X-Request-Id and uses it as the correlation id of errors', async () => {
    const res = await t.http().get('/v1/recordings').set('X-Request-Id', 'req-123').expect(401);
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String), correlationId: 'req-123' });
    const minted = await t.http().get('/health/live').set('X-Request-Id', 'bad id <script>');
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers unknown routes and malformed or oversized JSON with the error shape, never a 500', async () => {
    const key = (await t.apiKey('acme', 'admin')).key;
    const missing = await t.http().get('/nope').expect(404);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
    const bad = await t
      .http()
      .post('/v1/api-keys')
      .set(bearer(key))
      .set('Content-Type', 'application/json')
      .send('{"role":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const big = await t
      .http()
      .post('/v1/api-keys')
      .set(bearer(key))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ role: 'ingest', label: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('names the field of a validation error', async () => {
    const key = (await t.apiKey('acme', 'admin')).key;
    const res = await t.http().post('/v1/api-keys').set(bearer(key)).send({ role: 'root' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details[0].path).toBe('role');
  });

  it('shows a new API key once, stores only its hash, and stops accepting it when revoked', async () => {
    const admin = (await t.apiKey('acme', 'admin')).key;
    const created = await t
      .http()
      .post('/v1/api-keys')
      .set(bearer(admin))
      .send({ role: 'ingest', label: 'pbx' })
      .expect(201);
    expect(created.body.key).toMatch(/^crv_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    const listed = await t.http().get('/v1/api-keys').set(bearer(admin)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key.split('_')[2]);
    const [row] = await t.runtime.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [created.body.id]);
    expect(JSON.stringify(row)).not.toContain(created.body.key.split('_')[2]);
    await t.http().get('/v1/tenants/current').set(bearer(created.body.key)).expect(200);
    await t.http().delete(`/v1/api-keys/${created.body.id}`).set(bearer(admin)).expect(200);
    await t.http().get('/v1/tenants/current').set(bearer(created.body.key)).expect(401);
  });

  it('cannot revoke another tenant’s key: it looks missing', async () => {
    const other = await t.apiKey('globex', 'ingest');
    const admin = (await t.apiKey('acme', 'admin')).key;
    const res = await t.http().delete(`/v1/api-keys/${other.id}`).set(bearer(admin)).expect(404);
    expect(res.body.code).toBe('API_KEY_NOT_FOUND');
  });

  it('rejects expired, forged, unsigned and HS/RS-confused tokens, and tokens for unknown tenants', async () => {
    const key = await loadDevIssuerKey(t.config.dataDir);
    const aud = t.config.oidc.audience;
    const bad = [
      await t.token('acme', 'qa', { ttlSec: -120 }),
      await forgedToken(key.publicJwk.kid as string, 'acme', 'qa', aud),
      unsignedToken('acme', 'qa', aud),
      hsConfusionToken(key.publicJwk, 'acme', 'qa', aud),
      await t.token('initech', 'qa'),
      await t.token('acme', 'superuser'),
      'not.a.token',
    ];
    for (const token of bad) {
      const res = await t.http().get('/v1/recordings').set(bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    await t
      .http()
      .get('/v1/recordings')
      .set(bearer(await t.token('acme', 'qa')))
      .expect(200);
  });

  it('answers another tenant’s recording exactly like a missing one', async () => {
    const other = await t
      .http()
      .get(`/v1/recordings/${recordingId}`)
      .set(bearer(await t.token('globex', 'qa')))
      .expect(404);
    const missing = await t
      .http()
      .get('/v1/recordings/00000000-0000-4000-8000-000000000000')
      .set(bearer(await t.token('globex', 'qa')))
      .expect(404);
    expect({ ...other.body, correlationId: undefined }).toEqual({ ...missing.body, correlationId: undefined });
    const own = await t
      .http()
      .get(`/v1/recordings/${recordingId}`)
      .set(bearer(await t.token('acme', 'qa')))
      .expect(200);
    expect(own.body.externalCallId).toBe('call-1');
  });

  it('audits every authenticated request and every refusal, with the request’s correlation id', async () => {
    const qa = await t.token('acme', 'qa');
    await t
      .http()
      .get(`/v1/recordings/${recordingId}`)
      .set(bearer(qa))
      .set('X-Request-Id', 'audit-ok')
      .set('X-Access-Purpose', 'QA review')
      .expect(200);
    await t.http().get('/v1/audit/verify').set(bearer(qa)).set('X-Request-Id', 'audit-403').expect(403);
    await t.http().get('/v1/recordings').set('X-Request-Id', 'audit-401').expect(401);
    await t
      .http()
      .get(`/v1/recordings/${recordingId}`)
      .set(bearer(await t.token('globex', 'qa')))
      .set('X-Request-Id', 'audit-404')
      .expect(404);
    const rows = await t.runtime.dataSource.query(
      `SELECT correlation_id, outcome, action, actor_role, purpose, resource_id FROM audit_events
        WHERE correlation_id LIKE 'audit-%' ORDER BY seq`,
    );
    expect(rows).toEqual([
      {
        correlation_id: 'audit-ok',
        outcome: 'success',
        action: 'recording.read',
        actor_role: 'qa',
        purpose: 'QA review',
        resource_id: recordingId,
      },
      {
        correlation_id: 'audit-403',
        outcome: 'denied',
        action: 'audit.verify',
        actor_role: 'qa',
        purpose: null,
        resource_id: 'GET /v1/audit/verify',
      },
      {
        correlation_id: 'audit-401',
        outcome: 'denied',
        action: 'recording.list',
        actor_role: null,
        purpose: null,
        resource_id: 'GET /v1/recordings',
      },
      {
        correlation_id: 'audit-404',
        outcome: 'denied',
        action: 'recording.read',
        actor_role: 'qa',
        purpose: null,
        resource_id: recordingId,
      },
    ]);
  });

  it('lets auditors query and export their tenant’s events, and verify the chain', async () => {
    const auditor = await t.token('acme', 'auditor');
    const q = await t.http().get('/v1/audit/events?action=recording.read&limit=2').set(bearer(auditor)).expect(200);
    expect(q.body.items.length).toBeGreaterThan(0);
    expect(
      q.body.items.every((e: { action: string; actor: { tenant: string } }) => e.action === 'recording.read'),
    ).toBe(true);
    const jsonl = await t.http().get('/v1/audit/events?format=jsonl').set(bearer(auditor)).expect(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((e) => e.actor.tenant === q.body.items[0].actor.tenant)).toBe(true);
    const bad = await t.http().get('/v1/audit/events?from=yesterday').set(bearer(auditor)).expect(400);
    expect(bad.body.details[0].path).toBe('query.from');
    const v = await t.http().get('/v1/audit/verify').set(bearer(auditor)).expect(200);
    expect(v.body.valid).toBe(true);
  });

  it('documents every route with its permission and error codes at /docs', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      ([p, methods]) => Object.entries(methods).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, op })),
    );
    expect(ops.length).toBeGreaterThan(8);
    for (const { route, op } of ops) {
      expect([route, op['x-permission']]).toEqual([route, expect.any(String)]);
    }
    const get = doc.paths['/v1/recordings/{id}'].get;
    expect(get.responses['404'].description).toContain('RECORDING_NOT_FOUND');
    await t.http().get('/docs').expect(200);
  });
});
