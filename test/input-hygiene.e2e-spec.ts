import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3_CLIENT } from '../src/modules/storage/s3-client.provider';
import type { S3Client } from '@aws-sdk/client-s3';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';
import { makeCall } from './fixtures/call';

/** Issue 12: limits and input hygiene. Every refusal is a 4xx, and a refused upload leaves nothing behind. */
describe('limits and input hygiene', () => {
  let t: TestApp;
  let ingest: string;
  let auditor: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const call = makeCall({ externalCallId: 'hygiene' });

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_ENABLED: 'false',
      UPLOAD_METADATA_MAX_BYTES: '65536',
    });
    await t.tenant('acme');
    ingest = (await t.apiKey('acme', 'ingest')).key;
    auditor = await t.token('acme', 'auditor');
  });
  afterAll(() => t.close());

  /** Rows and (non-audit) objects the vault holds. */
  async function stored(): Promise<{ recordings: number; keys: number; objects: number }> {
    const [r] = await t.runtime.dataSource.query(
      `SELECT (SELECT count(*)::int FROM recordings) AS recordings, (SELECT count(*)::int FROM data_keys) AS keys`,
    );
    const listed = await t.app.get<S3Client>(S3_CLIENT).send(new ListObjectsV2Command({ Bucket: t.config.s3.bucket }));
    const objects = (listed.Contents ?? []).filter((o) => !o.Key?.startsWith('audit-anchors/')).length;
    return { recordings: r.recordings, keys: r.keys, objects };
  }

  async function expectNothingStored(before: Awaited<ReturnType<typeof stored>>) {
    // Give a store that might still be running the time to commit, then compare.
    await new Promise((r) => setTimeout(r, 500));
    expect(await stored()).toEqual(before);
  }

  it('refuses a metadata part over UPLOAD_METADATA_MAX_BYTES with 413, while streaming', async () => {
    const before = await stored();
    const meta = {
      ...call.metadata,
      consent: [{ participant: '*', kind: 'granted', method: 'verbal', evidence: { pad: 'x'.repeat(200_000) } }],
    };
    const res = await upload(t, ingest, meta, call.wav);
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(res.body.message).toContain('metadata');
    await expectNothingStored(before);
  });

  it('refuses metadata nested deeper than 32 levels with 400, before the audio is stored', async () => {
    const before = await stored();
    for (const depth of [33, 1000, 20_000]) {
      const raw = JSON.stringify({ ...call.metadata, externalCallId: `deep-${depth}`, consent: [] }).replace(
        '"consent":[]',
        `"consent":[{"participant":"*","kind":"granted","method":"verbal","evidence":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}]`,
      );
      const res = await upload(t, ingest, undefined, call.wav, { rawMetadata: raw });
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_METADATA']);
    }
    await expectNothingStored(before);
  });

  it('refuses deep JSON bodies with 400', async () => {
    const res = await t
      .http()
      .post('/v1/recordings/00000000-0000-4000-8000-000000000000/consent')
      .set(bearer(ingest))
      .set('Content-Type', 'application/json')
      .send(`{"consent":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it.each<[string, () => ReturnType<ReturnType<TestApp['http']>['post']>]>([
    [
      'no boundary',
      () =>
        t
          .http()
          .post('/v1/recordings')
          .set(bearer(ingest))
          .set('Content-Type', 'multipart/form-data')
          .send('--x\r\n\r\n'),
    ],
    [
      'three parts (a second file after the audio)',
      () =>
        t
          .http()
          .post('/v1/recordings')
          .set(bearer(ingest))
          .field('metadata', JSON.stringify({ ...call.metadata, externalCallId: 'three-parts' }))
          .attach('audio', call.wav, 'call.wav')
          .attach('extra', Buffer.from('more'), 'extra.bin'),
    ],
    [
      'three parts (a field after the audio)',
      () =>
        t
          .http()
          .post('/v1/recordings')
          .set(bearer(ingest))
          .field('metadata', JSON.stringify({ ...call.metadata, externalCallId: 'three-fields' }))
          .attach('audio', call.wav, 'call.wav')
          .field('note', 'x'),
    ],
    [
      'audio before metadata',
      () =>
        t
          .http()
          .post('/v1/recordings')
          .set(bearer(ingest))
          .attach('audio', call.wav, 'call.wav')
          .field('metadata', JSON.stringify(call.metadata)),
    ],
    [
      'metadata only',
      () => t.http().post('/v1/recordings').set(bearer(ingest)).field('metadata', JSON.stringify(call.metadata)),
    ],
    [
      'truncated body',
      () =>
        t
          .http()
          .post('/v1/recordings')
          .set(bearer(ingest))
          .set('Content-Type', 'multipart/form-data; boundary=b')
          .send('--b\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{'),
    ],
  ])('answers a bad multipart shape (%s) with 400 and stores nothing', async (_name, send) => {
    const before = await stored();
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    await expectNothingStored(before);
  });

  it('refuses a control character in an id with 400 and audits the refusal', async () => {
    const res = await t.http().get('/v1/recordings/abc%00def').set(bearer(ingest));
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const [row] = await t.runtime.dataSource.query(
      `SELECT outcome, resource_id, details->>'status' AS status FROM audit_events WHERE correlation_id = $1`,
      [res.body.correlationId],
    );
    expect(row).toEqual({ outcome: 'error', resource_id: 'abc\ufffddef', status: '400' });
  });

  it('strips control and bidi characters from an access purpose', async () => {
    await t
      .http()
      .get('/v1/tenants/current')
      .query({ purpose: 'QA\u0000 review\r\nX-Forged: 1\u202e' })
      .set(bearer(ingest))
      .expect(200);
    const [last] = await t.runtime.dataSource.query(
      `SELECT purpose FROM audit_events WHERE purpose IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    );
    expect(last.purpose).toBe('QA review X-Forged: 1');
  });

  it('answers a malformed JSON body with 400 without echoing it', async () => {
    const res = await t
      .http()
      .post('/v1/recordings/00000000-0000-4000-8000-000000000000/consent')
      .set(bearer(ingest))
      .set('Content-Type', 'application/json')
      .send('{"consent": [ "secret-marker-4111');
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(res.body)).not.toContain('secret-marker');
  });

  it('does not show an auditor the size of the chain all tenants share', async () => {
    const res = await t.http().get('/v1/audit/verify').set(bearer(auditor)).expect(200);
    expect(res.body).toMatchObject({ valid: true, ok: true });
    expect(res.body).not.toHaveProperty('events');
    expect(res.body).not.toHaveProperty('lastSeq');
    expect(res.body).not.toHaveProperty('checkpoints');
    expect(JSON.stringify(res.body)).not.toMatch(/\d+ events/);
  });

  it('marks every API answer Cache-Control: no-store, errors included', async () => {
    for (const res of [
      await t.http().get('/v1/tenants/current').set(bearer(ingest)),
      await t.http().get('/v1/recordings/00000000-0000-4000-8000-000000000000').set(bearer(ingest)),
      await t.http().get('/v1/recordings'),
      await t.http().get('/v1/no-such-route'),
      await t.http().get('/health/live'),
    ])
      expect([res.status, res.headers['cache-control']]).toEqual([res.status, 'no-store']);
  });
});
