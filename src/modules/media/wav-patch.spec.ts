import { Readable } from 'node:stream';
import * as fx from '../../../test/fixtures/audio';
import { MediaRejectedError } from './media.errors';
import type { TimeSpan } from './media.types';
import {
  linearToAlaw,
  linearToMulaw,
  parseWavHeader,
  spansToFrames,
  WavPatchTransform,
  type WavPatchOptions,
} from './wav-patch';

async function patch(pieces: Iterable<Buffer>, options: WavPatchOptions): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(pieces).pipe(new WavPatchTransform(options))) out.push(c as Buffer);
  return Buffer.concat(out);
}

function counting(frames: number, channels: number): Buffer {
  const pcm = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames * channels; i++) pcm.writeInt16LE(((i * 7919) % 60000) - 30000, i * 2);
  return pcm;
}

// Stereo 16-bit at 1 kHz so that 1 ms = 1 frame = 4 bytes.
const RATE = 1000;
const wav = fx.wavWithListChunk(counting(120, 2), RATE, 2);
const dataOffset = wav.indexOf('data') + 8;
const spans: TimeSpan[] = [
  { startMs: 3, endMs: 17 },
  { startMs: 40.5, endMs: 41.2 }, // fractional ms: frames 40..41 inclusive
  { startMs: 110, endMs: 500 }, // past the end of the data: pad and trailing chunk stay
];
const expected = Buffer.from(wav);
for (const [a, b] of [
  [3, 17],
  [40, 42],
  [110, 120],
])
  expected.fill(0, dataOffset + a * 4, dataOffset + b * 4);

describe('WavPatchTransform', () => {
  it('patches only the span samples, whatever the write boundaries', async () => {
    expect(wav.subarray(dataOffset + 480).toString('latin1', 0, 4)).toBe('junk'); // data size even here: no pad
    for (let cut = 1; cut < wav.length; cut++) {
      const out = await patch([wav.subarray(0, cut), wav.subarray(cut)], { spans, mode: 'mute' });
      if (!out.equals(expected)) throw new Error(`wrong output when split at byte ${cut}`);
    }
    for (const sizes of [[1], [2], [3], [7, 1, 13], [4095]]) {
      expect((await patch(fx.splitBuffer(wav, sizes), { spans, mode: 'mute' })).equals(expected)).toBe(true);
    }
  });

  it('never writes into the buffers it was given', async () => {
    const copy = Buffer.from(wav);
    await patch([copy], { spans, mode: 'mute' });
    expect(copy.equals(wav)).toBe(true);
  });

  it.each<[string, number, number, number]>([
    ['u8', 1, 8, 0x80],
    ['24-bit', 1, 24, 0x00],
    ['A-law', 6, 8, 0xd5],
    ['µ-law', 7, 8, 0xff],
  ])("%s uses its own silence and leaves an odd data chunk's pad byte alone", async (_n, tag, bits, silence) => {
    const bytesPerFrame = bits / 8;
    const data = Buffer.alloc(101 * bytesPerFrame, 0x3c); // 101 frames: odd size for 8-bit
    const file = fx.wavWithListChunk(data, RATE, 1, tag, bits);
    const at = file.indexOf('data') + 8;
    const out = await patch(fx.splitBuffer(file, [5, 3]), { spans: [{ startMs: 99, endMs: 400 }], mode: 'mute' });
    const want = Buffer.from(file);
    want.fill(silence, at + 99 * bytesPerFrame, at + 101 * bytesPerFrame);
    expect(out.equals(want)).toBe(true);
  });

  it('runs to the end of the stream when the data size was never filled in', async () => {
    const streamed = Buffer.from(wav);
    streamed.writeUInt32LE(0xffffffff, dataOffset - 4);
    const out = await patch([streamed], { spans: [{ startMs: 118, endMs: 1e9 }], mode: 'mute' });
    expect(out.subarray(dataOffset + 118 * 4).every((b) => b === 0)).toBe(true); // the trailing chunk is "data" now
  });

  it('stops a WAV of unknown length at the frame limit', async () => {
    const streamed = Buffer.from(wav);
    streamed.writeUInt32LE(0xffffffff, dataOffset - 4);
    const err = await patch(fx.splitBuffer(streamed, 64), { spans, mode: 'mute', maxFrames: 100 }).catch(
      (e: unknown) => e,
    );
    expect((err as MediaRejectedError).reason).toBe('TOO_LONG');
  });

  it('writes a tone in the codec of the file', async () => {
    const data = Buffer.alloc(8000, 0xff);
    const mulaw = fx.wavWithListChunk(data, 8000, 1, 7, 8);
    const out = await patch([mulaw], { spans: [{ startMs: 100, endMs: 900 }], mode: 'tone' });
    const decoded = fx.decodeS16(out);
    let peak = 0;
    for (let i = 900; i < 7100; i++) peak = Math.max(peak, Math.abs(decoded[i]));
    expect(20 * Math.log10(peak / 32768)).toBeCloseTo(-20, 0);
    expect(decoded[799]).toBe(0);
    expect(decoded[7200]).toBe(0);
  });

  it.each<[string, Buffer, string]>([
    ['empty', Buffer.alloc(0), 'EMPTY'],
    ['truncated header', wav.subarray(0, 30), 'CORRUPT'],
    ['not WAVE', Buffer.from('RIFF\x10\x00\x00\x00AVI LIST'), 'CORRUPT'],
  ])('%s is refused', async (_n, input, reason) => {
    const err = await patch([input], { spans, mode: 'mute' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaRejectedError);
    expect((err as MediaRejectedError).reason).toBe(reason);
  });

  it('refuses a file that is not what the probe saw', async () => {
    const err = await patch([wav], {
      spans,
      mode: 'mute',
      expect: { codec: 'pcm_s16le', sampleRate: 8000, channels: 2 },
    }).catch((e: unknown) => e);
    expect((err as MediaRejectedError).reason).toBe('CORRUPT');
  });
});

describe('parseWavHeader', () => {
  it('skips chunks before data and reads WAVE_FORMAT_EXTENSIBLE', () => {
    const ext = fx.ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'sine=d=0.1:sample_rate=8000',
      '-ac',
      '3',
      '-c:a',
      'pcm_s16le',
      '-f',
      'wav',
    ]);
    expect(parseWavHeader(ext)).toMatchObject({ codec: 'pcm_s16le', channels: 3, sampleRate: 8000, blockAlign: 6 });
    expect(parseWavHeader(wav)).toMatchObject({ dataOffset, dataBytes: 480 });
    expect(parseWavHeader(wav.subarray(0, dataOffset - 1))).toBeNull();
  });
});

