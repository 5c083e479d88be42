import { CreateKeyCommand } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { PgNotifications } from '../src/database/pg-notifications';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, HEADER_SIZE } from '../src/modules/crypto/chunked-encryption';
import { DataKeyRepository } from '../src/modules/crypto/data-key.repository';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { KmsService } from '../src/modules/crypto/kms.service';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { ObjectStore } from '../src/modules/storage/object-store';
import { S3_CLIENT } from '../src/modules/storage/s3-client.provider';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { startTestApp, type TestApp } from './support/app';

/**
 * The stream path's per-object cache (key, header, authenticated length):
 * what a cached Range request costs, and that a destroyed or re-wrapped key is
 * never served from it, whichever process destroyed it.
 */
describe('stream cache', () => {
  let t: TestApp;
  let envelope: EnvelopeService;
  /** A second instance of the service over the same database, as another API process would run it. */
  let other: EnvelopeService;
  let otherNotifications: PgNotifications;
  let acme: { id: string };
  let qa: string;
  const s3Requests: string[] = [];
  const audio = randomBytes(6 * CHUNK_SIZE + 321);

  async function stored() {
    const repo = t.runtime.dataSource.getRepository(RecordingEntity);
    const rec = await repo.save(
      repo.create({ tenantId: acme.id, externalCallId: `c-${randomBytes(4).toString('hex')}`, status: 'processing' }),
    );
    const sealed = await envelope.seal({
      tenantId: acme.id,
      recordingId: rec.id,
      kind: 'recording',
      wrappingKeyId: await t.app.get(TenantService).wrappingKey(acme.id),
      source: Readable.from([audio]),
    });
    await repo.update(
      { id: rec.id },
      {
        status: 'available',
        mediaFormat: 'wav',
        objectKey: sealed.objectKey,
        objectSize: String(sealed.ciphertextSize),
        objectSha256: Buffer.from(sealed.sha256, 'hex'),
      },
    );
    return { id: rec.id, objectKey: sealed.objectKey, size: sealed.ciphertextSize };
  }

  /** Queries sent through TypeORM while `fn` runs. */
  async function queriesDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const spy = jest.spyOn(t.runtime.dataSource.logger, 'logQuery').mockImplementation((q: string) => {
      seen.push(q);
    });
    try {
      await fn();
    } finally {
      spy.mockRestore();
    }
    return seen;
  }

  async function read(objectKey: string, size: number, start: number, end: number, e = envelope): Promise<Buffer> {
    return Buffer.concat(await (await e.openRange(objectKey, size, start, end)).toArray());
  }

  const keyReads = (qs: string[]) => qs.filter((q) => q.includes('data_keys'));

  /** Notifications arrive asynchronously: retry until `fn` passes or time runs out. */
  async function eventually(fn: () => Promise<void>, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      try {
        await fn();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_ENABLED: 'false' });
    acme = await t.tenant('acme');
    envelope = t.app.get(EnvelopeService);
    qa = await t.token('acme', 'qa');
    t.app.get<S3Client>(S3_CLIENT).middlewareStack.add(
      (next, context) => (args) => {
        s3Requests.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'countS3Requests' },
    );
    otherNotifications = new PgNotifications(t.runtime.services, t.runtime.dataSource);
    other = new EnvelopeService(
      new DataKeyRepository(t.runtime.dataSource.getRepository(DataKeyEntity)),
      t.config,
      new KmsService(t.runtime.services),
      t.app.get(ObjectStore),
      otherNotifications,
    );
    await other.onModuleInit();
  });
  afterAll(async () => {
    other.onModuleDestroy();
    await otherNotifications.onModuleDestroy();
    await t.close();
  });

  it('serves a cached object’s Range request with no database query and exactly one S3 GET', async () => {
    const { id, objectKey, size } = await stored();
    await t
      .http()
      .head(`/v1/recordings/${id}/audio`)
      .set({ Authorization: `Bearer ${qa}` })
      .expect(200);

    s3Requests.length = 0;
    const start = 2 * CHUNK_SIZE + 7;
    let body: Buffer = Buffer.alloc(0);
    const queries = await queriesDuring(async () => {
      body = await read(objectKey, size, start, start + 999);
    });
    expect(queries).toEqual([]);
    expect(s3Requests).toEqual(['GetObjectCommand']);
    expect(Buffer.compare(body, audio.subarray(start, start + 1000))).toBe(0);

    // Through HTTP the request still reads the recording row (access, status) and writes its audit
    // event, but not the key: one S3 GET, for the covering chunk only.
    s3Requests.length = 0;
    const spy = jest.spyOn(t.app.get(ObjectStore), 'getRange');
    try {
      const httpQueries = await queriesDuring(() =>
        t
          .http()
          .get(`/v1/recordings/${id}/audio`)
          .set({ Authorization: `Bearer ${qa}`, Range: `bytes=${start}-${start + 99}` })
          .expect(206),
      );
      expect(keyReads(httpQueries)).toEqual([]);
      expect(s3Requests).toEqual(['GetObjectCommand']);
      expect(spy.mock.calls.map(([, s, e]) => [s, e])).toEqual([
        [HEADER_SIZE + 2 * ENCRYPTED_CHUNK_SIZE, HEADER_SIZE + 3 * ENCRYPTED_CHUNK_SIZE - 1],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('loads an object once for many overlapping first requests', async () => {
    const { objectKey, size } = await stored();
    const queries = await queriesDuring(() =>
      Promise.all(Array.from({ length: 20 }, (_, i) => read(objectKey, size, i * 100, i * 100 + 99))),
    );
    expect(keyReads(queries)).toHaveLength(1);
  });

  it('never serves a key shredded in this process from its cache', async () => {
    const { objectKey, size } = await stored();
    await read(objectKey, size, 0, 9);
    await envelope.shred(objectKey);
    await expect(read(objectKey, size, 0, 9)).rejects.toMatchObject({ code: 'RECORDING_NOT_AVAILABLE' });
  });

  it('never serves a key another process shredded, once that deletion commits', async () => {
    const { id, objectKey, size } = await stored();
    await read(objectKey, size, 0, 9);
    await read(objectKey, size, 0, 9, other);
    const shredded = await t.runtime.dataSource.transaction((m) => other.shredRecording(m, id));
    await shredded.purgeObjects();
    // Without the notification this process would keep serving the key from cache until its TTL (5 min).
    await eventually(async () => {
      await expect(read(objectKey, size, 0, 9)).rejects.toMatchObject({ code: 'RECORDING_NOT_AVAILABLE' });
    });
  });

  it('keeps serving when a shredding transaction rolls back', async () => {
    const { id, objectKey, size } = await stored();
    await read(objectKey, size, 0, 9);
    await t.runtime.dataSource
      .transaction(async (m) => {
        await other.shredRecording(m, id);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(Buffer.compare(await read(objectKey, size, 0, 9), audio.subarray(0, 10))).toBe(0);
  });

  it('never serves a key from cache after another process re-wrapped it under a new KMS key', async () => {
    const { objectKey, size } = await stored();
    await read(objectKey, size, 0, 9);
    const kms = t.app.get(KmsService);
    const created = await kms.client.send(new CreateKeyCommand({ Description: 'rotation target' }));
    await other.rewrapBatch(acme.id, created.KeyMetadata!.Arn!, 1000);
    // The next read unwraps afresh (under the new key), here as in the process that rotated.
    await eventually(async () => {
      const queries = await queriesDuring(() => read(objectKey, size, 0, 9));
      expect(keyReads(queries)).toHaveLength(1);
    });
    const queries = await queriesDuring(() => read(objectKey, size, 0, 9, other));
    expect(keyReads(queries)).toHaveLength(1);
  });

  it('drops everything when its notification connection is lost, caches nothing meanwhile, and resumes', async () => {
    const { objectKey, size } = await stored();
    await read(objectKey, size, 0, 9);
    const notifications = t.app.get(PgNotifications);
    await t.runtime.dataSource.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vault-notifications'",
    );
    await eventually(() => {
      expect(notifications.listening).toBe(false);
      return Promise.resolve();
    });
    // Invalidations could be missed now: every read goes back to the key row.
    expect(keyReads(await queriesDuring(() => read(objectKey, size, 0, 9)))).toHaveLength(1);
    expect(keyReads(await queriesDuring(() => read(objectKey, size, 0, 9)))).toHaveLength(1);
    await eventually(() => {
      expect(notifications.listening).toBe(true);
      return Promise.resolve();
    });
    await read(objectKey, size, 0, 9);
    expect(keyReads(await queriesDuring(() => read(objectKey, size, 0, 9)))).toEqual([]);
  });
});
