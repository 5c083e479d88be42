import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMBEDDED_S3_CREDENTIALS } from '../src/embedded/s3.server';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { spawnKms, spawnS3, type StandIn } from './support/stand-ins';
import { settle, upload } from './support/upload';

const TIMEOUT_MS = 2000;
/** The answer may take the timeout plus scheduling; never the minutes a hung peer would hold it. */
const SLACK_MS = 2500;

/**
 * S3 and KMS stand-ins in processes of their own, frozen with SIGSTOP: they
 * accept connections (the kernel does) and then say nothing, like a hung
 * server. Every call that needs them answers 503 within the configured
 * timeout, and the service works again once they are thawed.
 */
describe('hung S3 and KMS', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-hung-'));
  let s3: StandIn<{ endpoint: string }>;
  let kms: StandIn<{ endpoint: string; keyId: string; signingKeyId: string }>;
  let t: TestApp;
  let key: string;
  let qa: string;
  let available: string;

  const timed = async <T>(p: Promise<T>) => {
    const started = Date.now();
    const value = await p;
    return { value, ms: Date.now() - started };
  };

  beforeAll(async () => {
    [s3, kms] = await Promise.all([spawnS3(path.join(dir, 's3'), 'vault'), spawnKms(dir)]);
    t = await startTestApp({
      S3_ENDPOINT: s3.info.endpoint,
      S3_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
      S3_REQUEST_TIMEOUT: `${TIMEOUT_MS}ms`,
      KMS_ENDPOINT: kms.info.endpoint,
      KMS_KEY_ID: kms.info.keyId,
      KMS_SIGNING_KEY_ID: kms.info.signingKeyId,
      KMS_ACCESS_KEY_ID: 'vault-dev',
      KMS_SECRET_ACCESS_KEY: 'vault-dev',
      KMS_REQUEST_TIMEOUT: `${TIMEOUT_MS}ms`,
      WORKER_POLL_INTERVAL: '500ms',
    });
    await t.tenant('acme');
    ({ key } = await t.apiKey('acme', 'ingest'));
    qa = await t.token('acme', 'qa');
    const call = makeCall({ externalCallId: 'hung-ready' });
    const res = await upload(t, key, call.metadata, call.wav);
    expect(res.status).toBe(202);
    available = (res.body as { id: string }).id;
    expect((await settle(t, key, available)).status).toBe('available');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([s3.stop(), kms.stop()]);
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a stopped object store: uploads and playback answer 503 STORAGE_UNAVAILABLE within the timeout', async () => {
    s3.child.kill('SIGSTOP');
    try {
      const call = makeCall({ externalCallId: 'hung-s3' });
      const [up, audio, ready] = await Promise.all([
        timed(upload(t, key, call.metadata, call.wav)),
        timed(t.http().get(`/v1/recordings/${available}/audio`).set('Authorization', `Bearer ${qa}`)),
        timed(t.http().get('/health/ready')),
      ]);
      for (const r of [up, audio]) {
        expect(r.value.status).toBe(503);
        expect(r.value.body.code).toBe('STORAGE_UNAVAILABLE');
        expect(r.value.headers['retry-after']).toBe('5');
        expect(r.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      }
      expect(ready.value.status).toBe(503);
      expect(ready.value.body.errors).toEqual({ storage: 'STORAGE_UNAVAILABLE' });
    } finally {
      s3.child.kill('SIGCONT');
    }
  }, 60_000);

  it('a stopped key service: uploads answer 503 KMS_UNAVAILABLE within the timeout', async () => {
    kms.child.kill('SIGSTOP');
    try {
      const call = makeCall({ externalCallId: 'hung-kms' });
      const [a, b] = await Promise.all([
        timed(upload(t, key, call.metadata, call.wav)),
        timed(upload(t, key, call.metadata, call.wav, { idempotencyKey: 'hung-kms-2' })),
      ]);
      for (const r of [a, b]) {
        expect(r.value.status).toBe(503);
        expect(r.value.body.code).toBe('KMS_UNAVAILABLE');
        expect(r.value.headers['retry-after']).toBe('5');
        expect(r.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      }
    } finally {
      kms.child.kill('SIGCONT');
    }
  }, 60_000);

  it('works again once both answer', async () => {
    const call = makeCall({ externalCallId: 'hung-after' });
    const res = await upload(t, key, call.metadata, call.wav);
    expect(res.status).toBe(202);
    expect((await settle(t, key, (res.body as { id: string }).id)).status).toBe('available');
  }, 90_000);
});
