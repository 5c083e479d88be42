import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { OPERATIONS, uploadForm, type VaultClient } from '@call-recording-vault/client';
import { verifyWebhook } from '@call-recording-vault/client/webhooks';
import { Webhook } from 'standardwebhooks';
import { KmsService } from '../src/modules/crypto/kms.service';
import { TenantKeyService } from '../src/modules/tenants/tenant-key.service';
import { WebhookEvents } from '../src/modules/webhooks/webhook-events.service';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { contractClients } from './support/contract';

/**
 * Every documented operation driven through the generated client, each answer
 * checked against the response schema the document gives for its status.
 */
describe('the typed client against every route', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof contractClients>>;
  let ingest: VaultClient;
  let admin: VaultClient;
  let qa: VaultClient;
  let legal: VaultClient;
  let auditor: VaultClient;
  let anonymous: VaultClient;
  let recordingId: string;
  let waitingId: string;
  let acmeId: string;

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_POLL_INTERVAL: '500ms',
      CONSENT_WAIT: '60s',
      // The webhook's host cannot be resolved here; the operator names it (the egress policy refuses it otherwise).
      WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com',
    });
    acmeId = (await t.tenant('acme')).id;
    c = await contractClients(t);
    ingest = c.client((await t.apiKey('acme', 'ingest')).key);
    admin = c.client((await t.apiKey('acme', 'admin')).key);
    qa = c.client(await t.token('acme', 'qa'));
    legal = c.client(await t.token('acme', 'legal'));
    auditor = c.client(await t.token('acme', 'auditor'));
    anonymous = c.client();
  });
  afterAll(() => t.close());

  async function settled(id: string, until: string[]) {
    for (let i = 0; i < 300; i++) {
      const { data } = await ingest.GET('/v1/recordings/{id}', { params: { path: { id } } });
      if (data && until.includes(data.status)) return data;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`recording ${id} did not reach ${until.join('/')}`);
  }

  it('serves health and the development JWKS without credentials', async () => {
    expect((await anonymous.GET('/health/live')).data).toEqual({ status: 'ok' });
    expect((await anonymous.GET('/health/ready')).data?.status).toBe('ok');
    expect((await anonymous.GET('/dev-oidc/jwks.json')).data?.keys.length).toBe(1);
    const discovery = await anonymous.GET('/dev-oidc/.well-known/openid-configuration');
    expect(discovery.data?.issuer).toMatch(/\/dev-oidc$/);
  });

  it('ingests through the client: upload (metadata as a JSON part), consent for a waiting call, detail', async () => {
    const call = makeCall({ externalCallId: 'contract-1' });
    const up = await ingest.POST('/v1/recordings', {
      body: { metadata: call.metadata as never, audio: new Blob([call.wav]) },
      bodySerializer: uploadForm,
      headers: { 'Idempotency-Key': 'contract-1' },
    });
    expect(up.response.status).toBe(202);
    recordingId = up.data?.id ?? '';
    const again = await ingest.POST('/v1/recordings', {
      body: { metadata: call.metadata as never, audio: new Blob([call.wav]) },
      bodySerializer: uploadForm,
      headers: { 'Idempotency-Key': 'contract-1' },
    });
    expect([again.data?.id, again.response.headers.get('Idempotent-Replayed')]).toEqual([recordingId, 'true']);

    // All-party consent law and no consent yet: the call waits for it.
    const waiting = makeCall({ externalCallId: 'contract-2', consent: [] });
    waitingId = (
      await ingest.POST('/v1/recordings', {
        body: { metadata: waiting.metadata as never, audio: new Blob([waiting.wav]) },
        bodySerializer: uploadForm,
      })
    ).data?.id as string;
    await settled(waitingId, ['awaiting_consent']);
    const added = await ingest.POST('/v1/recordings/{id}/consent', {
      params: { path: { id: waitingId } },
      body: {
        consent: [
          { participant: 'customer', kind: 'granted', method: 'ivr-keypress', offsetMs: 0 },
          { participant: 'agent', kind: 'granted', method: 'agent-attested', offsetMs: 0 },
        ],
      },
    });
    expect([added.response.status, added.data?.added]).toEqual([202, 2]);
    expect((await settled(recordingId, ['available'])).redaction?.verified).toBe(true);
    await settled(waitingId, ['available', 'rejected']);
    expect((await ingest.GET('/v1/tenants/current')).data?.principal.role).toBe('ingest');
  });

  it('lists, reads, streams and links the audio as qa', async () => {
    const page = await qa.GET('/v1/recordings', { params: { query: { limit: 1, sort: 'asc' } } });
    expect(page.data?.items.map((i) => i.id)).toEqual([recordingId]);
    const next = await qa.GET('/v1/recordings', {
      params: { query: { limit: 1, sort: 'asc', cursor: page.data?.nextCursor ?? '' } },
    });
    expect(next.data?.items.map((i) => i.id)).toEqual([waitingId]);
    expect((await qa.GET('/v1/recordings/{id}', { params: { path: { id: recordingId } } })).data?.status).toBe(
      'available',
    );
    const report = await qa.GET('/v1/recordings/{id}/redactions', { params: { path: { id: recordingId } } });
    expect(report.data?.report?.spans.length).toBeGreaterThan(0);
    const transcript = await qa.GET('/v1/recordings/{id}/transcript', { params: { path: { id: recordingId } } });
    expect(transcript.data?.words.some((w) => w.redacted !== undefined)).toBe(true);
    const waveform = await qa.GET('/v1/recordings/{id}/waveform', { params: { path: { id: recordingId } } });
    expect(waveform.data?.msPerPeak).toBeGreaterThan(0);
    const head = await qa.HEAD('/v1/recordings/{id}/audio', { params: { path: { id: recordingId } } });
    const size = Number(head.response.headers.get('content-length'));
    const ranged = await qa.GET('/v1/recordings/{id}/audio', {
      params: { path: { id: recordingId } },
      headers: { Range: 'bytes=0-99', 'X-Access-Purpose': 'contract test' },
      parseAs: 'arrayBuffer',
    });
    expect([ranged.response.status, ranged.response.headers.get('content-range')]).toEqual([206, `bytes 0-99/${size}`]);
    const link = await qa.POST('/v1/recordings/{id}/playback', {
      params: { path: { id: recordingId } },
      body: { purpose: 'QA review' },
    });
    expect(link.data?.url).toContain(`/v1/recordings/${recordingId}/audio?token=`);
  });

  it('runs a bulk job: start, progress, items, list, result link and download, delete, cancel', async () => {
    const started = await legal.POST('/v1/jobs', {
      body: { kind: 'evidence-export', params: { status: 'available' } },
    });
    expect([started.response.status, started.data?.total]).toEqual([202, 2]);
    const id = started.data?.id ?? '';
    let status = started.data?.status;
    for (let i = 0; i < 300 && status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await legal.GET('/v1/jobs/{id}', { params: { path: { id } } })).data?.status;
    }
    expect(status).toBe('succeeded');
    const items = await legal.GET('/v1/jobs/{id}/items', { params: { path: { id }, query: { status: 'succeeded' } } });
    expect(items.data?.items).toHaveLength(2);
    expect((await legal.GET('/v1/jobs', { params: { query: { limit: 10 } } })).data?.items.map((j) => j.id)).toEqual([
      id,
    ]);
    const link = await legal.POST('/v1/jobs/{id}/result-link', { params: { path: { id } } });
    const token = new URL(link.data?.url ?? '', 'http://x').searchParams.get('token') ?? '';
    const archive = await anonymous.GET('/v1/jobs/{id}/result', {
      params: { path: { id }, query: { token } },
      parseAs: 'arrayBuffer',
    });
    expect([archive.response.status, archive.response.headers.get('content-type')]).toEqual([200, 'application/x-tar']);
    const deleted = await legal.DELETE('/v1/jobs/{id}', { params: { path: { id } } });
    expect(deleted.response.status).toBe(204);
    expect((await legal.GET('/v1/jobs/{id}', { params: { path: { id } } })).data?.deletedAt).not.toBeNull();
    const gone = await legal.POST('/v1/jobs/{id}/result-link', { params: { path: { id } } });
    expect([gone.response.status, gone.error?.code]).toEqual([410, 'JOB_RESULT_GONE']);
    const second = await legal.POST('/v1/jobs', { body: { kind: 'dsar-export', params: { phone: '+14155550134' } } });
    const cancelled = await legal.POST('/v1/jobs/{id}/cancel', { params: { path: { id: second.data?.id ?? '' } } });
    // Either it was stopped, or it had already finished (409): both are documented answers.
    expect([200, 409]).toContain(cancelled.response.status);
  });

  it('runs the tenant administration routes as admin', async () => {
    const key = await admin.POST('/v1/api-keys', { body: { role: 'ingest', label: 'contract' } });
    expect(key.data?.key.startsWith(key.data.prefix)).toBe(true);
    expect((await admin.GET('/v1/api-keys')).data?.items.length).toBeGreaterThanOrEqual(3);
    const revoked = await admin.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.data?.id ?? '' } } });
    expect(revoked.data?.revokedAt).not.toBeNull();
    const hook = await admin.PUT('/v1/tenants/current/webhook', { body: { url: 'https://hooks.example.com/vault' } });
    expect(hook.data?.secret).toMatch(/^whsec_/);
    // An event for the webhook (its host never answers here): the delivery log and a replay.
    const tenantId = (await t.runtime.dataSource.query(`SELECT id FROM tenants WHERE name = 'acme'`))[0].id as string;
    await t.runtime.dataSource.transaction((m) =>
      t.app.get(WebhookEvents).record(m, tenantId, 'hold.placed', {
        recordingId,
        holdId: '00000000-0000-4000-8000-000000000001',
        recordingHeld: true,
      }),
    );
    const log = await admin.GET('/v1/webhooks/deliveries', { params: { query: { eventType: 'hold.placed' } } });
    expect(log.data?.items).toHaveLength(1);
    const deliveryId = log.data?.items[0]?.id ?? '';
    let replay = await admin.POST('/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: deliveryId } } });
    // The worker may be sending it at this very moment (409); it gives up on the unresolvable host within ms.
    for (let i = 0; i < 20 && replay.response.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 100));
      replay = await admin.POST('/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: deliveryId } } });
    }
    expect(replay.data?.id).toBe(deliveryId);
    expect((await admin.DELETE('/v1/tenants/current/webhook')).response.status).toBe(204);
    const policy = await admin.PUT('/v1/tenants/current/ingest-policy', { body: { requireTranscript: false } });
    expect(policy.data).toEqual({ requireTranscript: false });
    expect((await admin.GET('/v1/tenants/current/transcription')).data?.engine).toBe('none');
    const engine = await admin.PUT('/v1/tenants/current/transcription', { body: { engine: 'none' } });
    expect(engine.data).toEqual({ engine: 'none' });
    expect((await admin.GET('/v1/tenants/current/consent-rules')).data?.override).toBeNull();
    const rules = await admin.PUT('/v1/tenants/current/consent-rules', { body: { version: 'acme-contract-1' } });
    expect(rules.data?.override?.version).toBe(1);
    const retention = await admin.PUT('/v1/tenants/current/retention', {
      body: { defaultDays: 3650, byJurisdiction: { 'US-CA': 3000 } },
    });
    expect(retention.data?.defaultDays).toBe(3650);
    expect((await admin.GET('/v1/tenants/current/retention')).data?.byJurisdiction).toEqual({ 'US-CA': 3000 });
    const current = await admin.POST('/v1/tenants/current/key-rotations', {
      body: { kmsKeyId: t.runtime.services.kms.keyId },
    });
    expect([current.response.status, current.error?.code]).toEqual([409, 'KEY_ALREADY_CURRENT']);
    const target = await t.app.get(KmsService).client.send(new CreateKeyCommand({ Description: 'contract' }));
    await t.app.get(TenantKeyService).allow(acmeId, target.KeyMetadata!.Arn!, 'operator:test');
    const rotation = await admin.POST('/v1/tenants/current/key-rotations', {
      body: { kmsKeyId: target.KeyMetadata!.KeyId! },
    });
    expect(rotation.response.status).toBe(202);
    const progress = await admin.GET('/v1/tenants/current/key-rotations/{id}', {
      params: { path: { id: rotation.data?.id ?? '' } },
    });
    expect(progress.data?.id).toBe(rotation.data?.id);
  });

  it('runs the legal routes: evidence and its verification, holds, deletion, data-subject requests', async () => {
    const id = recordingId;
    const bundle = await legal.GET('/v1/recordings/{id}/evidence', {
      params: { path: { id }, query: { format: 'json' } },
    });
    const evidence = bundle.data;
    if (!evidence || typeof evidence === 'string') throw new Error('no JSON bundle');
    expect((await legal.POST('/v1/evidence/verify', { body: evidence })).data).toEqual({ valid: true });
    const html = await legal.GET('/v1/recordings/{id}/evidence', {
      params: { path: { id }, query: { format: 'html' } },
      parseAs: 'text',
    });
    expect(html.response.headers.get('content-type')).toContain('text/html');

    const hold = await legal.POST('/v1/recordings/{id}/holds', {
      params: { path: { id } },
      body: { matter: 'M-1', reason: 'litigation' },
    });
    expect((await legal.GET('/v1/recordings/{id}/holds', { params: { path: { id } } })).data?.items).toHaveLength(1);

    // Matters: the hold above named M-1, which became a matter of its own; another matter holds the call too.
    const m1 = (await legal.GET('/v1/matters')).data?.items.find((m) => m.reference === 'M-1');
    expect(m1?.holds).toEqual({ active: 1, released: 0 });
    const matter = await legal.POST('/v1/matters', { body: { name: 'Contract', reference: 'C-1' } });
    const mid = matter.data?.id ?? '';
    const path = { path: { id: mid } };
    const byIds = await legal.POST('/v1/matters/{id}/recordings', {
      params: path,
      body: { recordingIds: [id], reason: 'contract' },
    });
    expect([byIds.response.status, byIds.data?.placed]).toEqual([201, [id]]);
    const byFilter = await legal.POST('/v1/matters/{id}/recordings', {
      params: path,
      body: { filter: { externalCallId: 'contract-1' }, reason: 'contract' },
    });
    expect(byFilter.data).toEqual({ placed: [], alreadyHeld: [id], deleted: [], notFound: [] });
    expect((await legal.GET('/v1/matters/{id}', { params: path })).data?.holds).toEqual({ active: 1, released: 0 });
    const matterHolds = (await legal.GET('/v1/matters/{id}/holds', { params: path })).data?.items;
    expect(matterHolds?.map((h) => [h.externalCallId, h.matterId, h.active])).toEqual([['contract-1', mid, true]]);
    const lifted = await legal.POST('/v1/matters/{id}/release', { params: path, body: { reason: 'settled' } });
    expect(lifted.data).toEqual({ released: 1, stillHeld: [id] });
    const trail = (await legal.GET('/v1/matters/{id}/audit', { params: path })).data?.items.map((e) => e.action);
    expect(trail?.slice(0, 2)).toEqual(['matter.create', 'matter.hold']);
    const refused = await legal.DELETE('/v1/recordings/{id}', { params: { path: { id } } });
    expect([refused.response.status, refused.error?.code]).toEqual([409, 'RECORDING_ON_HOLD']);
    const released = await legal.DELETE('/v1/recordings/{id}/holds/{holdId}', {
      params: { path: { id, holdId: hold.data?.id ?? '' } },
      body: { reason: 'settled' },
    });
    expect(released.data?.active).toBe(false);
    expect((await legal.DELETE('/v1/recordings/{id}', { params: { path: { id } } })).data?.status).toBe('deleted');

    const phone = '+14155550134';
    expect((await legal.POST('/v1/dsar/search', { body: { phone } })).data?.items).toHaveLength(2);
    expect((await legal.POST('/v1/dsar/export', { body: { phone } })).data?.items).toHaveLength(2);
    const erased = await legal.POST('/v1/dsar/erase', { body: { phone, reason: 'erasure request' } });
    expect(erased.data?.alreadyDeleted).toEqual([id]);
    expect(erased.data?.erased.map((e) => e.id)).toEqual([waitingId]);
  });

  it('runs the audit routes as auditor', async () => {
    const events = await auditor.GET('/v1/audit/events', { params: { query: { limit: 5 } } });
    const page = events.data;
    if (!page || typeof page === 'string') throw new Error('no JSON page');
    expect(page.items).toHaveLength(5);
    const more = await auditor.GET('/v1/audit/events', {
      params: { query: { limit: 5, cursor: page.nextCursor ?? '' } },
    });
    expect(typeof more.data === 'object' && more.data.items[0].seq).toBe(page.items[4].seq + 1);
    // Paging by cursor yields the same events as one big page, each once, in chain order.
    const all = await auditor.GET('/v1/audit/events', { params: { query: { limit: 1000 } } });
    const want = typeof all.data === 'object' ? all.data.items.map((e) => e.seq) : [];
    const got: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await auditor.GET('/v1/audit/events', { params: { query: { limit: 7, cursor } } });
      if (!res.data || typeof res.data === 'string') throw new Error('no JSON page');
      got.push(...res.data.items.map((e) => e.seq));
      cursor = res.data.nextCursor ?? undefined;
    } while (cursor && got.length < want.length);
    expect(got.slice(0, want.length)).toEqual(want);
    expect((await auditor.GET('/v1/audit/verify')).data?.valid).toBe(true);
  });

  it('has a checker that notices a body or status the document does not allow', () => {
    expect(c.check('/v1/recordings/{id}', 'get', 200, 'application/json', { id: recordingId })).toMatch(/required/);
    expect(c.check('/v1/recordings/{id}', 'get', 418, 'application/json', {})).toBe('status 418 is not documented');
    expect(c.check('/health/live', 'get', 200, 'application/json', { status: 'ok', extra: 1 })).toMatch(/additional/);
  });

  it('answered every call as documented, and drove every documented operation', () => {
    expect(c.problems).toEqual([]);
    expect([...c.called].sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  it('verifies a Standard Webhooks signature with the client helper', () => {
    const secret = `whsec_${Buffer.from('contract-test-secret-0123456789ab').toString('base64')}`;
    const body = JSON.stringify({ type: 'recording.available', data: { id: 'x' } });
    const id = 'msg_1';
    const now = new Date();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, now, body),
    };
    expect(verifyWebhook(secret, body, headers)).toEqual(JSON.parse(body));
    // Node's IncomingHttpHeaders (possibly arrays, any case) and a raw byte body work as they come.
    expect(verifyWebhook(secret, new TextEncoder().encode(body), { ...headers, 'Webhook-Id': undefined })).toEqual(
      JSON.parse(body),
    );
    expect(() => verifyWebhook(secret, body.replace('x', 'y'), headers)).toThrow();
  });
});
