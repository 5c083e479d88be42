import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as fx from '../../../test/fixtures/audio';
import { CALL_PAN } from '../../../test/fixtures/call';
import { MediaRejectedError } from './media.errors';
import type { TimeSpan } from './media.types';
import {
  linearToAlaw,
  linearToMulaw,
  parseWavHeader,
  spansToFrames,
  WavPatchTransform,
  type WavLayout,
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

/**
 * The WAV the patcher should write, laid out by hand: RIFF/WAVE, a 16-byte fmt for
 * PCM (18 with cbSize 0 and a fact chunk for G.711), data, a pad byte if odd.
 */
function canonical(tag: number, bits: number, channels: number, rate: number, data: Buffer): Buffer {
  const blockAlign = (channels * bits) / 8;
  const fmt = Buffer.alloc(tag === 1 ? 16 : 18);
  fmt.writeUInt16LE(tag, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bits, 14);
  const fact = Buffer.alloc(4);
  fact.writeUInt32LE(data.length / blockAlign);
  const chunks = [chunk('fmt ', fmt), ...(tag === 1 ? [] : [chunk('fact', fact)]), chunk('data', data)];
  return Buffer.concat([
    chunkHead('RIFF', 4 + chunks.reduce((n, c) => n + c.length, 0)),
    Buffer.from('WAVE'),
    ...chunks,
  ]);
}

function chunkHead(id: string, size: number): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(size, 4);
  return head;
}

/** A chunk without the pad byte RIFF puts after an odd size. */
const unpadded = (id: string, body: Buffer): Buffer => Buffer.concat([chunkHead(id, body.length), body]);

/** A chunk with its pad byte. */
const chunk = (id: string, body: Buffer): Buffer =>
  Buffer.concat([chunkHead(id, body.length), body, Buffer.alloc(body.length & 1)]);

/** A WAV laid out by hand: RIFF/WAVE, then `chunks` as given. */
const riff = (...chunks: Buffer[]): Buffer =>
  Buffer.concat([chunkHead('RIFF', 4 + chunks.reduce((n, c) => n + c.length, 0)), Buffer.from('WAVE'), ...chunks]);

function fmtChunk(tag: number, bits: number, channels: number, rate: number): Buffer {
  return canonical(tag, bits, channels, rate, Buffer.alloc(0)).subarray(12, tag === 1 ? 36 : 38);
}

/** The chunk ids of a WAV, walked as RIFF lays them out. */
function chunkIds(file: Buffer): string[] {
  const ids: string[] = [];
  for (let at = 12; at + 8 <= file.length;) {
    const size = file.readUInt32LE(at + 4);
    ids.push(file.toString('latin1', at, at + 4));
    at += 8 + size + (size & 1);
  }
  return ids;
}

// Stereo 16-bit at 1 kHz so that 1 ms = 1 frame = 4 bytes.
const RATE = 1000;
const wav = fx.wavWithListChunk(counting(120, 2), RATE, 2);
const dataOffset = wav.indexOf('data') + 8;
const spans: TimeSpan[] = [
  { startMs: 3, endMs: 17 },
  { startMs: 40.5, endMs: 41.2 }, // fractional ms: frames 40..41 inclusive
  { startMs: 110, endMs: 500 }, // past the end of the data
];
const patchedData = Buffer.from(wav.subarray(dataOffset, dataOffset + 480));
for (const [a, b] of [
  [3, 17],
  [40, 42],
  [110, 120],
])
  patchedData.fill(0, a * 4, b * 4);
