import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { DtmfDetector, type DtmfEvent } from '../src/modules/redaction/dtmf/dtmf.detector';
import { decodeS16, encode, run } from './fixtures/audio';
import { CALL_PAN, keypadOnlyMetadata, makeCall } from './fixtures/call';
import { startAcmeApp, type TestApp } from './support/app';
import { servedAudio, settle, upload } from './support/upload';

const PAN = CALL_PAN.join('');

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length & 1)]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** The keypad tones in 8 kHz mono samples, found by the pipeline's own detector. */
function tones(samples: Int16Array): DtmfEvent[] {
  const detector = new DtmfDetector(8000);
  return [...detector.push(samples), ...detector.flush()];
}

/**
 * What of a WAV is stored: only what was analysed. Chunks around the samples
 * (metadata that may hold anything) are not kept, and a WAV whose samples are
 * not all where every decoder looks for them is refused.
 */
describe('WAV chunks, end to end', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;

  beforeAll(async () => ({ t, ingest, qa } = await startAcmeApp()));
  afterAll(() => t.close());

  const served = async (id: string) => (await servedAudio(t, qa, id)).body;

  it('refuses a WAV hiding keypad tones in a second data chunk where ffmpeg finds it, and stores nothing', async () => {
    const call = makeCall({ externalCallId: 'x' });
    const wav = call.wav;
    const fmt = wav.subarray(12, 36);
    // 3 s of silence and one byte (odd-sized: no pad byte follows), a 2-byte junk chunk, then the call with its tones.
    const hidden = riff(
      fmt,
      chunk('data', Buffer.alloc(48_001)).subarray(0, 8 + 48_001),
      chunk('junk', Buffer.from([0x7f, 0x00])),
      chunk('data', wav.subarray(44)),
    );
    // Why it must be refused: ffmpeg decodes both data chunks, the keypad tones in the second.
    const decoded = decodeS16(hidden);
    expect(decoded.length).toBe(24_000 + call.samples.length);
    expect(tones(decoded).length).toBe(CALL_PAN.length);

    const res = await upload(t, ingest, keypadOnlyMetadata('hidden-data-chunk'), hidden).expect(202);
    const rec = await settle(t, ingest, res.body.id as string);
    expect(rec.status).toBe('rejected');
    expect(rec.statusReason).toMatch(/^MEDIA_CORRUPT: /);
    const row = await t.runtime.dataSource
      .getRepository(RecordingEntity)
      .findOneByOrFail({ id: res.body.id as string });
    expect(row.objectKey).toBeNull();
  });

  it.each<[string, number]>([
    ['PCM, size 0xFFFFFFFF', 0xffffffff],
    ['PCM, size 0', 0],
    ['G.722, size 0xFFFFFFFF', 0xffffffff],
  ])(
    'a streamed WAV (%s) with a LIST chunk after its samples: tones muted, the chunk neither stored nor played as noise',
    async (name, size) => {
      const call = makeCall({ externalCallId: 'x' });
      const g722 = name.startsWith('G.722');
      const wav = g722
        ? encode(call.wav, 'adpcm_g722', ['-fflags', '+bitexact'])
        : Buffer.from(call.wav.subarray(0, 44 + call.samples.length * 2));
      const dataAt = wav.indexOf('data');
      const info = chunk('LIST', Buffer.from(`INFOICMT\x1e\x00\x00\x00card ${PAN} cvv 123\x00`, 'latin1'));
      const file = Buffer.concat([wav, info]);
      file.writeUInt32LE(size, 4);
      file.writeUInt32LE(size, dataAt + 4);
      // Why it matters: ffmpeg plays the chunk's bytes as more samples.
      const samples = (wav.length - dataAt - 8) / (g722 ? 0.5 : 2);
      expect(decodeS16(file).length).toBeGreaterThan(samples);

      const res = await upload(
        t,
        ingest,
        keypadOnlyMetadata(`streamed-list-${size}-${g722 ? 'g722' : 'pcm'}`),
        file,
      ).expect(202);
      const rec = await settle(t, ingest, res.body.id as string);
      expect(rec.status).toBe('available');
      const row = await t.runtime.dataSource
        .getRepository(RecordingEntity)
        .findOneByOrFail({ id: res.body.id as string });
      expect(row.redactionReport?.verification).toMatchObject({ passed: true, residualDtmf: 0 });
      const stored = await served(res.body.id as string);
      expect(stored.includes(PAN)).toBe(false);
      expect(stored.includes('LIST')).toBe(false);
      const decoded = decodeS16(stored);
      expect(decoded.length).toBe(samples);
      const rate = g722 ? 16_000 : 8000;
      const detector = new DtmfDetector(rate);
      expect([...detector.push(decoded), ...detector.flush()]).toEqual([]);
      const input = new DtmfDetector(rate);
      expect([...input.push(decodeS16(wav)), ...input.flush()].length).toBe(CALL_PAN.length);
    },
  );

  it('refuses a G.722 WAV whose header says 8000 Hz: decoded at half speed its keypad tones would go unheard, and be kept', async () => {
    const call = makeCall({ externalCallId: 'x' });
    const file = encode(call.wav, 'adpcm_g722');
    file.writeUInt32LE(8000, file.indexOf('fmt ') + 12); // RTP's clock rate for G.722, as some recorders write it
    // Why: ffmpeg takes the header's rate, and at half pitch the card number's tones are not keypad tones.
    const halfSpeed = new DtmfDetector(8000);
    expect([...halfSpeed.push(decodeS16(file)), ...halfSpeed.flush()]).toEqual([]);

    const res = await upload(t, ingest, keypadOnlyMetadata('g722-at-8k'), file).expect(202);
    const rec = await settle(t, ingest, res.body.id as string);
    expect([rec.status, rec.statusReason]).toEqual([
      'rejected',
      'MEDIA_UNSUPPORTED_FORMAT: The audio format is not supported.',
    ]);
    const row = await t.runtime.dataSource
      .getRepository(RecordingEntity)
      .findOneByOrFail({ id: res.body.id as string });
    expect(row.objectKey).toBeNull();
  });

  it('stores a WAV without its LIST/INFO chunks: the card number in a comment is not in the stored or served audio', async () => {
    const call = makeCall({ externalCallId: 'x' });
    const info = chunk('LIST', Buffer.from(`INFOICMT\x1e\x00\x00\x00card ${PAN} cvv 123\x00`, 'latin1'));
    const file = riff(call.wav.subarray(12, 36), info, chunk('data', call.wav.subarray(44)), info);
    expect(file.includes(PAN)).toBe(true);

    const res = await upload(t, ingest, keypadOnlyMetadata('list-info-card'), file).expect(202);
    const rec = await settle(t, ingest, res.body.id as string);
    expect(rec.status).toBe('available');
    const row = await t.runtime.dataSource
      .getRepository(RecordingEntity)
      .findOneByOrFail({ id: res.body.id as string });
    expect(row.redactionReport?.verification).toMatchObject({ passed: true, codec: 'pcm_s16le', residualDtmf: 0 });

    const audio = await served(res.body.id as string);
    const parts: Buffer[] = [];
    for await (const c of await t.app.get(EnvelopeService).open(row.objectKey as string)) parts.push(c as Buffer);
    const stored = Buffer.concat(parts);
    expect(audio.equals(stored)).toBe(true);
    expect(stored.includes(PAN)).toBe(false);
    expect(stored.includes('LIST')).toBe(false);
    // RIFF/WAVE, fmt, data and nothing else, the sizes right: the call's samples, its keypad tones muted.
    expect(stored.length).toBe(44 + call.samples.length * 2);
    expect([stored.toString('latin1', 36, 40), stored.readUInt32LE(40), stored.readUInt32LE(4)]).toEqual([
      'data',
      call.samples.length * 2,
      stored.length - 8,
    ]);
    // As a player opens the downloaded file (ffmpeg reads a file's sizes, not a pipe's).
    const dir = mkdtempSync(join(tmpdir(), 'wav-chunks-'));
    try {
      writeFileSync(join(dir, 'call.wav'), audio);
      const json = run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', join(dir, 'call.wav')]);
      const probed = JSON.parse(json.toString()) as { streams: Array<{ codec_name: string; duration_ts: number }> };
      expect(probed.streams[0]).toMatchObject({ codec_name: 'pcm_s16le', duration_ts: call.samples.length });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(tones(call.samples).length).toBe(CALL_PAN.length);
    const decoded = decodeS16(stored);
    expect(decoded.length).toBe(call.samples.length);
    expect(tones(decoded)).toEqual([]);
  });
});
