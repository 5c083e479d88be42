import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UploadService } from '../src/modules/ingest/upload.service';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';

const CAP = 2;

/** Uploads beyond UPLOAD_MAX_CONCURRENT are refused with 503 BUSY and Retry-After, never queued in memory. */
describe('ingest: concurrent upload cap', () => {
  let t: TestApp;
  let key: string;
  let uploads: UploadService;
  let n = 0;
  const call = () => makeCall({ externalCallId: `cap-${++n}` });

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_ENABLED: 'false',
      UPLOAD_MAX_CONCURRENT: String(CAP),
      // One tenant here fills the whole cap (the per-tenant share is test/upload-stall.e2e-spec.ts's).
      UPLOAD_MAX_CONCURRENT_PER_TENANT: String(CAP),
    });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
    uploads = t.app.get(UploadService);
  });
  afterAll(() => t.close());

  /** An upload that sends its metadata and the start of its audio, then stalls with the request open. */
  function stalledUpload(): http.ClientRequest {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const boundary = 'stall';
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/recordings',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('error', () => undefined);
    const c = call();
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(c.metadata)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="call.wav"\r\n` +
        'Content-Type: audio/wav\r\n\r\n',
    );
    req.write(c.wav.subarray(0, 64 * 1024));
    return req;
  }

  async function until(cond: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('answers 503 BUSY with Retry-After beyond the cap, and takes uploads again once a slot frees', async () => {
    const stalled = Array.from({ length: CAP }, stalledUpload);
    await until(() => uploads.inFlight === CAP);

    // Several at once, all refused while both slots are held.
    const c = call();
    const refused = await Promise.all(Array.from({ length: 3 }, () => upload(t, key, c.metadata, c.wav)));
    for (const res of refused) {
      expect([res.status, res.body.code]).toEqual([503, 'BUSY']);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body.message).toMatch(/Too many uploads in progress \(2\)/);
    }
    expect(uploads.inFlight).toBe(CAP);

    stalled[0].destroy();
    await until(() => uploads.inFlight === CAP - 1);
    const accepted = await upload(t, key, c.metadata, c.wav);
    expect(accepted.status).toBe(202);

    stalled[1].destroy();
    await until(() => uploads.inFlight === 0);
  });
});
