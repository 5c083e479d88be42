import { Transform, type Readable } from 'node:stream';
import { MediaDriver } from '../src/modules/media/media.driver';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { asCodec, makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';

/**
 * A sample-patched WAV is verified on the bytes as they are sealed (no second
 * ffmpeg decode); re-encoded output is still decoded back. Either way a
 * sample left audible inside a span fails the recording.
 */
describe('verification of the redacted output', () => {
  let t: TestApp;
  let key: string;
  let media: MediaDriver;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
    media = t.app.get(MediaDriver);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  async function run(externalCallId: string, audio: Buffer) {
    const call = makeCall({ externalCallId });
    const res = await upload(t, key, call.metadata, audio).expect(202);
    await settle(t, key, res.body.id as string);
    return t.runtime.dataSource.getRepository(RecordingEntity).findOneByOrFail({ id: res.body.id as string });
  }

  /** The redacted stream with one sample, `atMs` into the call, set back to a loud value. */
  function unmuteOneSample(atMs: number, sampleBytes: number, loud: Buffer) {
    const real = media.redact.bind(media);
    return jest.spyOn(media, 'redact').mockImplementation((...args) => {
      const out: Readable = real(...args);
      const offset = 44 + Math.round((atMs * 8000) / 1000) * sampleBytes;
      let pos = 0;
      const tamper = new Transform({
        transform(chunk: Buffer, _e, cb) {
          const at = offset - pos;
          pos += chunk.length;
          if (at >= 0 && at < chunk.length) {
            const copy = Buffer.from(chunk);
            loud.copy(copy, at, 0, Math.min(loud.length, chunk.length - at));
            cb(null, copy);
            return;
          }
          cb(null, chunk);
        },
      });
      out.on('error', (e) => tamper.destroy(e));
      return out.pipe(tamper);
    });
  }

  it.each(['pcm_s16le', 'pcm_mulaw'] as const)(
    'verifies a patched %s WAV from the written samples, without decoding it again',
    async (codec) => {
      const call = makeCall({ externalCallId: 'x' });
      const decode = jest.spyOn(media, 'decodePcm');
      const rec = await run(`written-${codec}`, asCodec(call, codec));
      expect(rec.status).toBe('available');
      expect(rec.redactionReport?.verification).toMatchObject({ passed: true, codec, residualDtmf: 0 });
      expect(rec.redactionReport?.verification.spansChecked).toBeGreaterThanOrEqual(3);
      // The one decode is the input's (duration, DTMF); none for verification.
      expect(decode).toHaveBeenCalledTimes(1);
    },
  );

  it.each([
    ['pcm_s16le', 2, Buffer.from([0x10, 0x27])], // +10000
    ['pcm_mulaw', 1, Buffer.from([0x8f])], // about +8000
  ] as const)(
    'fails a %s recording whose output has one sample left loud inside a span',
    async (codec, width, loud) => {
      const call = makeCall({ externalCallId: 'x' });
      // The middle of the pause marker (10.0–10.5 s): muted whatever the padding.
      unmuteOneSample(10_250, width, loud);
      const decode = jest.spyOn(media, 'decodePcm');
      const rec = await run(`unmuted-${codec}`, asCodec(call, codec));
      expect(rec.status).toBe('failed');
      expect(rec.statusReason).toMatch(/^VERIFICATION_FAILED: span \d+-\d+ ms peaks at -\d+\.\d dBFS/);
      expect(rec.objectKey).toBeNull();
      expect(decode).toHaveBeenCalledTimes(1);
    },
  );

  it('still decodes re-encoded output (MP3) from storage to verify it', async () => {
    const call = makeCall({ externalCallId: 'x' });
    const decode = jest.spyOn(media, 'decodePcm');
    const rec = await run('reencoded-mp3', asCodec(call, 'mp3'));
    expect(rec.status).toBe('available');
    expect(rec.redactionReport?.verification).toMatchObject({ passed: true, codec: 'mp3' });
    // Input (duration, DTMF), the re-encode's own decode, and the verification decode.
    expect(decode).toHaveBeenCalledTimes(3);
  });
});
