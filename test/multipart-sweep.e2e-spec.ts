import { CreateMultipartUploadCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { embeddedUploadsDir } from '../src/embedded/s3.server';
import { FinalizeStep } from '../src/modules/ingest/pipeline/finalize.step';
import { ObjectStore } from '../src/modules/storage/object-store';
import { S3_CLIENT } from '../src/modules/storage/s3-client.provider';
import { startTestApp, type TestApp } from './support/app';

/**
 * Parts of multipart uploads a killed process left behind. The embedded store
 * cannot list them (ListMultipartUploads is not implemented), so the sweep
 * removes its leftovers from its directory: stale ones under the prefix only.
 */
describe('stale multipart uploads', () => {
  let t: TestApp;
  let s3: S3Client;
  let store: ObjectStore;
  let uploads: string;

  async function begin(key: string): Promise<string> {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: store.bucket, Key: key }));
    await s3.send(
      new UploadPartCommand({
        Bucket: store.bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(64 * 1024, 7),
      }),
    );
    return UploadId as string;
  }
  const age = (id: string, ms: number) => {
    const when = new Date(Date.now() - ms);
    fs.utimesSync(path.join(uploads, id, 'key'), when, when);
  };

  beforeAll(async () => {
    t = await startTestApp();
    s3 = t.app.get(S3_CLIENT);
    store = t.app.get(ObjectStore);
    uploads = embeddedUploadsDir(path.join(t.config.dataDir, 's3'), store.bucket);
  });
  afterAll(async () => {
    await t.close();
  });

  it('removes stale uploads under the prefix and keeps fresh ones and others', async () => {
    const [stale, fresh, elsewhere] = await Promise.all([
      begin('tenants/a/recordings/r1/quarantine-1'),
      begin('tenants/a/recordings/r2/quarantine-2'),
      begin('other/x'),
    ]);
    age(stale, 2 * 3600_000);
    age(elsewhere, 2 * 3600_000);
    expect(fs.readdirSync(uploads).sort()).toEqual([stale, fresh, elsewhere].sort());

    expect(await store.abortStaleUploads('tenants/', new Date(Date.now() - 3600_000))).toBe(1);
    expect(fs.readdirSync(uploads).sort()).toEqual([fresh, elsewhere].sort());
  });

  it('the quarantine sweep does it after QUARANTINE_TTL', async () => {
    const id = await begin('tenants/b/recordings/r3/quarantine-3');
    await t.app.get(FinalizeStep).sweep(new Date(Date.now() + t.config.quarantineTtlMs + 60_000));
    expect(fs.existsSync(path.join(uploads, id))).toBe(false);
  });
});
