import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli';
import { DocumentSigner } from '../src/modules/legal/document.signer';
import { S3_CLIENT } from '../src/modules/storage/s3-client.provider';
import { wavBytes } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { untar } from './support/tar';
import { settle, upload } from './support/upload';

const CUSTOMER = '+14155550134';
const PAN = ['4111', '1111', '1111', '1111'].join('');
const N = 200;
const MATTER = 'Smith v. Acme 2026-114';

/** A short voice-like tone; the pipeline redacts nothing in it. */
function audio(seconds = 0.5, rate = 8000): Buffer {
  const s = new Int16Array(Math.round(seconds * rate)).map((_, i) =>
    Math.round(4000 * Math.sin((2 * Math.PI * 220 * i) / rate)),
  );
  return wavBytes(s, rate);
}

function metadata(externalCallId: string) {
  return {
    externalCallId,
    startedAt: '2026-11-20T15:00:00Z',
    participants: [
      { id: 'customer', role: 'customer', phone: CUSTOMER, jurisdiction: 'US-CA' },
      { id: 'agent', role: 'agent', jurisdiction: 'US-GA' },
    ],
    consent: [
      { participant: 'customer', kind: 'granted', method: 'ivr-keypress', offsetMs: 0, evidence: { prompt: 'v3' } },
    ],
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Bulk jobs end to end over HTTP with the worker running: 200 recordings per kind. Two are uploaded
 * through the real pipeline; the other 198 are copies of those rows (and participants) made in SQL,
 * sharing the originals' encrypted objects, so that 200 items need not run ffmpeg 200 times.
 */
describe('bulk jobs', () => {
  let t: TestApp;
  let acmeId: string;
  let globexId: string;
  let legal: string;
  let qa: string;
  let admin: string;
  let globexLegal: string;
  let acmeIds: string[];
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const db = () => t.runtime.dataSource;

  /** Copies of a recording row and its participants, in `tenantId`, with call ids `prefix<n>`. */
  async function clone(sourceId: string, tenantId: string, prefix: string, n: number, status = 'available') {
    const rows: { id: string }[] = await db().query(
      `WITH made AS (
         INSERT INTO recordings
         SELECT (jsonb_populate_record(NULL::recordings, to_jsonb(r) || jsonb_build_object(
           'id', gen_random_uuid(), 'tenant_id', $2::uuid, 'external_call_id', $3 || g, 'idempotency_key', NULL,
           'status', $5::text, 'legal_hold', false, 'created_at', clock_timestamp()))).*
         FROM recordings r, generate_series(1, $4) g WHERE r.id = $1
         RETURNING id, tenant_id),
       parts AS (
         INSERT INTO participants
         SELECT (jsonb_populate_record(NULL::participants, to_jsonb(p) || jsonb_build_object(
           'id', gen_random_uuid(), 'recording_id', made.id, 'tenant_id', made.tenant_id))).*
         FROM made, participants p WHERE p.recording_id = $1)
       SELECT id FROM made`,
      [sourceId, tenantId, prefix, n, status],
    );
    return rows.map((r) => r.id);
  }

  async function holdAll(tenantId: string, ids: string[], matter: string) {
    const [m] = await db().query(
      `INSERT INTO matters (tenant_id, name, reference, created_by) VALUES ($1, $2, $2, 'legal') RETURNING id`,
      [tenantId, matter],
    );
    await db().query(
      `INSERT INTO legal_holds (recording_id, tenant_id, matter_id, matter, reason, placed_by)
       SELECT unnest($1::uuid[]), $2, $3, $4, 'litigation', 'legal@acme'`,
      [ids, tenantId, m.id, matter],
    );
  }

  async function start(token: string, body: object, status = 202) {
    return (await t.http().post('/v1/jobs').set(bearer(token)).send(body).expect(status)).body;
  }

  /** Polls until the job ends, checking that every counter only ever grows. */
  async function follow(token: string, id: string, timeoutMs = 120_000) {
    const seen: { done: number; failed: number; eta: number | null; status: string }[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await t.http().get(`/v1/jobs/${id}`).set(bearer(token)).expect(200);
      seen.push({ done: body.done, failed: body.failed, eta: body.etaSeconds, status: body.status });
      if (['succeeded', 'failed', 'cancelled'].includes(body.status)) break;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
      expect(seen[i].failed).toBeGreaterThanOrEqual(seen[i - 1].failed);
    }
    return { final: (await t.http().get(`/v1/jobs/${id}`).set(bearer(token)).expect(200)).body, seen };
  }

  async function download(token: string, id: string): Promise<Map<string, Buffer>> {
    const link = await t.http().post(`/v1/jobs/${id}/result-link`).set(bearer(token)).expect(201);
    expect(link.body.url).toMatch(new RegExp(`^/v1/jobs/${id}/result\\?token=pbt_`));
    // The link alone is the credential (no Authorization header), as for playback.
    const res = await t
      .http()
      .get(link.body.url)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const tar = res.body as Buffer;
    expect(tar.toString('latin1')).not.toContain(PAN);
    return untar(tar);
  }

  async function checkManifest(files: Map<string, Buffer>, items: number) {
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.items).toHaveLength(items);
    for (const item of manifest.items)
      for (const f of item.files) {
        expect(files.get(f.path)?.length).toBe(f.bytes);
        expect(sha256(files.get(f.path)!)).toBe(f.sha256);
      }
    const { signature, ...document } = manifest;
    expect(await t.app.get(DocumentSigner).verify('bulk-export-manifest', document, signature)).toEqual({
      valid: true,
    });
    return manifest;
  }

  beforeAll(async () => {
    // Short leases: a worker cut off mid-job is replaced within seconds.
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      JOB_LEASE: '3s',
      JOB_HEARTBEAT: '500ms',
      // The tenant webhook's host does not resolve here; the outbox still records every event.
      WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com',
    });
    acmeId = (await t.tenant('acme')).id;
    globexId = (await t.tenant('globex')).id;
    const ingest = (await t.apiKey('acme', 'ingest')).key;
    [legal, qa, admin, globexLegal] = await Promise.all([
      t.token('acme', 'legal'),
      t.token('acme', 'qa'),
      t.token('acme', 'admin'),
      t.token('globex', 'legal'),
    ]);
    const originals: string[] = [];
    for (const id of ['orig-1', 'orig-2']) {
      const res = await upload(t, ingest, metadata(id), audio()).expect(202);
      expect((await settle(t, ingest, res.body.id)).status).toBe('available');
      originals.push(res.body.id);
    }
    const adminKey = (await t.apiKey('acme', 'admin')).key;
    await t
      .http()
      .put('/v1/tenants/current/webhook')
      .set(bearer(adminKey))
      .send({ url: 'https://hooks.example.com/vault' })
      .expect(200);
    acmeIds = [
      ...originals,
      ...(await clone(originals[0], acmeId, 'copy-a-', 99)),
      ...(await clone(originals[1], acmeId, 'copy-b-', 98)),
      // Not available: an audio export fails this item, and goes on.
      ...(await clone(originals[1], acmeId, 'copy-failed-', 1, 'failed')),
    ];
    expect(acmeIds).toHaveLength(N);
    await holdAll(acmeId, acmeIds, MATTER);
    await db().query(`UPDATE recordings SET legal_hold = false`);
    const globexIds = await clone(originals[0], globexId, 'globex-', 30);
    await holdAll(globexId, globexIds, MATTER);
  }, 180_000);
  afterAll(() => t.close());

  it('refuses a kind the role may not start: qa cannot erase (403), ingest keys reach no job route', async () => {
    const refused = await start(qa, { kind: 'dsar-erase', params: { phone: CUSTOMER, reason: 'DSAR-1' } }, 403);
    expect(refused.code).toBe('FORBIDDEN');
    await start(qa, { kind: 'import', params: { bucket: 'drop', items: [{ key: 'a', metadata: {} }] } }, 403);
    const ingest = (await t.apiKey('acme', 'ingest')).key;
    await t.http().get('/v1/jobs').set(bearer(ingest)).expect(403);
    // audio-export needs a purpose.
    expect((await start(qa, { kind: 'audio-export', params: {} }, 400)).code).toBe('VALIDATION_FAILED');
    const denied: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'job.create' AND outcome = 'denied'`,
    );
    expect(denied[0].n).toBeGreaterThanOrEqual(2);
  });

  it('evidence-export: a matter’s 200 recordings → one signed archive; a missing recording is a failed item', async () => {
    const job = await start(legal, { kind: 'evidence-export', params: { matter: MATTER } });
    expect(job).toMatchObject({ kind: 'evidence-export', total: N, done: 0, failed: 0 });
    // The last recording disappears before the job reaches it.
    await db().query(`UPDATE bulk_job_items SET ref = gen_random_uuid()::text WHERE job_id = $1 AND seq = $2`, [
      job.id,
      N - 1,
    ]);
    const { final, seen } = await follow(legal, job.id);
    expect(final).toMatchObject({ status: 'succeeded', total: N, done: N - 1, failed: 1 });
    expect(seen.some((s) => s.status === 'running' && typeof s.eta === 'number')).toBe(true);
    const failed = await t.http().get(`/v1/jobs/${job.id}/items`).set(bearer(legal)).expect(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ seq: N - 1, errorCode: 'RECORDING_NOT_FOUND' })]);

    const files = await download(legal, job.id);
    const manifest = await checkManifest(files, N - 1);
    expect(manifest.failed).toEqual([expect.objectContaining({ errorCode: 'RECORDING_NOT_FOUND' })]);
    const bundle = JSON.parse(files.get(`evidence/${acmeIds[0]}.json`)!.toString('utf8'));
    expect(bundle.recording.id).toBe(acmeIds[0]);
    expect(bundle.signature.digest).toMatch(/^sha256:/);
    // Progress every 25 items and one completion, through the webhook outbox, counts only.
    const events: { type: string; payload: { done: number; failed: number; status: string } }[] = await db().query(
      `SELECT type, payload FROM webhook_events WHERE payload->>'jobId' = $1 ORDER BY created_at, type`,
      [job.id],
    );
    const progress = events.filter((e) => e.type === 'job.progress');
    expect(progress.map((e) => e.payload.done + e.payload.failed)).toEqual([25, 50, 75, 100, 125, 150, 175]);
    expect(events.filter((e) => e.type === 'job.completed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ status: 'succeeded', done: N - 1, failed: 1, total: N }),
    ]);
    // Every item is audited, with the job named.
    const audited: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM audit_events WHERE details->>'jobId' = $1`,
      [job.id],
    );
    expect(audited[0].n).toBe(N);
  }, 180_000);

  it('audio-export: redacted audio and reports, purpose audited per item; a recording not available fails alone', async () => {
    const purpose = 'QA calibration batch 12';
    const job = await start(qa, { kind: 'audio-export', params: { purpose } });
    expect(job.total).toBe(N);
    const { final } = await follow(qa, job.id);
    expect(final).toMatchObject({ status: 'succeeded', done: N - 1, failed: 1 });
    const failed = await t.http().get(`/v1/jobs/${job.id}/items`).set(bearer(qa)).expect(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ errorCode: 'RECORDING_NOT_AVAILABLE' })]);
    const files = await download(qa, job.id);
    await checkManifest(files, N - 1);
    const wav = files.get(`audio/${acmeIds[5]}.wav`)!;
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(JSON.parse(files.get(`reports/${acmeIds[5]}.json`)!.toString()).report.verification.passed).toBe(true);
    const audited: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM audit_events WHERE details->>'jobId' = $1 AND purpose = $2`,
      [job.id, purpose],
    );
    expect(audited[0].n).toBe(N);
    // A role that may not start audio exports does not see them.
    await t.http().get(`/v1/jobs/${job.id}`).set(bearer(admin)).expect(404);
  }, 180_000);

  it('cancel stops a running job between items; nothing more is counted and there is no result', async () => {
    const job = await start(legal, { kind: 'evidence-export', params: {} });
    for (;;) {
      const { body } = await t.http().get(`/v1/jobs/${job.id}`).set(bearer(legal));
      if (body.done >= 20) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const cancelled = await t.http().post(`/v1/jobs/${job.id}/cancel`).set(bearer(legal)).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const completed: { payload: { status: string } }[] = await db().query(
      `SELECT payload FROM webhook_events WHERE type = 'job.completed' AND payload->>'jobId' = $1`,
      [job.id],
    );
    expect(completed.map((e) => e.payload.status)).toEqual(['cancelled']);
    await new Promise((r) => setTimeout(r, 1500));
    const a = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(legal))).body;
    await new Promise((r) => setTimeout(r, 1000));
    const b = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(legal))).body;
    expect(b.status).toBe('cancelled');
    expect(b.done).toBe(a.done);
    expect(b.done).toBeLessThan(N);
    expect(b.result).toBeNull();
    await t.http().post(`/v1/jobs/${job.id}/result-link`).set(bearer(legal)).expect(409);
    await t.http().post(`/v1/jobs/${job.id}/cancel`).set(bearer(legal)).expect(409);
    // The parts its items made are shredded.
    const parts: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM data_keys WHERE object_kind = 'job-part' AND object_key LIKE $1`,
      [`%/jobs/${job.id}/%`],
    );
    expect(parts[0].n).toBe(0);
  }, 120_000);

  it('a job whose worker is cut off mid-way resumes at the first pending item: each item done exactly once', async () => {
    const job = await start(legal, { kind: 'evidence-export', params: {} });
    for (;;) {
      const { body } = await t.http().get(`/v1/jobs/${job.id}`).set(bearer(legal));
      if (body.done >= 40) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // The attempt's lease as another worker sees it when its holder froze or lost the database: someone
    // else's, expired. The holder can no longer renew it or commit; any heartbeat recovers the job.
    const [lease] = await db().query(
      `UPDATE job_leases SET attempt_id = gen_random_uuid(), expires_at = now() - interval '1 second'
        WHERE job_name = 'bulk.run' AND data->>'jobId' = $1 RETURNING job_id`,
      [job.id],
    );
    expect(lease).toBeDefined();
    const { final } = await follow(legal, job.id);
    expect(final).toMatchObject({ status: 'succeeded', done: N, failed: 0 });
    const runs: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'bulk.run' AND data->>'jobId' = $1`,
      [job.id],
    );
    expect(runs[0].n).toBeGreaterThanOrEqual(2);
    const audited: { n: number; distinct: number }[] = await db().query(
      `SELECT count(*)::int AS n, count(DISTINCT details->>'seq')::int AS distinct FROM audit_events WHERE details->>'jobId' = $1`,
      [job.id],
    );
    expect(audited[0]).toEqual({ n: N, distinct: N });
    const files = await download(legal, job.id);
    await checkManifest(files, N);
    expect([...files.keys()].filter((k) => k.startsWith('evidence/'))).toHaveLength(N);
    // No part of the interrupted attempt is left behind.
    const parts: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM data_keys WHERE object_kind = 'job-part' AND object_key LIKE $1`,
      [`%/jobs/${job.id}/%`],
    );
    expect(parts[0].n).toBe(0);
  }, 180_000);

  it('starts and watches a job from the operator CLI over the HTTP API', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-cli-'));
    const file = path.join(dir, 'params.json');
    fs.writeFileSync(file, JSON.stringify({ externalCallId: 'orig-1' }));
    const env = {
      VAULT_URL: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`,
      VAULT_TOKEN: legal,
      DATA_DIR: dir,
    };
    const started = await run(['jobs:start', 'evidence-export', '--file', file, '--json'], env);
    const job = started.json as { id: string; total: number };
    expect(job.total).toBe(1);
    const watched = await run(['jobs:watch', job.id, '--json'], env);
    expect([watched.exitCode, (watched.json as { status: string }).status]).toEqual([0, 'succeeded']);
    expect(watched.text).toBe('succeeded: 1 done, 0 failed of 1');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a phone filter masked only: the job finds by it, then forgets it', async () => {
    const job = await start(legal, { kind: 'evidence-export', params: { phone: CUSTOMER, externalCallId: 'orig-2' } });
    expect(job.total).toBe(1);
    expect(job.params.phone).not.toContain('5550134');
    const stored: { params: string }[] = await db().query(`SELECT params::text FROM bulk_jobs WHERE id = $1`, [job.id]);
    expect(stored[0].params).not.toContain(CUSTOMER);
    expect((await follow(legal, job.id)).final.status).toBe('succeeded');
  });

  it('two tenants starting jobs at once never see each other’s items or jobs', async () => {
    const [a, g] = await Promise.all([
      start(legal, { kind: 'evidence-export', params: { matter: MATTER } }),
      start(globexLegal, { kind: 'evidence-export', params: { matter: MATTER } }),
    ]);
    expect(a.total).toBe(N);
    expect(g.total).toBe(30);
    const mixed: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM bulk_job_items i JOIN bulk_jobs j ON j.id = i.job_id
         JOIN recordings r ON r.id::text = i.ref WHERE j.id = ANY($1) AND r.tenant_id <> j.tenant_id`,
      [[a.id, g.id]],
    );
    expect(mixed[0].n).toBe(0);
    await t.http().get(`/v1/jobs/${a.id}`).set(bearer(globexLegal)).expect(404);
    const list = await t.http().get('/v1/jobs').set(bearer(globexLegal)).expect(200);
    expect(list.body.items.map((j: { id: string }) => j.id)).toEqual([g.id]);
    expect((await follow(globexLegal, g.id)).final).toMatchObject({ status: 'succeeded', done: 30 });
    await t.http().post(`/v1/jobs/${a.id}/cancel`).set(bearer(legal)).expect(200);
    // Pages of the tenant's own jobs, newest first.
    const page1 = await t.http().get('/v1/jobs?limit=2').set(bearer(legal)).expect(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await t.http().get(`/v1/jobs?limit=2&cursor=${page1.body.nextCursor}`).set(bearer(legal)).expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[1].id);
  }, 120_000);

  it('dsar-export: evidence for every recording with the number, which is stored masked only', async () => {
    const job = await start(legal, { kind: 'dsar-export', params: { phone: CUSTOMER } });
    expect(job.total).toBe(N);
    expect(job.params.phone).not.toContain('5550134');
    // The last item, as in the evidence export: an early one may be worked before this UPDATE lands.
    await db().query(`UPDATE bulk_job_items SET ref = gen_random_uuid()::text WHERE job_id = $1 AND seq = $2`, [
      job.id,
      N - 1,
    ]);
    const { final } = await follow(legal, job.id);
    expect(final).toMatchObject({ status: 'succeeded', done: N - 1, failed: 1 });
    const stored: { params: string }[] = await db().query(`SELECT params::text FROM bulk_jobs WHERE id = $1`, [job.id]);
    expect(stored[0].params).not.toContain(CUSTOMER);
    await checkManifest(await download(legal, job.id), N - 1);
  }, 180_000);

  it('dsar-erase: every recording with the number is shredded except a held one, which fails with its code', async () => {
    await db().query(`UPDATE recordings SET legal_hold = true WHERE id = $1`, [acmeIds[10]]);
    await db().query(`UPDATE legal_holds SET released_at = NULL WHERE recording_id = $1`, [acmeIds[10]]);
    await db().query(`UPDATE legal_holds SET released_at = now(), released_by = 'legal' WHERE recording_id <> $1`, [
      acmeIds[10],
    ]);
    const job = await start(legal, { kind: 'dsar-erase', params: { phone: CUSTOMER, reason: 'erasure request ER-1' } });
    const { final } = await follow(legal, job.id);
    expect(final).toMatchObject({ status: 'succeeded', failed: 1, result: null });
    const failed = await t.http().get(`/v1/jobs/${job.id}/items`).set(bearer(legal)).expect(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ ref: acmeIds[10], errorCode: 'RECORDING_ON_HOLD' })]);
    const left: { n: number }[] = await db().query(
      `SELECT count(*)::int AS n FROM recordings WHERE tenant_id = $1 AND id = ANY($2) AND status <> 'deleted'`,
      [acmeId, acmeIds],
    );
    expect(left[0].n).toBe(1);
  }, 180_000);
  it('import: objects in another bucket through the upload pipeline; a missing object fails alone; a rerun creates nothing', async () => {
    const s3 = t.app.get<S3Client>(S3_CLIENT);
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-drop' }));
    const wav = audio(0.2);
    for (let i = 0; i < N - 1; i += 20)
      await Promise.all(
        Array.from({ length: Math.min(20, N - 1 - i) }, (_, k) =>
          s3.send(new PutObjectCommand({ Bucket: 'acme-drop', Key: `calls/${i + k}.wav`, Body: wav })),
        ),
      );
    const items = Array.from({ length: N }, (_, i) => ({ key: `calls/${i}.wav`, metadata: metadata(`import-${i}`) }));
    const job = await start(admin, { kind: 'import', params: { bucket: 'acme-drop', items } });
    expect(job.params).toEqual({ bucket: 'acme-drop', items: N });
    const { final } = await follow(admin, job.id, 300_000);
    expect(final).toMatchObject({ status: 'succeeded', done: N - 1, failed: 1, result: null });
    const failed = await t.http().get(`/v1/jobs/${job.id}/items`).set(bearer(admin)).expect(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({ ref: `calls/${N - 1}.wav`, errorCode: 'OBJECT_NOT_FOUND' }),
    ]);
    const count = async () =>
      (await db().query(`SELECT count(*)::int AS n FROM recordings WHERE external_call_id LIKE 'import-%'`))[0]
        .n as number;
    expect(await count()).toBe(N - 1);
    const again = await start(admin, { kind: 'import', params: { bucket: 'acme-drop', items } });
    expect((await follow(admin, again.id, 300_000)).final).toMatchObject({ done: N - 1, failed: 1 });
    expect(await count()).toBe(N - 1);
    // The vault's own bucket is refused.
    await start(admin, { kind: 'import', params: { bucket: t.config.s3.bucket, items: items.slice(0, 1) } }, 400);
  }, 400_000);
});
