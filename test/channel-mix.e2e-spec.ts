import { pcm16Wav } from '../src/modules/media/pcm-wav';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { DtmfDetector } from '../src/modules/redaction/dtmf/dtmf.detector';
import { KEYPAD_TONES } from '../src/modules/redaction/dtmf/dtmf.keypad';
import { run } from './fixtures/audio';
import { CALL_PAN, makeCall } from './fixtures/call';
import { startAcmeApp, type TestApp } from './support/app';
import { servedAudio, settle, upload } from './support/upload';

const RATE = 8000;

/** Stereo, downmixed to mono as a one-speaker player plays it (ffmpeg's -ac 1). */
function monoTones(wav: Buffer): string {
  const raw = run('ffmpeg', ['-nostdin', '-v', 'error', '-i', 'pipe:0', '-ac', '1', '-f', 's16le', 'pipe:1'], wav);
  const pcm = new Int16Array(raw.length / 2);
  Buffer.from(pcm.buffer).set(raw.subarray(0, pcm.length * 2));
  const d = new DtmfDetector(RATE);
  return [...d.push(pcm), ...d.flush()].map((e) => e.digit).join('');
}

describe('keypad tones split across channels, end to end', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;

  beforeAll(async () => ({ t, ingest, qa } = await startAcmeApp()));
  afterAll(() => t.close());

  it('a card number keyed with each low tone on one channel and each high tone on the other is muted', async () => {
    // 6 s of a voice on both channels; from 2 s the digits, the low tone left and the high tone right.
    const pcm = new Int16Array(6 * RATE * 2);
    for (let i = 0; i < pcm.length / 2; i++)
      pcm[2 * i] = pcm[2 * i + 1] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / RATE));
    CALL_PAN.forEach((d, k) => {
      const [lo, hi] = KEYPAD_TONES[d];
      const s0 = 2 * RATE + k * 1280;
      for (let i = 0; i < 1280; i++) {
        const on = i < 640;
        pcm[2 * (s0 + i)] = on ? Math.round(9000 * Math.sin((2 * Math.PI * lo * i) / RATE)) : 0;
        pcm[2 * (s0 + i) + 1] = on ? Math.round(9000 * Math.sin((2 * Math.PI * hi * i) / RATE)) : 0;
      }
    });
    const wav = pcm16Wav(pcm, RATE, 2);
    expect(monoTones(wav)).toBe(CALL_PAN.join(''));

    const metadata = { ...makeCall({ externalCallId: 'split-tones' }).metadata, transcript: undefined, markers: [] };
    const res = await upload(t, ingest, metadata, wav).expect(202);
    const rec = await settle(t, ingest, res.body.id as string);
    expect(rec.status).toBe('available');
    const row = await t.runtime.dataSource
      .getRepository(RecordingEntity)
      .findOneByOrFail({ id: res.body.id as string });
    expect(row.redactionReport?.spans).toEqual([
      expect.objectContaining({ detector: 'dtmf', kind: 'pan', channel: null }),
    ]);
    expect(row.redactionReport?.verification).toMatchObject({ passed: true, residualDtmf: 0 });
    expect(monoTones((await servedAudio(t, qa, res.body.id as string)).body)).toBe('');
  });
});
