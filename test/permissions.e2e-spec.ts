import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { loadDevIssuerKey } from '../src/modules/auth/dev-issuer';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { PERMISSIONS, type Permission, type Role } from '../src/common/access/permissions';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { startTestApp, type TestApp } from './support/app';
import { forgedToken, unsignedToken } from './support/tokens';

/**
 * Every protected route × every kind of caller. A new route must be added to
 * ROUTES: the last test fails for any documented route missing here.
 */
interface Fixture {
  recordingId: string;
  apiKeyId: () => Promise<string>;
  /** A fresh recording each call, for routes that consume their object. */
  disposableRecordingId: () => Promise<string>;
  /** A fresh recording with one active legal hold: the hold's path. */
  activeHoldPath: () => Promise<string>;
  /** A matter of acme's. */
  matterId: string;
  /** A finished audio-export job (with its result archive) of acme. */
  jobId: string;
  /** A fresh queued audio-export job of acme, for cancelling. */
  queuedJobId: () => Promise<string>;
  /** A fresh cancelled audio-export job of acme, for deleting. */
  endedJobId: () => Promise<string>;
}
interface RouteCase {
  method: 'get' | 'head' | 'post' | 'put' | 'delete';
  path: (f: Fixture) => Promise<string> | string;
  template: string;
  permission: Permission;
  ok: number;
  /** A function for a body that must differ on each call. */
  body?: unknown;
  /** Whether the route addresses one object, so another tenant must get 404. */
  object?: boolean;
  /**
   * The roles among the permission's that the object or body allows (a bulk job's kind); the others
   * get `narrowedStatus` (404 for an object they may not see).
   */
  narrowedTo?: Role[];
  narrowedStatus?: number;
  /**
   * The object is acme's user of this role's own (a bulk job's creator): other callers who may see it
   * get 403 unless their role holds job.manage-any.
   */
  ownedBy?: Role;
}

const AUDIO_EXPORT: Role[] = ['qa', 'legal'];

