import { Readable } from 'node:stream';
import { MediaDriver, outputFor } from './media.driver';
import { verificationTolerance } from './verification';
import type { AudioCodec, ContainerFormat, ProbeResult } from './media.types';
import * as fx from '../../../test/fixtures/audio';
import { prng } from '../../../test/fixtures/cards';

const driver = new MediaDriver({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function decode(audio: Buffer): Promise<{ probe: ProbeResult; pcm: Int16Array }> {
  const probe = await driver.probe(fx.opener(audio));
  const parts: Int16Array[] = [];
  for await (const p of driver.decodePcm(fx.opener(audio), probe)) parts.push(p);
  const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) pcm.set(p, (at += p.length) - p.length);
  return { probe, pcm };
}

const peakDbfs = (pcm: Int16Array, from: number, to: number) => {
  let peak = 0;
  for (let i = Math.max(0, from); i < Math.min(pcm.length, to); i++) peak = Math.max(peak, Math.abs(pcm[i]));
  return peak === 0 ? -Infinity : 20 * Math.log10(peak / 32768);
};

/** A steady two-tone signal at −10 dBFS: any window of it is loud, so a muted one stands out to the sample. */
function steady(seconds: number, rate: number): Buffer {
  return fx.ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `aevalsrc=0.16*sin(2*PI*440*t)+0.16*sin(2*PI*660*t):s=${rate}:d=${seconds}`,
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
  ]);
}

interface Case {
  name: string;
  audio: () => Buffer;
  format: ContainerFormat;
  codec: AudioCodec;
  rate: number;
  out: { format: ContainerFormat; codec: AudioCodec; fallback: boolean };
}

const cases: Case[] = [
  {
    name: 'AAC in M4A, index at the end',
    audio: () => fx.encode(steady(6, 8000), 'aac'),
    format: 'mp4',
    codec: 'aac',
    rate: 8000,
    out: { format: 'mp4', codec: 'aac', fallback: false },
  },
  {
    name: 'AAC in M4A, index first (faststart), 16 kHz',
    audio: () => fx.encode(steady(6, 16000), 'aac_faststart'),
    format: 'mp4',
    codec: 'aac',
    rate: 16000,
    out: { format: 'mp4', codec: 'aac', fallback: false },
  },
  {
    name: 'GSM 6.10 WAV ("WAV49")',
    audio: () => fx.encode(steady(6, 8000), 'gsm_ms'),
    format: 'wav',
    codec: 'gsm_ms',
    rate: 8000,
    out: { format: 'wav', codec: 'gsm_ms', fallback: false },
  },
  {
    name: 'G.722 WAV',
    audio: () => fx.encode(steady(6, 16000), 'adpcm_g722'),
    format: 'wav',
    codec: 'adpcm_g722',
    rate: 16000,
    out: { format: 'wav', codec: 'adpcm_g722', fallback: false },
  },
  {
    name: 'AMR-NB',
    audio: () => fx.amrNb(steady(6, 8000)),
    format: 'amr',
    codec: 'amr_nb',
    rate: 8000,
    out: { format: 'flac', codec: 'flac', fallback: true },
  },
  {
    name: 'AMR-WB with comfort-noise frames',
    audio: () =>
      fx.amrWb(
        Array.from({ length: 300 }, (_, i) => (i >= 120 && i < 140 ? 'dtx' : 'loud')),
        prng(3),
      ),
    format: 'amr',
    codec: 'amr_wb',
    rate: 16000,
    out: { format: 'flac', codec: 'flac', fallback: true },
  },
];

