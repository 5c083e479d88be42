import { gzipSync } from 'node:zlib';
import { IsNull } from 'typeorm';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import {
  FFCONCAT_SCRIPT,
  HLS_FILE_PLAYLIST,
  HLS_HTTP_PLAYLIST,
  longSilentOpus,
  mp4WithVideo,
  twoAudioStreams,
  oggWithVideo,
  randomBytes,
  truncatedWavHeader,
} from './fixtures/audio';
import { makeCall, wavBytes } from './fixtures/call';
import { VISA_TEST_PAN } from './fixtures/cards';
import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';

const MAX_BYTES = 20 * 1024 * 1024;

/** Every bad input ends in a clear 4xx or a `rejected` recording with a reason: never a 500, never anything left behind. */
describe('ingest: bad input', () => {
  let t: TestApp;
  let key: string;
  let n = 0;
  const meta = (extra: Record<string, unknown> = {}) => ({
    ...makeCall({ externalCallId: `bad-${++n}` }).metadata,
    ...extra,
  });
  const wav = makeCall({ externalCallId: 'x' }).wav;

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_POLL_INTERVAL: '500ms',
      UPLOAD_MAX_BYTES: String(MAX_BYTES),
    });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
  });
  afterAll(() => t.close());

  async function nothingStored() {
    // Cleanup of a refused upload runs before the answer; give S3 deletes no slack at all.
    const orphanKeys = await t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: IsNull() });
    const recordings = await t.runtime.dataSource.getRepository(RecordingEntity).count();
    return { orphanKeys, recordings };
  }

  it.each([
    ['an empty file', Buffer.alloc(0), 400, 'VALIDATION_FAILED', /audio part is empty/],
    ['random bytes named .wav', randomBytes(64 * 1024), 415, 'UNSUPPORTED_MEDIA_TYPE', /not supported/],
    [
      'a text file',
      Buffer.from('Dear customer,\nthis is not audio.\n'.repeat(50)),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /not supported/,
    ],
    ['an HLS playlist pointing at file:///etc/passwd', HLS_FILE_PLAYLIST, 415, 'UNSUPPORTED_MEDIA_TYPE', /Playlists/],
    ['an HLS playlist pointing at http://127.0.0.1:1/', HLS_HTTP_PLAYLIST, 415, 'UNSUPPORTED_MEDIA_TYPE', /Playlists/],
    ['an ffconcat script', FFCONCAT_SCRIPT, 415, 'UNSUPPORTED_MEDIA_TYPE', /Playlists|not supported/],
  ])('refuses %s at upload with %i and stores nothing', async (_, audio, status, code, message) => {
    const before = await nothingStored();
    const res = await upload(t, key, meta(), audio);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(res.body.message).toMatch(message);
    expect(res.body.correlationId).toEqual(expect.any(String));
    expect(await nothingStored()).toEqual(before);
  });

  it.each([
    ['a truncated WAV header', truncatedWavHeader(), 'MEDIA_CORRUPT'],
    ['an Ogg file with a video stream', oggWithVideo(), 'MEDIA_VIDEO_STREAM'],
    ['an MP4 with a video track next to its AAC audio', mp4WithVideo(), 'MEDIA_VIDEO_STREAM'],
    ['an MP4 with two audio tracks (one per party)', twoAudioStreams('mp4'), 'MEDIA_MULTIPLE_AUDIO_STREAMS'],
    ['a 10-hour silent Opus file (decided from the probe, before decoding)', longSilentOpus(10), 'MEDIA_TOO_LONG'],
  ])('accepts %s for processing, then rejects it with a reason and destroys it', async (_, audio, reason) => {
    const res = await upload(t, key, meta(), audio).expect(202);
    const rec = await settle(t, key, res.body.id, ['available', 'rejected', 'failed'], 90_000);
    expect(rec.status).toBe('rejected');
    expect(rec.statusReason).toMatch(new RegExp(`^${reason}: `));
    expect(await t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: res.body.id })).toBe(0);
  });

  it('refuses a body whose declared length is over the limit before reading it', async () => {
    const before = await nothingStored();
    const res = await t
      .http()
      .post('/v1/recordings')
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .set('Content-Length', String(MAX_BYTES + 1))
      .send('--x--');
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await nothingStored()).toEqual(before);
  });

  it('stops an upload that grows past the limit while streaming, and keeps nothing of it', async () => {
    const before = await nothingStored();
    const big = wavBytes(new Int16Array(MAX_BYTES / 2 + 100_000), 8000);
    const res = await upload(t, key, meta(), big);
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await nothingStored()).toEqual(before);
  });

  it.each([
    [
      'metadata that is not JSON',
      { rawMetadata: '{"externalCallId": ' },
      'INVALID_METADATA',
      'metadata: the metadata part is not valid JSON',
    ],
    [
      'the audio part before the metadata part',
      { audioFirst: true },
      'VALIDATION_FAILED',
      'metadata: the metadata part must come before the audio part (the audio is streamed through encryption and checked as it arrives, so the vault needs the metadata first)',
    ],
  ])('answers %s with a 400 naming the problem', async (_, opts, code, message) => {
    const before = await nothingStored();
    const res = await upload(t, key, meta(), wav, opts);
    expect([res.status, res.body.code, res.body.message]).toEqual([400, code, message]);
    expect(await nothingStored()).toEqual(before);
  });

  it.each([
    [
      'an unknown participant in consent',
      { consent: [{ participant: 'ghost', kind: 'granted', method: 'verbal', offsetMs: 0 }] },
      'metadata.consent[0].participant',
    ],
    [
      'an unknown participant on a channel',
      { channels: [{ index: 0, participant: 'ghost' }] },
      'metadata.channels[0].participant',
    ],
    [
      'a bad E.164 number',
      { participants: [{ id: 'customer', role: 'customer', phone: '4155550134', jurisdiction: 'US-CA' }] },
      'metadata.participants[0].phone',
    ],
    [
      'a bad jurisdiction code',
      { participants: [{ id: 'customer', role: 'customer', jurisdiction: 'California' }] },
      'metadata.participants[0].jurisdiction',
    ],
    [
      'a negative offset',
      { consent: [{ participant: 'customer', kind: 'granted', method: 'verbal', offsetMs: -5 }] },
      'metadata.consent[0].offsetMs',
    ],
    [
      'transcript words out of order',
      {
        transcript: {
          format: 'words',
          words: [
            { text: 'a', startMs: 500, endMs: 600 },
            { text: 'b', startMs: 100, endMs: 200 },
          ],
        },
      },
      'metadata.transcript.words[1].startMs',
    ],
    [
      'transcript words outside the call',
      {
        endedAt: '2026-11-20T15:00:12Z',
        transcript: { format: 'words', words: [{ text: 'a', startMs: 500, endMs: 60_000 }] },
      },
      'metadata.transcript.words[0].endMs',
    ],
    [
      'a malformed Amazon Transcribe document',
      {
        transcript: {
          format: 'aws-transcribe',
          document: { results: { items: [{ type: 'pronunciation', start_time: 'soon' }] } },
        },
      },
      'metadata.transcript.document.results.items[0]',
    ],
    ['a missing externalCallId', { externalCallId: undefined }, 'metadata.externalCallId'],
    ['an unknown field', { colour: 'blue' }, 'metadata'],
  ])('rejects %s with the JSON path of the field', async (_, extra, path) => {
    const res = await upload(t, key, meta(extra), wav);
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_METADATA']);
    expect(res.body.details.map((d: { path: string }) => d.path).join(' ')).toContain(path);
  });

  it('refuses a body that is not multipart', async () => {
    const res = await t.http().post('/v1/recordings').set('Authorization', `Bearer ${key}`).send({ audio: 'x' });
    expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it.each([
    ['a gzip-compressed body', 'gzip', (b: Buffer) => gzipSync(b)],
    ['a body that claims gzip but is plain', 'gzip', (b: Buffer) => b],
    ['an unknown encoding', 'x-bogus', (b: Buffer) => b],
  ])('refuses %s (Content-Encoding) with 415 and keeps nothing', async (_, encoding, encode) => {
    const before = await nothingStored();
    const boundary = 'probe-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(meta())}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="call.wav"\r\n` +
          `Content-Type: audio/wav\r\n\r\n`,
      ),
      wav,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t
      .http()
      .post('/v1/recordings')
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .set('Content-Encoding', encoding)
      .send(encode(body));
    expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_CONTENT_ENCODING']);
    expect(res.body.message).toMatch(/^Content-Encoding: /);
    expect(await nothingStored()).toEqual(before);
  });

  it('refuses an Idempotency-Key holding a card number, without repeating it or storing anything', async () => {
    const before = await nothingStored();
    const pan = VISA_TEST_PAN;
    const res = await upload(t, key, meta(), wav, { idempotencyKey: `retry-${pan}` });
    expect([res.status, res.body.code, res.body.message]).toEqual([
      400,
      'VALIDATION_FAILED',
      'Idempotency-Key: must not contain a card number',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(pan);
    expect(await nothingStored()).toEqual(before);
    // A counter that happens to pass Luhn without an issuer prefix is still a usable key.
    await upload(t, key, meta(), wav, { idempotencyKey: '1000000000000008' }).expect(202);
  });
});
