import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { IsNull } from 'typeorm';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { UploadService } from '../src/modules/ingest/upload.service';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';

const IDLE_MS = 1000;

/**
 * Uploads whose client goes silent cannot hold the concurrent-upload cap: each is abandoned after
 * UPLOAD_IDLE_TIMEOUT like a client abort (408, slot freed, nothing kept), and one tenant holds at
 * most UPLOAD_MAX_CONCURRENT_PER_TENANT slots meanwhile. A refused upload discards what it sealed
 * before it answers.
 */
describe('ingest: stalled and refused uploads', () => {
  let t: TestApp;
  let acme: string;
  let beta: string;
  let uploads: UploadService;
  let n = 0;
  const call = () => makeCall({ externalCallId: `stall-${++n}` });

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_ENABLED: 'false',
      UPLOAD_MAX_CONCURRENT: '4',
      UPLOAD_MAX_CONCURRENT_PER_TENANT: '2',
      UPLOAD_IDLE_TIMEOUT: `${IDLE_MS}ms`,
    });
    await t.tenant('acme');
    await t.tenant('beta');
    acme = (await t.apiKey('acme', 'ingest')).key;
    beta = (await t.apiKey('beta', 'ingest')).key;
    uploads = t.app.get(UploadService);
  });
  afterAll(() => t.close());

  /** Stored object files in the embedded S3 (s3rver keeps each as `<key>._S3rver_object`). */
  function objectFiles(): number {
    let count = 0;
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('_S3rver_object')) count++;
      }
    };
    walk(t.config.dataDir);
    return count;
  }

  async function stored() {
    const ds = t.runtime.dataSource;
    return {
      orphanKeys: await ds.getRepository(DataKeyEntity).countBy({ recordingId: IsNull() }),
      recordings: await ds.getRepository(RecordingEntity).count(),
    };
  }

  async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** A raw HTTP/1.1 upload on its own socket: headers and `first` now, the rest when the test says. */
  function rawUpload(key: string, first: string | Buffer, declared: number) {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.write(
      'POST /v1/recordings HTTP/1.1\r\nHost: vault\r\n' +
        `Authorization: Bearer ${key}\r\nContent-Type: multipart/form-data; boundary=${B}\r\n` +
        `Content-Length: ${declared}\r\n\r\n`,
    );
    socket.write(first);
    return { socket, closed, answer: () => answer };
  }

  const B = 'stallb';
  const metadataPart = (metadata: unknown) =>
    `--${B}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(metadata)}\r\n`;
  const audioHead = (name = 'audio') =>
    `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="call.wav"\r\nContent-Type: audio/wav\r\n\r\n`;

  it('ends silent uploads after UPLOAD_IDLE_TIMEOUT with 408, frees their slots and keeps nothing', async () => {
    const before = { ...(await stored()), objects: objectFiles() };
    // One stalls inside the metadata part, one in the audio (its transcript already sealed).
    const inMetadata = rawUpload(acme, metadataPart(call().metadata).slice(0, 40), 1_000_000);
    const c = call();
    const inAudio = rawUpload(
      acme,
      Buffer.concat([Buffer.from(metadataPart(c.metadata) + audioHead()), c.wav.subarray(0, 32 * 1024)]),
      c.wav.length + 100_000,
    );
    const stalledAt = Date.now();
    await until(() => uploads.inFlight === 2);

    // The tenant's share is full; another tenant still gets a slot.
    const mine = call();
    const refused = await upload(t, acme, mine.metadata, mine.wav);
    expect([refused.status, refused.body.code]).toEqual([503, 'BUSY']);
    expect(refused.body.message).toMatch(/for this tenant \(2 of 4\)/);
    expect(refused.headers['retry-after']).toBe('2');
    const other = call();
    expect((await upload(t, beta, other.metadata, other.wav)).status).toBe(202);

    // Both are answered and their connections closed well within the idle timeout's reach.
    const closedAt = await Promise.all([inMetadata.closed, inAudio.closed]);
    for (const at of closedAt) expect(at - stalledAt).toBeLessThan(IDLE_MS + 3000);
    for (const s of [inMetadata, inAudio]) {
      expect(s.answer()).toMatch(/^HTTP\/1\.1 408 /);
      expect(s.answer()).toMatch(/"code":"UPLOAD_TIMEOUT"/);
    }
    expect(uploads.inFlight).toBe(0);
    // Nothing of theirs: no recording, no key row, no object (beta's upload added one recording).
    expect(await stored()).toEqual({ orphanKeys: 0, recordings: before.recordings + 1 });
    await until(() => objectFiles() <= before.objects + 2); // beta's transcript and quarantine
    expect(objectFiles()).toBe(before.objects + 2);

    const again = await upload(t, acme, mine.metadata, mine.wav);
    expect(again.status).toBe(202);
  });

  it('does not time out an upload that keeps sending, however slowly', async () => {
    const c = call();
    const body = Buffer.concat([
      Buffer.from(metadataPart(c.metadata) + audioHead()),
      c.wav,
      Buffer.from(`\r\n--${B}--\r\n`),
    ]);
    const s = rawUpload(acme, body.subarray(0, 1024), body.length);
    // 2.5 idle timeouts in all, never silent for more than half of one.
    const chunk = Math.ceil((body.length - 1024) / 5);
    for (let at = 1024; at < body.length; at += chunk) {
      await new Promise((r) => setTimeout(r, IDLE_MS / 2));
      s.socket.write(body.subarray(at, at + chunk));
    }
    await until(() => /\r\n\r\n\{/.test(s.answer()));
    expect(s.answer()).toMatch(/^HTTP\/1\.1 202 /);
    s.socket.destroy();
  });

  it('discards the transcript it already sealed when a third part refuses the upload', async () => {
    const before = { ...(await stored()), objects: objectFiles() };
    const c = call();
    const s = rawUpload(acme, metadataPart(c.metadata) + audioHead(), 10_000_000);
    s.socket.write(c.wav);
    // The transcript is sealed (its key row unlinked, its object written) before a third part arrives.
    const keys = t.runtime.dataSource.getRepository(DataKeyEntity);
    await until(async () => (await keys.countBy({ recordingId: IsNull(), objectKind: 'transcript' })) === 1);
    await until(() => objectFiles() > before.objects);
    s.socket.write(`\r\n${audioHead()}`);
    s.socket.write(c.wav.subarray(0, 4096));
    await until(() => /\r\n\r\n\{/.test(s.answer()));
    expect(s.answer()).toMatch(/^HTTP\/1\.1 400 /);
    expect(s.answer()).toMatch(/expected exactly two parts: metadata, audio/);
    // Keys are gone by the answer; the objects follow in the background.
    expect(await stored()).toEqual({ orphanKeys: 0, recordings: before.recordings });
    await until(() => objectFiles() === before.objects);
    s.socket.destroy();
  });
});
