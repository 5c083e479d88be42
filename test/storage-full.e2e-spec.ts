import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEmbeddedS3Server, EMBEDDED_S3_CREDENTIALS, type S3rverServer } from '../src/embedded/s3.server';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';

/**
 * A full disk under the embedded object store: every object file the store
 * writes goes to /dev/full, which fails each write with a real ENOSPC from
 * the kernel. The store answers 507 (as MinIO does), the vault answers 503
 * STORAGE_FULL with Retry-After, and nothing crashes; once there is space
 * again, uploads are accepted.
 */
describe('storage full', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-full-'));
  let s3: S3rverServer;
  let t: TestApp;
  let key: string;
  let putContent: S3rverServer['store']['putContent'];

  beforeAll(async () => {
    s3 = createEmbeddedS3Server(dir, 'vault');
    const addr = await s3.run();
    putContent = s3.store.putContent.bind(s3.store);
    t = await startTestApp({
      S3_ENDPOINT: `http://127.0.0.1:${addr.port}`,
      S3_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
    });
    await t.tenant('acme');
    ({ key } = await t.apiKey('acme', 'ingest'));
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => s3.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the store rejects a buffered write to a full device instead of throwing it out of the process', async () => {
    await expect(putContent('/dev/full', Buffer.alloc(4096, 1))).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('answers 503 STORAGE_FULL with Retry-After while the disk is full, and accepts again after', async () => {
    s3.store.putContent = (_objectPath, content) => putContent('/dev/full', content);
    const full = await Promise.all(
      [1, 2, 3].map((n) => {
        const call = makeCall({ externalCallId: `full-${n}` });
        return upload(t, key, call.metadata, call.wav);
      }),
    );
    for (const res of full) {
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('STORAGE_FULL');
      expect(res.headers['retry-after']).toBe('5');
    }
    expect((await t.http().get('/health/live')).status).toBe(200);

    s3.store.putContent = putContent;
    const call = makeCall({ externalCallId: 'full-after' });
    const ok = await upload(t, key, call.metadata, call.wav);
    expect(ok.status).toBe(202);
  });
});