describe.each(cases)('$name', ({ audio, format, codec, rate, out }) => {
  const input = audio();
  const spans = [
    { startMs: 1000, endMs: 1800 },
    { startMs: 3300, endMs: 3700 },
  ];

  it('is probed and decoded on a timeline as long as the audio', async () => {
    const { probe, pcm } = await decode(input);
    expect(probe).toMatchObject({ format, codec, sampleRate: rate, channels: 1 });
    // 6 s of audio; AAC pads its last frame, AMR is whole 20 ms frames (comfort noise included).
    expect(Math.abs(pcm.length - 6 * rate)).toBeLessThanOrEqual(codec === 'aac' ? 1024 : rate / 50);
  });

  it(`is redacted into ${out.format}/${out.codec}${out.fallback ? ' (fallback)' : ''}, silent in the spans and aligned with the input`, async () => {
    const { probe, pcm: before } = await decode(input);
    const choice = outputFor(probe, 'mute');
    expect({ format: choice.format, codec: choice.codec, fallback: choice.fallback !== undefined }).toEqual(out);
    const redacted = await collect(driver.redact(fx.opener(input), probe, spans, 'mute'));
    const { probe: outProbe, pcm: after } = await decode(redacted);
    expect(outProbe).toMatchObject({ format: out.format, codec: out.codec, sampleRate: rate });
    expect(Math.abs(after.length - before.length)).toBeLessThanOrEqual(codec === 'aac' ? 1024 : 0);
    const tolerance = verificationTolerance(out.codec);
    const at = (ms: number) => Math.round((ms * rate) / 1000);
    for (const s of spans) {
      expect(
        peakDbfs(after, at(s.startMs + tolerance.edgeMarginMs), at(s.endMs - tolerance.edgeMarginMs)),
      ).toBeLessThanOrEqual(tolerance.maxPeakDbfs);
      // Just outside the span the input is still there: the muting did not slide along the timeline.
      const edge = Math.max(tolerance.edgeMarginMs, 40) + 20;
      expect(peakDbfs(after, at(s.startMs - edge), at(s.startMs - edge + 20))).toBeGreaterThan(-30);
      expect(peakDbfs(after, at(s.endMs + edge - 20), at(s.endMs + edge))).toBeGreaterThan(-30);
    }
  });
});

describe('GSM 6.10 in tone mode', () => {
  it('is stored as FLAC, with the reason', () => {
    const { fallback, ...tone } = outputFor({ format: 'wav', codec: 'gsm_ms' }, 'tone');
    expect(tone).toEqual({ format: 'flac', codec: 'flac' });
    expect(fallback).toContain('GSM');
    expect(outputFor({ format: 'wav', codec: 'gsm_ms' }, 'mute')).toEqual({ format: 'wav', codec: 'gsm_ms' });
  });
});

describe('an M4A whose index follows ten minutes of audio', () => {
  it('is decoded whole from a pipe, the index moved in front on the way to ffmpeg', async () => {
    const input = fx.encode(steady(600, 8000), 'aac');
    const probe = await driver.probe(fx.opener(input, 64 * 1024));
    const index = probe.mp4Index;
    expect(index?.insertAt).toEqual(expect.any(Number));
    expect(index?.moovBytes).toEqual(expect.any(Number));
    expect(index?.moovAt).toBeGreaterThan(input.length / 2);
    let frames = 0;
    for await (const p of driver.decodePcm(fx.opener(input, 64 * 1024), probe)) frames += p.length;
    expect(Math.abs(frames - 600 * 8000)).toBeLessThanOrEqual(1024);
  });
});

describe('tone mode', () => {
  it.each(cases.filter((c) => c.codec !== 'amr_wb'))(
    '$name: the span carries the −20 dBFS tone within the codec tolerance',
    async ({ audio }) => {
      const input = audio();
      const probe = await driver.probe(fx.opener(input));
      const redacted = await collect(driver.redact(fx.opener(input), probe, [{ startMs: 1000, endMs: 1800 }], 'tone'));
      const { probe: out, pcm } = await decode(redacted);
      const tol = verificationTolerance(out.codec);
      const at = (ms: number) => Math.round((ms * out.sampleRate) / 1000);
      expect(
        Math.abs(peakDbfs(pcm, at(1000 + tol.edgeMarginMs), at(1800 - tol.edgeMarginMs)) + 20),
      ).toBeLessThanOrEqual(tol.exact ? 1 : 3);
    },
  );
});