const ROUTES: RouteCase[] = [
  // Bulk jobs: an audio export, which qa and legal may start and see (admin: 403 to start, 404 to see).
  {
    method: 'post',
    template: '/v1/jobs',
    path: () => '/v1/jobs',
    permission: 'job.create',
    ok: 202,
    body: { kind: 'audio-export', params: { purpose: 'matrix', externalCallId: 'no-such-call' } },
    narrowedTo: AUDIO_EXPORT,
    narrowedStatus: 403,
  },
  { method: 'get', template: '/v1/jobs', path: () => '/v1/jobs', permission: 'job.read', ok: 200 },
  ...(['', '/items', '/result'] as const).map((suffix): RouteCase => ({
    method: 'get',
    template: `/v1/jobs/{id}${suffix}`,
    path: (f) => `/v1/jobs/${f.jobId}${suffix}`,
    permission: 'job.read',
    ok: 200,
    object: true,
    narrowedTo: AUDIO_EXPORT,
  })),
  {
    method: 'post',
    template: '/v1/jobs/{id}/result-link',
    path: (f) => `/v1/jobs/${f.jobId}/result-link`,
    permission: 'job.read',
    ok: 201,
    object: true,
    narrowedTo: AUDIO_EXPORT,
  },
  // qa@acme's jobs: legal sees them but may not cancel or delete them (403); admin may cancel or delete any job,
  // but cannot see this kind (404).
  {
    method: 'post',
    template: '/v1/jobs/{id}/cancel',
    path: async (f) => `/v1/jobs/${await f.queuedJobId()}/cancel`,
    permission: 'job.cancel',
    ok: 200,
    object: true,
    narrowedTo: AUDIO_EXPORT,
    ownedBy: 'qa',
  },
  {
    method: 'delete',
    template: '/v1/jobs/{id}',
    path: async (f) => `/v1/jobs/${await f.endedJobId()}`,
    permission: 'job.delete',
    ok: 204,
    object: true,
    narrowedTo: AUDIO_EXPORT,
    ownedBy: 'qa',
  },
  {
    method: 'get',
    template: '/v1/tenants/current',
    path: () => '/v1/tenants/current',
    permission: 'tenant.read',
    ok: 200,
  },
  { method: 'get', template: '/v1/api-keys', path: () => '/v1/api-keys', permission: 'apikey.manage', ok: 200 },
  {
    method: 'post',
    template: '/v1/api-keys',
    path: () => '/v1/api-keys',
    permission: 'apikey.manage',
    ok: 201,
    body: { role: 'ingest' },
  },
  {
    method: 'delete',
    template: '/v1/api-keys/{id}',
    path: async (f) => `/v1/api-keys/${await f.apiKeyId()}`,
    permission: 'apikey.manage',
    ok: 200,
    object: true,
  },
  { method: 'get', template: '/v1/recordings', path: () => '/v1/recordings', permission: 'recording.list', ok: 200 },
  {
    method: 'get',
    template: '/v1/recordings/{id}',
    path: (f) => `/v1/recordings/${f.recordingId}`,
    permission: 'recording.read',
    ok: 200,
    object: true,
  },
  {
    method: 'delete',
    template: '/v1/recordings/{id}',
    path: async (f) => `/v1/recordings/${await f.disposableRecordingId()}`,
    permission: 'recording.delete',
    ok: 200,
    object: true,
  },
  // A JSON body: authorised callers reach the multipart check (415) without storing anything.
  {
    method: 'post',
    template: '/v1/recordings',
    path: () => '/v1/recordings',
    permission: 'recording.create',
    ok: 415,
    body: { audio: 'x' },
  },
  // The fixture is already available, so an authorised caller learns consent can no longer change it.
  {
    method: 'post',
    template: '/v1/recordings/{id}/consent',
    path: (f) => `/v1/recordings/${f.recordingId}/consent`,
    permission: 'recording.consent.add',
    ok: 409,
    body: { consent: [{ participant: 'customer', kind: 'granted', method: 'verbal', offsetMs: 0 }] },
    object: true,
  },
  {
    method: 'get',
    template: '/v1/recordings/{id}/redactions',
    path: (f) => `/v1/recordings/${f.recordingId}/redactions`,
    permission: 'recording.redactions',
    ok: 200,
    object: true,
  },
  {
    method: 'get',
    template: '/v1/recordings/{id}/audio',
    path: (f) => `/v1/recordings/${f.recordingId}/audio`,
    permission: 'recording.stream',
    ok: 200,
    object: true,
  },
  {
    method: 'get',
    template: '/v1/recordings/{id}/transcript',
    path: (f) => `/v1/recordings/${f.recordingId}/transcript`,
    permission: 'recording.stream',
    ok: 200,
    object: true,
  },
  {
    method: 'head',
    template: '/v1/recordings/{id}/audio',
    path: (f) => `/v1/recordings/${f.recordingId}/audio`,
    permission: 'recording.stream',
    ok: 200,
    object: true,
  },
  {
    method: 'get',
    template: '/v1/recordings/{id}/waveform',
    path: (f) => `/v1/recordings/${f.recordingId}/waveform`,
    permission: 'recording.waveform',
    ok: 200,
    object: true,
  },
  {
    method: 'post',
    template: '/v1/recordings/{id}/playback',
    path: (f) => `/v1/recordings/${f.recordingId}/playback`,
    permission: 'recording.stream',
    ok: 201,
    body: { purpose: 'QA review' },
    object: true,
  },
  // An empty key id: authorised callers reach validation (400) without starting a rotation.
  {
    method: 'post',
    template: '/v1/tenants/current/key-rotations',
    path: () => '/v1/tenants/current/key-rotations',
    permission: 'tenant.keys.rotate',
    ok: 400,
    body: { kmsKeyId: ' ' },
  },
  {
    method: 'get',
    template: '/v1/tenants/current/key-rotations/{id}',
    path: () => '/v1/tenants/current/key-rotations/00000000-0000-4000-8000-000000000000',
    permission: 'tenant.keys.rotate',
    ok: 404,
  },
  {
    method: 'put',
    template: '/v1/tenants/current/webhook',
    path: () => '/v1/tenants/current/webhook',
    permission: 'tenant.policy',
    ok: 200,
    body: { url: 'https://hooks.example.com/vault' },
  },
  {
    method: 'delete',
    template: '/v1/tenants/current/webhook',
    path: () => '/v1/tenants/current/webhook',
    permission: 'tenant.policy',
    ok: 204,
  },
  {
    method: 'get',
    template: '/v1/webhooks/deliveries',
    path: () => '/v1/webhooks/deliveries',
    permission: 'webhook.manage',
    ok: 200,
  },
  {
    method: 'post',
    template: '/v1/webhooks/deliveries/{id}/replay',
    path: () => '/v1/webhooks/deliveries/00000000-0000-4000-8000-000000000000/replay',
    permission: 'webhook.manage',
    ok: 404,
  },
  {
    method: 'get',
    template: '/v1/tenants/current/transcription',
    path: () => '/v1/tenants/current/transcription',
    permission: 'tenant.policy',
    ok: 200,
  },
  {
    method: 'put',
    template: '/v1/tenants/current/transcription',
    path: () => '/v1/tenants/current/transcription',
    permission: 'tenant.policy',
    ok: 200,
    body: { engine: 'none' },
  },
  {
    method: 'put',
    template: '/v1/tenants/current/ingest-policy',
    path: () => '/v1/tenants/current/ingest-policy',
    permission: 'tenant.policy',
    ok: 200,
    body: { requireTranscript: false },
  },
  { method: 'get', template: '/v1/audit/events', path: () => '/v1/audit/events', permission: 'audit.read', ok: 200 },
  { method: 'get', template: '/v1/audit/verify', path: () => '/v1/audit/verify', permission: 'audit.verify', ok: 200 },
  {
    method: 'get',
    template: '/v1/tenants/current/consent-rules',
    path: () => '/v1/tenants/current/consent-rules',
    permission: 'tenant.policy',
    ok: 200,
  },
  {
    method: 'put',
    template: '/v1/tenants/current/consent-rules',
    path: () => '/v1/tenants/current/consent-rules',
    permission: 'tenant.policy',
    ok: 200,
    body: { version: 'matrix', rules: {} },
  },
  {
    method: 'get',
    template: '/v1/tenants/current/retention',
    path: () => '/v1/tenants/current/retention',
    permission: 'tenant.policy',
    ok: 200,
  },
  {
    method: 'put',
    template: '/v1/tenants/current/retention',
    path: () => '/v1/tenants/current/retention',
    permission: 'tenant.policy',
    ok: 200,
    body: { defaultDays: 3650 },
  },
  {
    method: 'get',
    template: '/v1/recordings/{id}/evidence',
    path: (f) => `/v1/recordings/${f.recordingId}/evidence`,
    permission: 'recording.evidence',
    ok: 200,
    object: true,
  },
  // A forged signature block: authorised callers get a verdict (valid: false), not an error.
  {
    method: 'post',
    template: '/v1/evidence/verify',
    path: () => '/v1/evidence/verify',
    permission: 'evidence.verify',
    ok: 200,
    body: {
      kind: 'call-recording-evidence',
      signature: { algorithm: 'ECDSA_SHA_256', keyId: 'x', signedAt: 'x', digest: 'x', signature: 'x', publicKey: 'x' },
    },
  },
  {
    method: 'get',
    template: '/v1/recordings/{id}/holds',
    path: (f) => `/v1/recordings/${f.recordingId}/holds`,
    permission: 'recording.hold',
    ok: 200,
    object: true,
  },
  {
    method: 'post',
    template: '/v1/recordings/{id}/holds',
    path: async (f) => `/v1/recordings/${await f.disposableRecordingId()}/holds`,
    permission: 'recording.hold',
    ok: 201,
    body: { matter: 'Matrix v. Vault', reason: 'litigation' },
    object: true,
  },
  {
    method: 'delete',
    template: '/v1/recordings/{id}/holds/{holdId}',
    path: (f) => f.activeHoldPath(),
    permission: 'recording.hold',
    ok: 200,
    body: { reason: 'matter closed' },
    object: true,
  },
  {
    method: 'post',
    template: '/v1/matters',
    path: () => '/v1/matters',
    permission: 'matter.create',
    ok: 201,
    body: () => ({ name: 'Matrix', reference: `MTX-${randomUUID()}` }),
  },
  { method: 'get', template: '/v1/matters', path: () => '/v1/matters', permission: 'matter.read', ok: 200 },
  {
    method: 'get',
    template: '/v1/matters/{id}',
    path: (f) => `/v1/matters/${f.matterId}`,
    permission: 'matter.read',
    ok: 200,
    object: true,
  },
  {
    method: 'get',
    template: '/v1/matters/{id}/holds',
    path: (f) => `/v1/matters/${f.matterId}/holds`,
    permission: 'matter.read',
    ok: 200,
    object: true,
  },
  {
    method: 'get',
    template: '/v1/matters/{id}/audit',
    path: (f) => `/v1/matters/${f.matterId}/audit`,
    permission: 'matter.read',
    ok: 200,
    object: true,
  },
  {
    method: 'post',
    template: '/v1/matters/{id}/recordings',
    path: (f) => `/v1/matters/${f.matterId}/recordings`,
    permission: 'matter.hold',
    ok: 201,
    body: { recordingIds: [randomUUID()], reason: 'litigation' },
    object: true,
  },
  {
    method: 'post',
    template: '/v1/matters/{id}/release',
    path: (f) => `/v1/matters/${f.matterId}/release`,
    permission: 'matter.hold',
    ok: 200,
    body: { reason: 'settled' },
    object: true,
  },
  {
    method: 'post',
    template: '/v1/dsar/search',
    path: () => '/v1/dsar/search',
    permission: 'dsar.manage',
    ok: 200,
    body: { phone: '+14155550100' },
  },
  {
    method: 'post',
    template: '/v1/dsar/export',
    path: () => '/v1/dsar/export',
    permission: 'dsar.manage',
    ok: 200,
    body: { phone: '+14155550100' },
  },
  {
    method: 'post',
    template: '/v1/dsar/erase',
    path: () => '/v1/dsar/erase',
    permission: 'dsar.manage',
    ok: 200,
    body: { phone: '+14155550100', reason: 'matrix' },
  },
];

