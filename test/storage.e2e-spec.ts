import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, HEADER_SIZE } from '../src/modules/crypto/chunked-encryption';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { DataKeyRepository } from '../src/modules/crypto/data-key.repository';
import { PgNotifications } from '../src/database/pg-notifications';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { KmsService } from '../src/modules/crypto/kms.service';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { ObjectStore } from '../src/modules/storage/object-store';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { TenantKeyService } from '../src/modules/tenants/tenant-key.service';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording as stored } from './support/stored';

describe('encrypted storage and streaming', () => {
  let t: TestApp;
  let envelope: EnvelopeService;
  let store: ObjectStore;
  let acme: { id: string };
  let qa: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  // Not chunk-aligned, several chunks long.
  const audio = randomBytes(5 * CHUNK_SIZE + 1234);

  async function storedRecording(bytes = audio, tenantId = acme.id) {
    return stored(t, { tenantId }, bytes, await t.app.get(TenantService).wrappingKey(tenantId));
  }

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
    acme = await t.tenant('acme');
    await t.tenant('globex');
    envelope = t.app.get(EnvelopeService);
    store = t.app.get(ObjectStore);
    qa = await t.token('acme', 'qa');
  });
  afterAll(() => t.close());

  it('stores only ciphertext, with the wrapped key in the database and none in S3 metadata', async () => {
    const { sealed } = await storedRecording();
    expect(sealed.plaintextSize).toBe(audio.length);
    const raw = Buffer.concat(await (await store.get(sealed.objectKey)).toArray());
    expect(raw.length).toBe(sealed.ciphertextSize);
    expect(raw.includes(audio.subarray(0, 64))).toBe(false);
    expect(createHash('sha256').update(raw).digest('hex')).toBe(sealed.sha256);
    const [key] = await t.runtime.dataSource.getRepository(DataKeyEntity).findBy({ objectKey: sealed.objectKey });
    expect(key.encryptionContext).toEqual({ tenant: acme.id, recording: expect.any(String), kind: 'recording' });
    expect(key.wrappedKey.length).toBeGreaterThan(32);
  });

  it('streams the whole object with its headers', async () => {
    const { id } = await storedRecording();
    const res = await t
      .http()
      .get(`/v1/recordings/${id}/audio`)
      .set(bearer(qa))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(Buffer.compare(res.body, audio)).toBe(0);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['content-length']).toBe(String(audio.length));
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const head = await t.http().head(`/v1/recordings/${id}/audio`).set(bearer(qa)).expect(200);
    expect(head.headers['content-length']).toBe(String(audio.length));
  });

  it.each([
    ['bytes=0-0', 0, 0],
    ['bytes=0-99', 0, 99],
    [`bytes=${CHUNK_SIZE - 10}-${CHUNK_SIZE + 10}`, CHUNK_SIZE - 10, CHUNK_SIZE + 10],
    [`bytes=${3 * CHUNK_SIZE}-`, 3 * CHUNK_SIZE, audio.length - 1],
    ['bytes=-100', audio.length - 100, audio.length - 1],
    [`bytes=${audio.length - 1}-${audio.length + 500}`, audio.length - 1, audio.length - 1],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const { id } = await storedRecording();
    const res = await t
      .http()
      .get(`/v1/recordings/${id}/audio`)
      .set(bearer(qa))
      .set('Range', range)
      .buffer(true)
      .parse(binary as never)
      .expect(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${audio.length}`);
    expect(Buffer.compare(res.body, audio.subarray(start, end + 1))).toBe(0);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const { id } = await storedRecording();
    const res = await t
      .http()
      .get(`/v1/recordings/${id}/audio`)
      .set(bearer(qa))
      .set('Range', `bytes=${audio.length}-`)
      .expect(416);
    expect(res.body.code).toBe('RANGE_NOT_SATISFIABLE');
    expect(res.headers['content-range']).toBe(`bytes */${audio.length}`);
  });

  it('fetches only the chunks covering a range, wherever it is, once the header is cached', async () => {
    const { id } = await storedRecording();
    // Warm the cache (header, authenticated length) so only the range's own reads are counted.
    await t.http().head(`/v1/recordings/${id}/audio`).set(bearer(qa)).expect(200);
    const spy = jest.spyOn(store, 'getRange');
    try {
      for (const start of [0, 2 * CHUNK_SIZE + 7]) {
        spy.mockClear();
        await t
          .http()
          .get(`/v1/recordings/${id}/audio`)
          .set(bearer(qa))
          .set('Range', `bytes=${start}-${start + 99}`)
          .expect(206);
        const ranges = spy.mock.calls.map(([, s, e]) => [s, e]);
        const chunk = Math.floor(start / CHUNK_SIZE);
        expect(ranges).toEqual([
          [HEADER_SIZE + chunk * ENCRYPTED_CHUNK_SIZE, HEADER_SIZE + (chunk + 1) * ENCRYPTED_CHUNK_SIZE - 1],
        ]);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('audits every served request with its range and purpose', async () => {
    const { id } = await storedRecording();
    await t
      .http()
      .get(`/v1/recordings/${id}/audio`)
      .set(bearer(qa))
      .set('Range', 'bytes=10-19')
      .set('X-Access-Purpose', 'dispute')
      .expect(206);
    const [row] = await t.runtime.dataSource.query(
      `SELECT outcome, purpose, details FROM audit_events WHERE action = 'recording.stream' AND resource_id = $1`,
      [id],
    );
    expect(row).toMatchObject({
      outcome: 'success',
      purpose: 'dispute',
      details: expect.objectContaining({ range: 'bytes=10-19', bytes: 10 }),
    });
  });

  it('audits the status each success answered with, not 200 for all', async () => {
    const { id } = await storedRecording();
    await t.http().get(`/v1/recordings/${id}/audio`).set(bearer(qa)).expect(200);
    await t.http().get(`/v1/recordings/${id}/audio`).set(bearer(qa)).set('Range', 'bytes=0-0').expect(206);
    await t.http().post(`/v1/recordings/${id}/playback`).set(bearer(qa)).send({ purpose: 'QA review' }).expect(201);
    const admin = await t.token('acme', 'admin');
    const target = await t.app.get(KmsService).client.send(new CreateKeyCommand({ Description: 'audited rotation' }));
    await t.app.get(TenantKeyService).allow(acme.id, target.KeyMetadata!.Arn!, 'operator:test');
    const started = await t
      .http()
      .post('/v1/tenants/current/key-rotations')
      .set(bearer(admin))
      .send({ kmsKeyId: target.KeyMetadata!.Arn })
      .expect(202);
    // Let it finish before the next test rotates.
    for (let i = 0; i < 40; i++) {
      const progress = await t
        .http()
        .get(`/v1/tenants/current/key-rotations/${started.body.id}`)
        .set(bearer(admin))
        .expect(200);
      if (progress.body.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const rows = await t.runtime.dataSource.query(
      `SELECT details->>'method' AS method, (details->>'status')::int AS status FROM audit_events
        WHERE outcome = 'success' AND actor_kind = 'user' AND (resource_id = $1 OR (action = 'tenant.keys.rotate' AND details->>'method' = 'POST'))
        ORDER BY seq`,
      [id],
    );
    expect(rows).toEqual([
      { method: 'GET', status: 200 },
      { method: 'GET', status: 206 },
      { method: 'POST', status: 201 },
      { method: 'POST', status: 202 },
    ]);
  });

  it('issues playback links bound to the user, the recording and the purpose, valid for at most five minutes', async () => {
    const { id } = await storedRecording();
    const { id: other } = await storedRecording();
    const link = await t
      .http()
      .post(`/v1/recordings/${id}/playback`)
      .set(bearer(qa))
      .send({ purpose: 'QA review' })
      .expect(201);
    expect(new Date(link.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const res = await t
      .http()
      .get(link.body.url)
      .set('Range', 'bytes=0-9')
      .buffer(true)
      .parse(binary as never)
      .expect(206);
    expect(Buffer.compare(res.body, audio.subarray(0, 10))).toBe(0);
    const token = new URL(link.body.url, 'http://x').searchParams.get('token');
    await t.http().get(`/v1/recordings/${other}/audio?token=${token}`).expect(401);
    await t.http().get(`/v1/recordings/${id}?token=${token}`).expect(401);
    const [row] = await t.runtime.dataSource.query(
      `SELECT actor_kind, actor_id, purpose, details->'playbackLink' AS link FROM audit_events
        WHERE action = 'recording.stream' AND resource_id = $1 ORDER BY seq DESC LIMIT 1`,
      [id],
    );
    // A link use is its own actor: the link, naming who issued it (issue 12).
    expect(row).toEqual({
      actor_kind: 'playback-link',
      actor_id: expect.stringMatching(/^pbl_[0-9a-f]{16}$/),
      purpose: 'QA review',
      link: { id: row.actor_id, issuer: 'qa@acme' },
    });
    await t.runtime.dataSource.query(`UPDATE playback_tokens SET expires_at = now() - interval '1 second'`);
    await t.http().get(link.body.url).expect(401);
    await t.http().post(`/v1/recordings/${id}/playback`).set(bearer(qa)).send({}).expect(400);
  });

  it('makes an object unreadable once its data key row is deleted (crypto-shredding)', async () => {
    const { id, sealed } = await storedRecording();
    await t.runtime.dataSource.query('DELETE FROM data_keys WHERE object_key = $1', [sealed.objectKey]);
    expect(await store.head(sealed.objectKey)).toBeDefined();
    await expect(envelope.open(sealed.objectKey)).rejects.toMatchObject({ code: 'RECORDING_NOT_AVAILABLE' });
    const res = await t.http().get(`/v1/recordings/${id}/audio`).set(bearer(qa)).set('Range', 'bytes=0-9');
    expect(res.status).toBe(409);
  });

  it('deletes a recording by removing its key row and its object, unless it is held', async () => {
    const legal = await t.token('acme', 'legal');
    const { id, sealed } = await storedRecording();
    await t.runtime.dataSource.query('UPDATE recordings SET legal_hold = true WHERE id = $1', [id]);
    const held = await t.http().delete(`/v1/recordings/${id}`).set(bearer(legal)).expect(409);
    expect(held.body.code).toBe('RECORDING_ON_HOLD');
    await t.runtime.dataSource.query('UPDATE recordings SET legal_hold = false WHERE id = $1', [id]);
    const del = await t.http().delete(`/v1/recordings/${id}`).set(bearer(legal)).expect(200);
    expect(del.body.status).toBe('deleted');
    expect(await t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: id })).toBe(0);
    expect(await store.head(sealed.objectKey)).toBeUndefined();
    await t.http().get(`/v1/recordings/${id}/audio`).set(bearer(qa)).expect(409);
  });

  it('rotates a tenant to a new KMS key without touching the audio, resumably, with progress', async () => {
    const { id, sealed } = await storedRecording();
    await storedRecording();
    const before = Buffer.concat(await (await store.get(sealed.objectKey)).toArray());
    const kms = t.app.get(KmsService);
    const created = await kms.client.send(new CreateKeyCommand({ Description: 'rotation target' }));
    // The operator allows the key first (vault tenant:keys --allow); tenant admins cannot.
    await t.app.get(TenantKeyService).allow(acme.id, created.KeyMetadata!.KeyId!, 'operator:test');
    const admin = await t.token('acme', 'admin');
    const started = await t
      .http()
      .post('/v1/tenants/current/key-rotations')
      .set(bearer(admin))
      .send({ kmsKeyId: created.KeyMetadata!.KeyId })
      .expect(202);
    expect(started.body).toMatchObject({ status: 'running', targetKmsKeyId: created.KeyMetadata!.Arn });
    await t
      .http()
      .post('/v1/tenants/current/key-rotations')
      .set(bearer(admin))
      .send({ kmsKeyId: 'alias/none' })
      .expect(403);
    let progress = started.body;
    for (let i = 0; i < 60 && progress.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      progress = (
        await t.http().get(`/v1/tenants/current/key-rotations/${started.body.id}`).set(bearer(admin)).expect(200)
      ).body;
    }
    expect(progress).toMatchObject({ status: 'completed', done: progress.total });
    expect(progress.total).toBeGreaterThanOrEqual(2);
    const keys = await t.runtime.dataSource.getRepository(DataKeyEntity).findBy({ tenantId: acme.id });
    expect(keys.every((k) => k.kmsKeyId === created.KeyMetadata!.Arn)).toBe(true);
    const after = Buffer.concat(await (await store.get(sealed.objectKey)).toArray());
    expect(Buffer.compare(before, after)).toBe(0);
    const res = await t
      .http()
      .get(`/v1/recordings/${id}/audio`)
      .set(bearer(qa))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(Buffer.compare(res.body, audio)).toBe(0);
    // New objects use the new key straight away.
    const { sealed: fresh } = await storedRecording();
    const [freshKey] = await t.runtime.dataSource.getRepository(DataKeyEntity).findBy({ objectKey: fresh.objectKey });
    expect(freshKey.kmsKeyId).toBe(created.KeyMetadata!.Arn);
  });

  it('fails with a retryable error and writes nothing when KMS is unreachable', async () => {
    const broken = new KmsService({
      ...t.runtime.services,
      kms: { ...t.runtime.services.kms, endpoint: 'http://127.0.0.1:1' },
    });
    const e = await broken.generateDataKey({ tenant: 'x' }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'KMS_UNAVAILABLE', status: 503 });
    const sealer = new EnvelopeService(
      new DataKeyRepository(t.runtime.dataSource.getRepository(DataKeyEntity)),
      t.config,
      broken,
      store,
      t.app.get(PgNotifications),
    );
    const rec = await t.runtime.dataSource
      .getRepository(RecordingEntity)
      .save({ tenantId: acme.id, externalCallId: 'kms-down', status: 'processing' });
    const before = await t.runtime.dataSource.getRepository(DataKeyEntity).count();
    await expect(
      sealer.seal({
        tenantId: acme.id,
        recordingId: rec.id,
        kind: 'quarantine',
        wrappingKeyId: null,
        source: Readable.from([audio]),
      }),
    ).rejects.toMatchObject({
      code: 'KMS_UNAVAILABLE',
    });
    expect(await t.runtime.dataSource.getRepository(DataKeyEntity).count()).toBe(before);
  });

  it('hides another tenant’s audio exactly like a missing recording', async () => {
    const { id } = await storedRecording();
    const other = await t.token('globex', 'qa');
    const res = await t.http().get(`/v1/recordings/${id}/audio`).set(bearer(other)).expect(404);
    expect(res.body.code).toBe('RECORDING_NOT_FOUND');
  });
});

function binary(res: import('node:stream').Readable, cb: (err: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
}