// The LIST chunk before the data and the junk chunk after it are not written.
const expected = canonical(1, 16, 2, RATE, patchedData);

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
  ])('%s uses its own silence, and an odd-sized data chunk gets its pad byte', async (_n, tag, bits, silence) => {
    const bytesPerFrame = bits / 8;
    const data = Buffer.alloc(101 * bytesPerFrame, 0x3c); // 101 frames: odd size
    const file = fx.wavWithListChunk(data, RATE, 1, tag, bits);
    const out = await patch(fx.splitBuffer(file, [5, 3]), { spans: [{ startMs: 99, endMs: 400 }], mode: 'mute' });
    const want = Buffer.from(data);
    want.fill(silence, 99 * bytesPerFrame, 101 * bytesPerFrame);
    expect(out.equals(canonical(tag, bits, 1, RATE, want))).toBe(true);
    expect(out.at(-1)).toBe(0);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
  });

  it('writes only the whole frames of the data, as the decoders read them', async () => {
    const file = riff(fmtChunk(1, 16, 2, RATE), chunk('data', Buffer.concat([counting(10, 2), Buffer.from([7])])));
    const out = await patch(fx.splitBuffer(file, [3]), { spans: [], mode: 'mute' });
    expect(out.equals(canonical(1, 16, 2, RATE, counting(10, 2)))).toBe(true);
  });

  it('runs to the end of the stream when the data size was never filled in, and says so in its own header', async () => {
    const head = canonical(1, 16, 2, RATE, Buffer.alloc(0));
    head.writeUInt32LE(0xffffffff, 4);
    head.writeUInt32LE(0xffffffff, 40);
    for (const unknown of [0, 0xffffffff]) {
      const streamed = Buffer.from(wav);
      streamed.writeUInt32LE(unknown, dataOffset - 4);
      // The junk chunk after the samples is not samples (ffmpeg would play its bytes), and is not written.
      const out = await patch(fx.splitBuffer(streamed, [7]), { spans: [{ startMs: 118, endMs: 1e9 }], mode: 'mute' });
      expect(out.length).toBe(44 + 480);
      expect(out.subarray(0, 44).equals(head)).toBe(true);
      expect(out.subarray(44, 44 + 118 * 4).equals(wav.subarray(dataOffset, dataOffset + 118 * 4))).toBe(true);
      expect(out.subarray(44 + 118 * 4).every((b) => b === 0)).toBe(true);
      // Without it, but for a partial frame at the very end, which the decoders drop: the same.
      const partial = Buffer.concat([streamed.subarray(0, dataOffset + 480), Buffer.from([1, 2, 3])]);
      expect(
        (await patch(fx.splitBuffer(partial, [5]), { spans: [{ startMs: 118, endMs: 1e9 }], mode: 'mute' })).equals(
          out,
        ),
      ).toBe(true);
    }
  });

  it('of unknown data size: a card number in chunks after the samples is not written, whatever the write boundaries', async () => {
    const pan = CALL_PAN.join('');
    const info = chunk('LIST', Buffer.from(`INFOICMT\x1f\x00\x00\x00card ${pan} cvv 123 \x00`, 'latin1'));
    const data = counting(50, 1);
    const file = riff(fmtChunk(1, 16, 1, RATE), chunk('data', data), info, unpadded('id3 ', Buffer.from(pan)));
    file.writeUInt32LE(0xffffffff, 4);
    file.writeUInt32LE(0xffffffff, file.indexOf('data') + 4);
    const want = canonical(1, 16, 1, RATE, data);
    for (const sizes of [[file.length], [1], [7, 1, 13]]) {
      const out = await patch(fx.splitBuffer(file, sizes), { spans: [], mode: 'mute' });
      expect(out.includes(pan)).toBe(false);
      expect(out.subarray(44).equals(want.subarray(44))).toBe(true);
    }
    // A data chunk among them would be played by ffmpeg as samples of the first: refused.
    const second = riff(fmtChunk(1, 16, 1, RATE), chunk('data', data), info, chunk('data', counting(10, 1)));
    second.writeUInt32LE(0, second.indexOf('data') + 4);
    const err = await patch([second], { spans: [], mode: 'mute' }).catch((e: unknown) => e);
    expect((err as MediaRejectedError).reason).toBe('CORRUPT');
  });

  it('keeps none of the metadata: a card number in LIST/INFO before the data, or in chunks after it, is not written', async () => {
    const pan = CALL_PAN.join('');
    const info = chunk('LIST', Buffer.from(`INFOICMT\x1e\x00\x00\x00card ${pan} cvv 123\x00`, 'latin1'));
    const data = counting(50, 1);
    const file = riff(
      fmtChunk(7, 8, 1, RATE),
      chunk('bext', Buffer.from(pan)),
      info,
      chunk('data', data),
      info,
      chunk('id3 ', Buffer.from(pan)),
    );
    const out = await patch(fx.splitBuffer(file, [11]), { spans: [], mode: 'mute' });
    expect(out.includes(pan)).toBe(false);
    expect(out.includes('LIST')).toBe(false);
    expect(chunkIds(out)).toEqual(['fmt ', 'fact', 'data']);
    expect(out.equals(canonical(7, 8, 1, RATE, data))).toBe(true);
  });

  it.each<[string, Buffer[]]>([
    // ffmpeg reading on from the end of an odd data chunk (no pad), skipping a 2-byte chunk: the reviewed case
    [
      'after an odd first, at its end, past a chunk',
      [unpadded('data', Buffer.alloc(9)), chunk('junk', Buffer.from([0x7f, 0])), chunk('data', counting(50, 1))],
    ],
    // ffmpeg reading a file: the RIFF walk, from the pad byte
    ['after the pad byte of an odd first', [chunk('data', Buffer.alloc(9)), chunk('data', counting(50, 1))]],
    ['right after an even first', [chunk('data', counting(5, 1)), chunk('data', counting(50, 1))]],
    ['whose header is cut short', [chunk('data', counting(5, 1)), Buffer.from('data\x10', 'latin1')]],
  ])('a second data chunk %s is CORRUPT, whatever the write boundaries', async (_n, chunks) => {
    const file = riff(fmtChunk(1, 8, 1, RATE), ...chunks);
    for (const sizes of [[file.length], [1], [7, 1, 13]]) {
      const err = await patch(fx.splitBuffer(file, sizes), { spans: [], mode: 'mute' }).catch((e: unknown) => e);
      expect((err as MediaRejectedError).reason).toBe('CORRUPT');
    }
  });

  it('a chunk after the data that ffmpeg does not read as a data chunk is dropped, not refused', async () => {
    // After an odd data chunk: a 3-byte chunk, then "data" right after it, on neither walk (ffmpeg decodes no more).
    const data = Buffer.alloc(9, 0x80);
    const file = riff(
      fmtChunk(1, 8, 1, RATE),
      unpadded('data', data),
      unpadded('junk', Buffer.alloc(3)),
      chunk('data', counting(50, 1)),
    );
    expect(fx.decodeS16(file).length).toBe(9);
    const out = await patch([file], { spans: [], mode: 'mute' });
    expect(out.equals(canonical(1, 8, 1, RATE, data))).toBe(true);
  });

  it('a data chunk that ends before the size it declares is CORRUPT (the header written first would be wrong)', async () => {
    const err = await patch([wav.subarray(0, dataOffset + 479)], { spans, mode: 'mute' }).catch((e: unknown) => e);
    expect((err as MediaRejectedError).reason).toBe('CORRUPT');
    // Short only by the partial frame at its end, which no decoder reads: complete.
    const odd = riff(fmtChunk(1, 16, 1, RATE), chunk('data', counting(10, 1)));
    odd.writeUInt32LE(21, odd.indexOf('data') + 4);
    const out = await patch([odd], { spans: [], mode: 'mute' });
    expect(out.equals(canonical(1, 16, 1, RATE, counting(10, 1)))).toBe(true);
  });

  it.each([
    ['mid-frame', 3],
    ['on a frame boundary', 0],
  ])(
    'a data chunk cut short (%s) is written to where its samples end, given the frames decoded, under true sizes',
    async (_name, partial) => {
      const data = counting(300, 2);
      const file = riff(fmtChunk(1, 16, 2, RATE), chunk('data', data));
      const cut = file.subarray(0, file.indexOf('data') + 8 + 200 * 4 + partial); // claims 300 frames, holds 200
      for (const sizes of [[cut.length], [1], [7, 13]]) {
        const out = await patch(fx.splitBuffer(cut, sizes), {
          spans: [{ startMs: 160, endMs: 1e9 }],
          mode: 'mute',
          frames: 200,
        });
        const muted = Buffer.concat([data.subarray(0, 160 * 4), Buffer.alloc(40 * 4)]);
        expect(out.equals(canonical(1, 16, 2, RATE, muted))).toBe(true);
        expect(out.readUInt32LE(4)).toBe(out.length - 8);
        expect(out.readUInt32LE(40)).toBe(out.length - 44);
      }
    },
  );

  it('a data chunk cut short, a LIST chunk appended after its samples: the chunk is neither patched nor written', async () => {
    const pan = CALL_PAN.join('');
    const data = counting(200, 1);
    const info = chunk('LIST', Buffer.from(`INFOICMT\x1f\x00\x00\x00card ${pan} cvv 123 \x00`, 'latin1'));
    const file = riff(fmtChunk(1, 16, 1, RATE), chunk('data', data), info);
    file.writeUInt32LE(data.length * 5, file.indexOf('data') + 4); // an estimated size
    for (const sizes of [[file.length], [1], [7, 1, 13]]) {
      const out = await patch(fx.splitBuffer(file, sizes), { spans: [], mode: 'mute', frames: 200 });
      expect(out.includes(pan)).toBe(false);
      expect(out.equals(canonical(1, 16, 1, RATE, data))).toBe(true);
    }
  });

  it('a data chunk cut short that holds more or fewer frames than the decode found is CORRUPT', async () => {
    const file = riff(fmtChunk(1, 16, 1, RATE), chunk('data', counting(300, 1)));
    const cut = file.subarray(0, file.indexOf('data') + 8 + 200 * 2);
    for (const frames of [150, 250]) {
      const err = await patch([cut], { spans: [], mode: 'mute', frames }).catch((e: unknown) => e);
      expect((err as MediaRejectedError).reason).toBe('CORRUPT');
    }
    // Whole, the frames decoded change nothing.
    const out = await patch([file], { spans: [], mode: 'mute', frames: 300 });
    expect(out.equals(canonical(1, 16, 1, RATE, counting(300, 1)))).toBe(true);
  });

  it('a GSM 6.10 data chunk cut short keeps its whole blocks, under a fact chunk that counts them', async () => {
    const gsm = fx.encode(fx.tone({ seconds: 1, rate: 8000 }), 'gsm_ms');
    const at = gsm.indexOf('data') + 8;
    const cut = gsm.subarray(0, at + 65 * 10 + 30);
    const out = await patch([cut], { spans: [], mode: 'mute', frames: 3200 });
    const dataAt = out.indexOf('data') + 8;
    expect(out.readUInt32LE(dataAt - 4)).toBe(650);
    expect(out.length).toBe(dataAt + 650);
    expect(out.readUInt32LE(out.indexOf('fact') + 8)).toBe(3200);
    expect(out.subarray(dataAt).equals(gsm.subarray(at, at + 650))).toBe(true);
    expect(fx.decodeS16(out).length).toBe(fx.decodeS16(cut).length);
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

describe('the WAV the patcher writes', () => {
  interface Probed {
    streams: Array<{ codec_name: string; sample_rate: string; channels: number; duration_ts?: number }>;
  }
  /** ffprobe's reading of a WAV written to a file, as a player would open the stored object. */
  const ffprobe = (file: Buffer): Probed['streams'][0] => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-patch-'));
    try {
      writeFileSync(join(dir, 'a.wav'), file);
      const json = fx.run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', join(dir, 'a.wav')]);
      return (JSON.parse(json.toString()) as Probed).streams[0];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.each<[fx.FixtureCodec, number]>([
    ['pcm_s16le', 2],
    ['pcm_u8', 1],
    ['pcm_s24le', 2], // ffmpeg writes it as WAVE_FORMAT_EXTENSIBLE; stored as plain PCM
    ['pcm_mulaw', 1],
    ['pcm_alaw', 2],
    ['gsm_ms', 1],
  ])('%s × %i: fmt (and fact) and data only, sizes right, read back by ffprobe and ffmpeg', async (codec, ch) => {
    // 0.3 s plus a frame: an odd number of frames, so 8-bit mono data is odd-sized (pad byte).
    const input = fx.encode(fx.tone({ seconds: 0.300125, freqs: ch === 2 ? [440, 660] : [440] }), codec);
    expect(input.includes('LIST')).toBe(true); // ffmpeg's ISFT tag
    const layout = parseWavHeader(input) as WavLayout;
    const out = await patch(fx.splitBuffer(input, [1000, 3]), { spans: [], mode: 'mute' });
    const head = parseWavHeader(out) as WavLayout;
    const keep = (layout.dataBytes as number) - ((layout.dataBytes as number) % layout.blockAlign);
    expect(head).toEqual({
      ...layout,
      bitsPerSample: head.bitsPerSample,
      dataOffset: head.dataOffset,
      dataBytes: keep,
    });
    expect(chunkIds(out)).toEqual(
      codec.startsWith('pcm_') && !/law/.test(codec) ? ['fmt ', 'data'] : ['fmt ', 'fact', 'data'],
    );
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out.length).toBe(head.dataOffset + keep + (keep & 1));
    const frames = (keep / layout.blockAlign) * layout.samplesPerBlock;
    if (head.dataOffset > 44) expect(out.readUInt32LE(out.indexOf('fact') + 8)).toBe(frames);
    const probed = ffprobe(out);
    expect(probed).toMatchObject({ codec_name: codec, sample_rate: '8000', channels: ch, duration_ts: frames });
    expect(fx.decodeS16(out)).toEqual(fx.decodeS16(input));

    // Of unknown length: both sizes say so (as ffmpeg writes a WAV to a pipe), and no fact chunk.
    const streamed = Buffer.from(input);
    streamed.writeUInt32LE(0xffffffff, layout.dataOffset - 4);
    const tail = input.length - layout.dataOffset - (layout.dataBytes as number); // the pad byte, if any: samples now
    const unknown = await patch([streamed], { spans: [], mode: 'mute' });
    expect(chunkIds(unknown).slice(0, 2)).toEqual(['fmt ', 'data']);
    expect([unknown.readUInt32LE(4), unknown.readUInt32LE(unknown.indexOf('data') + 4)]).toEqual([
      0xffffffff, 0xffffffff,
    ]);
    expect(parseWavHeader(unknown)).toMatchObject({ codec: layout.codec, dataBytes: null });
    const whole = keep + tail - ((keep + tail) % layout.blockAlign);
    expect(unknown.length - (unknown.indexOf('data') + 8)).toBe(whole);
    expect(ffprobe(unknown)).toMatchObject({ codec_name: codec, sample_rate: '8000', channels: ch });
    expect(fx.decodeS16(unknown)).toEqual(fx.decodeS16(streamed));
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