describe('spansToFrames', () => {
  it('rounds outwards, merges overlaps, drops empty spans', () => {
    expect(
      spansToFrames(
        [
          { startMs: 10, endMs: 5 },
          { startMs: 2.0625, endMs: 3.01 },
          { startMs: 3, endMs: 4 },
        ],
        8000,
      ),
    ).toEqual([[16, 32]]);
  });
});

describe('G.711 encoders', () => {
  // ffmpeg's encoder tables round negative values at slightly different decision
  // points; both are valid G.711, so agree to the code or its neighbour.
  const ramp = Buffer.alloc(65536 * 2);
  for (let i = 0; i < 65536; i++) ramp.writeInt16LE(i - 32768, i * 2);
  it.each<[string, (v: number) => number, number]>([
    ['mulaw', linearToMulaw, 0x00],
    ['alaw', linearToAlaw, 0x55],
  ])('%s agrees with ffmpeg to one quantisation step', (format, encode, evenBits) => {
    const ref = fx.run(
      'ffmpeg',
      ['-v', 'error', '-f', 's16le', '-ar', '8000', '-ac', '1', '-i', 'pipe:0', '-f', format, 'pipe:1'],
      ramp,
    );
    let different = 0;
    for (let i = 0; i < 65536; i++) {
      const ours = encode(i - 32768) ^ evenBits;
      const theirs = ref[i] ^ evenBits;
      if (ours !== theirs) different++;
      if (Math.abs(ours - theirs) > 1) throw new Error(`${format}: ${i - 32768} → ${ours} vs ffmpeg ${theirs}`);
    }
    expect(different / 65536).toBeLessThan(0.02);
    expect(encode(0)).toBe(ref[32768]);
  });
});