type Caller = { name: string; role?: Role; tenant?: 'acme' | 'globex'; credential: () => Promise<string | undefined> };

describe('permission matrix', () => {
  let t: TestApp;
  let fixture: Fixture;
  const callers: Caller[] = [];

  beforeAll(async () => {
    // The webhook target of the matrix is an operator-allowed host (it does not resolve here).
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
    const acme = await t.tenant('acme');
    await t.tenant('globex');
    const repo = t.runtime.dataSource.getRepository(RecordingEntity);
    const stored = async () => {
      const rec = await repo.save(
        repo.create({
          tenantId: acme.id,
          externalCallId: `m-${randomUUID()}`,
          status: 'processing',
          mediaFormat: 'wav',
        }),
      );
      const sealed = await t.app.get(EnvelopeService).seal({
        tenantId: acme.id,
        recordingId: rec.id,
        kind: 'recording',
        wrappingKeyId: null,
        source: Readable.from([Buffer.alloc(1000, 1)]),
      });
      await t.app.get(EnvelopeService).seal({
        tenantId: acme.id,
        recordingId: rec.id,
        kind: 'peaks',
        wrappingKeyId: null,
        source: Readable.from([
          Buffer.from(JSON.stringify({ version: 1, durationMs: 10, msPerPeak: 10, peaks: 'AA==' })),
        ]),
      });
      await repo.update(
        { id: rec.id },
        {
          status: 'available',
          objectKey: sealed.objectKey,
          objectSize: String(sealed.ciphertextSize),
          objectSha256: Buffer.from(sealed.sha256, 'hex'),
        },
      );
      const transcript = await t.app.get(EnvelopeService).seal({
        tenantId: acme.id,
        recordingId: rec.id,
        kind: 'redacted-transcript',
        wrappingKeyId: null,
        source: Readable.from([Buffer.from(JSON.stringify({ version: 1, words: [] }))]),
      });
      await t.runtime.dataSource.query(
        `INSERT INTO recording_transcripts (recording_id, tenant_id, object_key, words, search) VALUES ($1, $2, $3, 0, ''::tsvector)`,
        [rec.id, acme.id, transcript.objectKey],
      );
      return rec.id;
    };
    const [{ id: matterId }] = await t.runtime.dataSource.query(
      `INSERT INTO matters (tenant_id, name, reference, created_by) VALUES ($1, 'm', 'm', 'fixture') RETURNING id`,
      [acme.id],
    );
    const recordingId = await stored();
    const qaToken = await t.token('acme', 'qa');
    const started = await t
      .http()
      .post('/v1/jobs')
      .set('Authorization', `Bearer ${qaToken}`)
      .send({
        kind: 'audio-export',
        params: {
          purpose: 'matrix fixture',
          externalCallId: (await repo.findOneByOrFail({ id: recordingId })).externalCallId,
        },
      })
      .expect(202);
    for (let i = 0; i < 300; i++) {
      const job = await t.http().get(`/v1/jobs/${started.body.id}`).set('Authorization', `Bearer ${qaToken}`);
      if (job.body.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    fixture = {
      matterId,
      recordingId,
      jobId: started.body.id,
      queuedJobId: async () => {
        const [job] = await t.runtime.dataSource.query(
          `INSERT INTO bulk_jobs (tenant_id, kind, params, created_by) VALUES ($1, 'audio-export', '{}', '{"kind":"user","id":"qa@acme","role":"qa"}') RETURNING id`,
          [acme.id],
        );
        return job.id;
      },
      endedJobId: async () => {
        const id = await fixture.queuedJobId();
        await t.runtime.dataSource.query(
          `UPDATE bulk_jobs SET status = 'cancelled', finished_at = now() WHERE id = $1`,
          [id],
        );
        return id;
      },
      apiKeyId: async () => (await t.apiKey('acme', 'ingest')).id,
      disposableRecordingId: stored,
      activeHoldPath: async () => {
        const id = await stored();
        const [hold] = await t.runtime.dataSource.query(
          `INSERT INTO legal_holds (recording_id, tenant_id, matter_id, matter, reason, placed_by) VALUES ($1, $2, $3, 'm', 'r', 'fixture') RETURNING id`,
          [id, acme.id, matterId],
        );
        await t.runtime.dataSource.query('UPDATE recordings SET legal_hold = true WHERE id = $1', [id]);
        return `/v1/recordings/${id}/holds/${hold.id}`;
      },
    };
    const issuer = await loadDevIssuerKey(t.config.dataDir);
    const aud = t.config.oidc.audience;
    for (const tenant of ['acme', 'globex'] as const) {
      for (const role of ['ingest', 'admin'] as const) {
        const key = (await t.apiKey(tenant, role)).key;
        callers.push({ name: `${tenant} ${role} key`, role, tenant, credential: () => Promise.resolve(key) });
      }
      for (const role of ['qa', 'legal', 'admin', 'auditor'] as const) {
        callers.push({ name: `${tenant} ${role} token`, role, tenant, credential: () => t.token(tenant, role) });
      }
    }
    const revoked = await t.apiKey('acme', 'admin');
    await t.runtime.dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revoked.id]);
    callers.push(
      { name: 'no credentials', credential: () => Promise.resolve(undefined) },
      { name: 'revoked key', credential: () => Promise.resolve(revoked.key) },
      { name: 'malformed key', credential: () => Promise.resolve('crv_nope') },
      { name: 'expired token', credential: () => t.token('acme', 'admin', { ttlSec: -120 }) },
      { name: 'forged token', credential: () => forgedToken(issuer.publicJwk.kid as string, 'acme', 'admin', aud) },
      { name: 'alg:none token', credential: () => Promise.resolve(unsignedToken('acme', 'admin', aud)) },
    );
  });
  afterAll(() => t.close());

  const expected = (route: RouteCase, c: Caller): number => {
    if (!c.role) return 401;
    if (!(PERMISSIONS[route.permission] as readonly Role[]).includes(c.role)) return 403;
    if (route.narrowedTo && !route.narrowedTo.includes(c.role)) return route.narrowedStatus ?? 404;
    if (route.object && c.tenant === 'globex') return 404;
    const owner = c.name === `acme ${route.ownedBy} token`;
    if (route.ownedBy && !owner && !(PERMISSIONS['job.manage-any'] as readonly Role[]).includes(c.role)) return 403;
    return route.ok;
  };

  it('gives every caller the expected status on every route', async () => {
    const mismatches: string[] = [];
    for (const route of ROUTES) {
      for (const c of callers) {
        const cred = await c.credential();
        let req = t.http()[route.method](await route.path(fixture));
        if (cred) req = req.set('Authorization', `Bearer ${cred}`);
        const body: unknown = typeof route.body === 'function' ? (route.body as () => unknown)() : route.body;
        const res = await (body ? req.send(body) : req);
        const want = expected(route, c);
        if (res.status !== want)
          mismatches.push(
            `${route.method.toUpperCase()} ${route.template} as ${c.name}: ${res.status}, expected ${want}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('covers every documented protected route', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body;
    const documented: string[] = [];
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { 'x-permission': string }>>,
    )) {
      for (const [method, op] of Object.entries(methods)) {
        if (op['x-permission'] !== 'public') documented.push(`${method} ${path} ${op['x-permission']}`);
      }
    }
    expect(ROUTES.map((r) => `${r.method} ${r.template} ${r.permission}`).sort()).toEqual(documented.sort());
  });

  it('throttles repeated authentication failures with 429 and Retry-After', async () => {
    const strict = await startTestApp({ AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW: '1m' });
    try {
      for (let i = 0; i < 5; i++)
        await strict.http().get('/v1/recordings').set('Authorization', 'Bearer crv_guess').expect(401);
      const blocked = await strict.http().get('/v1/recordings').set('Authorization', 'Bearer crv_guess').expect(429);
      expect(blocked.body.code).toBe('TOO_MANY_AUTH_FAILURES');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Public routes stay reachable for the blocked client.
      await strict.http().get('/health/live').expect(200);
    } finally {
      await strict.close();
    }
  });
});
