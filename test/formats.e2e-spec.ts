import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { MediaDriver } from '../src/modules/media/media.driver';
import { verificationTolerance } from '../src/modules/media/verification';
import type { AudioCodec } from '../src/modules/media/media.types';
import { startAcmeApp, type TestApp } from './support/app';
import { servedAudio, settle, upload } from './support/upload';
import { amrNb, amrWb, encode } from './fixtures/audio';
import { makeCall } from './fixtures/call';
import { prng } from './fixtures/cards';

/**
 * The newer input formats end to end over HTTP: each is uploaded, redacted
 * (keypad tones, a spoken card number, a pause marker) and fetched back in the
 * codec the report names, silent where card data was and intact elsewhere.
 */
describe('audio formats, end to end', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;

  beforeAll(async () => ({ t, ingest, qa } = await startAcmeApp()));
  afterAll(() => t.close());

  const fetchAudio = (id: string) => servedAudio(t, qa, id);

  /**
   * Decoded as the file declares its timeline. A fragmented MP4's edit list skips the AAC
   * encoder's priming; ffmpeg 5.1 ignores edit lists in fragments, so plain `ffmpeg -i`
   * plays such a file 1024 samples late (muted audio and all), which the driver corrects.
   */
  async function decode(audio: Buffer, rate: number): Promise<Int16Array> {
    const media = t.app.get(MediaDriver);
    const open = () => Readable.from([audio]);
    const probe = await media.probe(open);
    expect(probe.sampleRate).toBe(rate);
    const parts: Int16Array[] = [];
    for await (const p of media.decodePcm(open, probe))
      parts.push(probe.channels === 1 ? p : p.filter((_, i) => i % probe.channels === 0));
    const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) pcm.set(p, (at += p.length) - p.length);
    return pcm;
  }

  const cases: Array<{
    name: string;
    rate: number;
    audio: (wav: Buffer) => Buffer;
    output: { format: string; codec: AudioCodec; type: string; fallback: boolean };
  }> = [
    {
      name: 'AAC in M4A',
      rate: 8000,
      audio: (w) => encode(w, 'aac'),
      output: { format: 'mp4', codec: 'aac', type: 'audio/mp4', fallback: false },
    },
    {
      name: 'GSM 6.10 WAV',
      rate: 8000,
      audio: (w) => encode(w, 'gsm_ms'),
      output: { format: 'wav', codec: 'gsm_ms', type: 'audio/wav', fallback: false },
    },
    {
      name: 'G.722 WAV',
      rate: 16000,
      audio: (w) => encode(w, 'adpcm_g722'),
      output: { format: 'wav', codec: 'adpcm_g722', type: 'audio/wav', fallback: false },
    },
    {
      name: 'AMR-NB',
      rate: 8000,
      audio: (w) => amrNb(w),
      output: { format: 'flac', codec: 'flac', type: 'audio/flac', fallback: true },
    },
  ];

  it.each(cases)(
    'takes $name from upload to available, in the codec the report names',
    async ({ name, rate, audio, output }) => {
      const call = makeCall({ externalCallId: `fmt-${output.codec}-${name.length}`, rate });
      const res = await upload(t, ingest, call.metadata, audio(call.wav), { filename: 'call.bin' });
      expect([res.status, res.body.code]).toEqual([202, undefined]);
      const rec = await settle(t, ingest, res.body.id, undefined, 90_000);
      expect([rec.status, rec.statusReason]).toEqual(['available', null]);
      const { body: report } = await t
        .http()
        .get(`/v1/recordings/${res.body.id}/redactions`)
        .set('Authorization', `Bearer ${qa}`)
        .expect(200);
      expect(report.report.output).toEqual({
        format: output.format,
        codec: output.codec,
        ...(output.fallback ? { fallback: expect.stringMatching(/FLAC/) } : {}),
      });
      expect(report.report.verification).toMatchObject({ passed: true, codec: output.codec });
      const { body, type } = await fetchAudio(res.body.id);
      expect(type).toContain(output.type);
      if (output.codec === 'aac') {
        // Plain ffmpeg, ignoring the edit list, hears the same muting 1024 samples later: shifted, never leaking.
        const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-f', 's16le', 'pipe:1'], {
          input: body,
          maxBuffer: 1 << 28,
        });
        const late = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2).subarray(1024);
        const span = call.mustBeSilent[1];
        expect(
          late
            .subarray(((span.startMs + 40) * rate) / 1000, ((span.endMs - 40) * rate) / 1000)
            .every((v) => Math.abs(v) <= 328),
        ).toBe(true);
      }
      const pcm = await decode(body, rate);
      const tol = verificationTolerance(output.codec);
      const margin = Math.max(tol.edgeMarginMs, 30);
      const problems: string[] = [];
      for (const span of call.mustBeSilent) {
        let peak = 0;
        for (
          let i = Math.ceil(((span.startMs + margin) * rate) / 1000);
          i < Math.floor(((span.endMs - margin) * rate) / 1000);
          i++
        )
          peak = Math.max(peak, Math.abs(pcm[i]));
        if (peak > 328) problems.push(`span ${span.startMs}-${span.endMs} peaks at ${peak}`);
      }
      for (let ms = 0; ms + 100 <= call.durationMs - 200; ms += 100) {
        if (call.mustBeSilent.some((s) => ms + 100 > s.startMs - 150 && ms < s.endMs + 150)) continue;
        let sum = 0;
        for (let i = (ms * rate) / 1000; i < ((ms + 100) * rate) / 1000; i++) sum += pcm[i] * pcm[i];
        if (Math.sqrt(sum / ((100 * rate) / 1000)) < 1000) problems.push(`window at ${ms} ms lost the voice`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('takes AMR-WB with comfort-noise frames to available as FLAC, muting the marked span on the right timeline', async () => {
    // 8 s: noise-like speech frames, a stretch of DTX frames, more speech; a pause marker at 5.0–6.0 s.
    const frames = Array.from({ length: 400 }, (_, i) => (i >= 100 && i < 150 ? 'dtx' : 'loud'));
    const meta = {
      externalCallId: 'fmt-amr-wb',
      startedAt: '2026-11-20T15:00:00Z',
      participants: [{ id: 'customer', role: 'customer', jurisdiction: 'US-CA' }],
      consent: [{ participant: 'customer', kind: 'granted', method: 'ivr-keypress', offsetMs: 0 }],
      markers: [{ kind: 'pause', startMs: 5000, endMs: 6000 }],
    };
    const res = await upload(t, ingest, meta, amrWb(frames, prng(11)), { filename: 'call.awb' });
    expect(res.status).toBe(202);
    const rec = await settle(t, ingest, res.body.id, undefined, 90_000);
    expect([rec.status, rec.statusReason]).toEqual(['available', null]);
    const pcm = await decode((await fetchAudio(res.body.id)).body, 16000);
    // 400 frames of 20 ms: the DTX stretch kept its length, so the span is where the marker says.
    expect(pcm.length).toBe(400 * 320);
    const peak = (fromMs: number, toMs: number) =>
      pcm.subarray(fromMs * 16, toMs * 16).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak(4750, 6250)).toBe(0);
    expect(peak(4500, 4700)).toBeGreaterThan(1000);
    expect(peak(6300, 6500)).toBeGreaterThan(1000);
  });

  it('handles the new formats uploaded together', async () => {
    const uploads = cases.map((c, i) => {
      const call = makeCall({ externalCallId: `fmt-concurrent-${i}`, rate: c.rate });
      return upload(t, ingest, call.metadata, c.audio(call.wav));
    });
    const results = await Promise.all(uploads);
    const recs = await Promise.all(results.map((r) => settle(t, ingest, r.body.id, undefined, 120_000)));
    expect(recs.map((r) => r.status)).toEqual(cases.map(() => 'available'));
  });
});
