import { IsNull } from 'typeorm';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording } from './support/stored';
import { upload } from './support/upload';

/**
 * What a repeated upload gets: the same call (same externalCallId) is answered with its recording;
 * an Idempotency-Key used again for another call, or a call whose recording was deleted, is a 409
 * naming why: neither is silently dropped behind a 202.
 */
describe('ingest: idempotency of uploads', () => {
  let t: TestApp;
  let key: string;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_ENABLED: 'false' });
    tenantId = (await t.tenant('acme')).id;
    key = (await t.apiKey('acme', 'ingest')).key;
  });
  afterAll(() => t.close());

  const recordings = () => t.runtime.dataSource.getRepository(RecordingEntity);
  const orphanKeys = () => t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: IsNull() });

  it('refuses an Idempotency-Key reused for another call with 409 IDEMPOTENCY_KEY_REUSED, and stores nothing', async () => {
    const a = makeCall({ externalCallId: 'reuse-a' });
    const first = await upload(t, key, a.metadata, a.wav, { idempotencyKey: 'K-1' });
    expect(first.status).toBe(202);

    const b = makeCall({ externalCallId: 'reuse-b' });
    const reused = await upload(t, key, b.metadata, b.wav, { idempotencyKey: 'K-1' });
    expect([reused.status, reused.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(reused.body.message).toMatch(/^Idempotency-Key: /);
    expect(reused.body.details).toEqual({ header: 'Idempotency-Key', recordingId: first.body.id });
    expect(await recordings().countBy({ externalCallId: 'reuse-b' })).toBe(0);
    expect(await orphanKeys()).toBe(0);

    // The same call with the same key is still the replay it always was; with a new key, b is stored.
    const retry = await upload(t, key, a.metadata, a.wav, { idempotencyKey: 'K-1' });
    expect([retry.status, retry.body.id, retry.headers['idempotent-replayed']]).toEqual([202, first.body.id, 'true']);
    expect((await upload(t, key, b.metadata, b.wav, { idempotencyKey: 'K-2' })).status).toBe(202);
  });

  it('stores one of several concurrent calls sharing a key and refuses the rest', async () => {
    const calls = Array.from({ length: 4 }, (_, i) => makeCall({ externalCallId: `race-key-${i}` }));
    const results = await Promise.all(
      calls.map((c) => upload(t, key, c.metadata, c.wav, { idempotencyKey: 'K-race' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await recordings().countBy({ idempotencyKey: 'K-race' })).toBe(1);
    expect(await orphanKeys()).toBe(0);
  });

  it('refuses a deleted call uploaded again with 409 RECORDING_DELETED naming the recording', async () => {
    const c = makeCall({ externalCallId: 'deleted-1' });
    const { id } = await storedRecording(
      t,
      { tenantId, externalCallId: 'deleted-1', startedAt: new Date(c.metadata.startedAt as string) },
      c.wav,
    );
    const admin = await t.token('acme', 'admin');
    await t.http().delete(`/v1/recordings/${id}`).set('Authorization', `Bearer ${admin}`).expect(200);

    for (const opts of [{}, { idempotencyKey: 'K-deleted' }]) {
      const again = await upload(t, key, c.metadata, c.wav, opts);
      expect([again.status, again.body.code, again.body.details]).toEqual([
        409,
        'RECORDING_DELETED',
        { recordingId: id },
      ]);
      expect(again.body.message).toMatch(/^externalCallId: .*deleted/);
    }
    expect(await recordings().countBy({ externalCallId: 'deleted-1' })).toBe(1);
    expect(await orphanKeys()).toBe(0);
  });
});
