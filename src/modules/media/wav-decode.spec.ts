import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as fx from '../../../test/fixtures/audio';
import { makeCall } from '../../../test/fixtures/call';
import { prng } from '../../../test/fixtures/dtmf-corpus';
import { DtmfDetector, type DtmfEvent } from '../redaction/dtmf/dtmf.detector';
import { FfmpegRunner, type RunSpec } from './ffmpeg.runner';
import { MediaDriver } from './media.driver';
import type { MediaDriverOptions, ProbeResult } from './media.types';
import { pcm16Wav } from './pcm-wav';
import { deinterleave } from './verification';

type SampleCodec = 'pcm_s16le' | 'pcm_u8' | 'pcm_s24le' | 'pcm_mulaw' | 'pcm_alaw';

function spiedDriver(options: Partial<MediaDriverOptions> = {}) {
  const runner = new FfmpegRunner({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
  const run = jest.spyOn(runner, 'run');
  const driver = new MediaDriver({ timeoutMs: 30_000, ...options }, runner);
  const tools = () => run.mock.calls.map((call: unknown[]) => (call[0] as RunSpec).tool);
  return { driver, tools };
}

/** ffmpeg's decode, with the driver's forced demuxer and pipe input. */
function ffmpegS16(wav: Buffer): Int16Array {
  const raw = fx.run(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'quiet',
      '-f',
      'wav',
      '-i',
      'pipe:0',
      '-map',
      '0:a:0',
      '-c:a',
      'pcm_s16le',
      '-f',
      's16le',
      'pipe:1',
    ],
    wav,
  );
  const out = new Int16Array(raw.length / 2);
  Buffer.from(out.buffer).set(raw);
  return out;
}

/** Piece sizes from 1 byte up, so pieces split the header, frames and samples anywhere. */
function randomPieces(seed: number): number[] {
  const rand = prng(seed);
  return Array.from({ length: 97 }, () => (rand() < 0.3 ? 1 + Math.floor(rand() * 7) : 1 + Math.floor(rand() * 9000)));
}

async function decode(driver: MediaDriver, wav: Buffer, probe: ProbeResult, seed = 1): Promise<Int16Array> {
  const parts: Int16Array[] = [];
  const pieces = randomPieces(seed);
  for await (const p of driver.decodePcm(() => Readable.from(fx.splitBuffer(wav, pieces)), probe)) parts.push(p);
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Full range on every channel: a sweep on the first, noise on the others, so every 8-bit code occurs. */
function source(rate: number, channels: number, seconds: number): Buffer {
  const frames = rate * seconds;
  const s = new Int16Array(frames * channels);
  const rand = prng(rate + channels);
  for (let i = 0; i < frames; i++) {
    s[i * channels] = Math.round(32000 * Math.sin((i * i) / (rate * 8)));
    for (let c = 1; c < channels; c++) s[i * channels + c] = Math.floor(rand() * 65536) - 32768;
  }
  return pcm16Wav(s, rate, channels);
}

/** A WAV as ffmpeg writes it to a file (with its LIST chunk before the data). */
const encoded = (codec: SampleCodec, rate: number, channels: number, seconds = 2): Buffer =>
  fx.ffmpeg(['-i', 'pipe:0', '-c:a', codec, '-f', 'wav'], source(rate, channels, seconds));

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length & 1)]);
}

function fmtChunk(codec: SampleCodec, channels: number, rate: number): Buffer {
  const bits = { pcm_s16le: 16, pcm_s24le: 24, pcm_u8: 8, pcm_mulaw: 8, pcm_alaw: 8 }[codec];
  const tag = codec === 'pcm_mulaw' ? 7 : codec === 'pcm_alaw' ? 6 : 1;
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(tag, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE((rate * channels * bits) / 8, 8);
  fmt.writeUInt16LE((channels * bits) / 8, 12);
  fmt.writeUInt16LE(bits, 14);
  return fmt;
}

/** A chunk without the pad byte RIFF puts after an odd size. */
function unpadded(id: string, body: Buffer): Buffer {
  return chunk(id, body).subarray(0, 8 + body.length);
}

/** A WAV laid out by hand: `fmt ` and then `chunks` as given (sizes unchecked). */
function riff(fmt: Buffer, chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** Bytes that are samples of any codec (a ramp, so misplaced bytes show). */
const dataBytes = (n: number, seed = 0): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + seed) & 0xff));
const LIST = chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00vault', 'latin1'));

describe('MediaDriver.decodePcm of a PCM / µ-law / A-law WAV, read in this process', () => {
  it.each<[SampleCodec, number, number]>([
    ['pcm_s16le', 8000, 1],
    ['pcm_s16le', 8000, 2],
    ['pcm_s16le', 16000, 1],
    ['pcm_s16le', 16000, 2],
    ['pcm_mulaw', 8000, 1],
    ['pcm_mulaw', 8000, 2],
    ['pcm_alaw', 8000, 1],
    ['pcm_alaw', 16000, 2],
    ['pcm_u8', 8000, 1],
    ['pcm_u8', 8000, 2],
    ['pcm_s24le', 16000, 1],
    ['pcm_s24le', 8000, 2],
  ])(
    '%s %i Hz × %i: the samples ffmpeg decodes, from pieces of any size, with no ffmpeg run',
    async (codec, rate, ch) => {
      const { driver, tools } = spiedDriver();
      const wav = encoded(codec, rate, ch);
      const probe = await driver.probe(fx.opener(wav));
      expect(probe).toMatchObject({ format: 'wav', codec, sampleRate: rate, channels: ch });
      const expected = ffmpegS16(wav);
      expect(expected.length).toBe(2 * rate * ch);
      for (const seed of [1, 2, 3]) expect(await decode(driver, wav, probe, seed)).toEqual(expected);
      expect(tools()).toEqual(['ffprobe']);
    },
  );

  it('reads WAVE_FORMAT_EXTENSIBLE PCM like ffmpeg', async () => {
    const { driver, tools } = spiedDriver();
    const ext = Buffer.alloc(40);
    fmtChunk('pcm_s16le', 2, 8000).copy(ext);
    ext.writeUInt16LE(0xfffe, 0);
    ext.writeUInt16LE(22, 16); // cbSize
    ext.writeUInt16LE(16, 18); // valid bits
    ext.writeUInt32LE(3, 20); // channel mask: front left, front right
    Buffer.from('0100000000001000800000aa00389b71', 'hex').copy(ext, 24); // KSDATAFORMAT_SUBTYPE_PCM
    const extended = riff(ext, [chunk('data', source(8000, 2, 1).subarray(44))]);
    const probe = await driver.probe(fx.opener(extended));
    expect(probe).toMatchObject({ codec: 'pcm_s16le', channels: 2 });
    const expected = ffmpegS16(extended);
    expect(expected.length).toBe(16000);
    expect(await decode(driver, extended, probe)).toEqual(expected);
    expect(tools()).toEqual(['ffprobe']);
  });

  it.each<[SampleCodec, number, number]>([
    ['pcm_s16le', 2, 5001], // cut inside a frame and inside a sample
    ['pcm_s24le', 1, 7000],
    ['pcm_mulaw', 2, 3001],
  ])(
    '%s × %i whose data chunk says more than the file holds: what is there, whole frames, like ffmpeg',
    async (codec, ch, cut) => {
      const { driver } = spiedDriver();
      const wav = encoded(codec, 8000, ch);
      const dataAt = wav.indexOf('data') + 8;
      const truncated = wav.subarray(0, dataAt + cut);
      const probe = await driver.probe(fx.opener(truncated));
      expect(probe.durationSec).toBe(2); // the header's word
      const expected = ffmpegS16(truncated);
      const width = codec === 'pcm_s16le' ? 2 : codec === 'pcm_s24le' ? 3 : 1;
      expect(expected.length).toBe(Math.floor(cut / (width * ch)) * ch);
      expect(await decode(driver, truncated, probe)).toEqual(expected);
    },
  );

  it('drops a partial frame at the end of the data, like ffmpeg, and reads nothing from a chunk after it', async () => {
    const { driver } = spiedDriver();
    const wav = riff(fmtChunk('pcm_s16le', 2, 8000), [LIST, chunk('data', dataBytes(4002)), LIST]);
    const probe = await driver.probe(fx.opener(wav));
    const expected = ffmpegS16(wav);
    expect(expected.length).toBe(2000);
    expect(await decode(driver, wav, probe)).toEqual(expected);
  });

  it.each<[SampleCodec, number]>([
    ['pcm_s16le', 1],
    ['pcm_mulaw', 2],
    ['pcm_alaw', 1],
  ])('%s × %i with LIST chunks (odd-sized) before and after the data, like ffmpeg', async (codec, ch) => {
    const { driver, tools } = spiedDriver();
    const odd = chunk('LIST', Buffer.from('INFOICMT\x04\x00\x00\x00data', 'latin1')); // 'data' inside a chunk is not a chunk
    const wav = riff(fmtChunk(codec, ch, 8000), [
      odd,
      LIST,
      chunk('data', dataBytes(16001)),
      odd,
      chunk('id3 ', dataBytes(9)),
    ]);
    const probe = await driver.probe(fx.opener(wav));
    const expected = ffmpegS16(wav);
    expect(expected.length).toBe(Math.floor(16001 / ((codec === 'pcm_s16le' ? 2 : 1) * ch)) * ch);
    expect(await decode(driver, wav, probe)).toEqual(expected);
    expect(tools()).toEqual(['ffprobe']);
  });

  it.each([0, 0xffffffff])(
    'a data size never filled in (%i) runs to the end of the file, but for chunks after the samples (ffmpeg plays them as noise)',
    async (size) => {
      const { driver } = spiedDriver();
      const samples = dataBytes(8000);
      const oddList = chunk('LIST', Buffer.from('INFOICMT\x05\x00\x00\x00notes', 'latin1'));
      for (const [tail, pieces] of [
        [[LIST], 1],
        [[oddList.subarray(0, oddList.length - 1)], 2], // the last pad byte missing
        [[LIST, chunk('id3 ', dataBytes(9)), oddList], 3],
      ] as const) {
        const wav = riff(fmtChunk('pcm_s16le', 1, 8000), [chunk('data', samples), ...tail]);
        wav.writeUInt32LE(size, wav.indexOf('data') + 4);
        const probe = await driver.probe(fx.opener(wav));
        const trailing = wav.length - wav.indexOf('data') - 8 - samples.length;
        expect(ffmpegS16(wav).length).toBe((samples.length + trailing - (trailing & 1)) / 2);
        const expected = ffmpegS16(riff(fmtChunk('pcm_s16le', 1, 8000), [chunk('data', samples)]));
        expect(await decode(driver, wav, probe, pieces)).toEqual(expected);
      }
    },
  );

  it('of unknown data size: samples that only look like a chunk are kept, and a data chunk after them is CORRUPT', async () => {
    const { driver } = spiedDriver();
    // 'LIST' inside the samples whose size does not reach the end of the file: still samples.
    const fake = Buffer.concat([dataBytes(4000), Buffer.from('LIST\x10\x00\x00\x00', 'latin1'), dataBytes(4000)]);
    const kept = riff(fmtChunk('pcm_s16le', 1, 8000), [chunk('data', fake)]);
    kept.writeUInt32LE(0xffffffff, kept.indexOf('data') + 4);
    expect(await decode(driver, kept, await driver.probe(fx.opener(kept)))).toEqual(ffmpegS16(kept));

    const second = riff(fmtChunk('pcm_s16le', 1, 8000), [
      chunk('data', dataBytes(4000)),
      LIST,
      chunk('data', dataBytes(800)),
    ]);
    second.writeUInt32LE(0, second.indexOf('data') + 4);
    expect(await fx.rejection(decode(driver, second, await driver.probe(fx.opener(second))))).toBe('CORRUPT');
  });

  it('of unknown data size: a trailing chunk longer than the 1 MiB held back stays samples', async () => {
    const { driver } = spiedDriver();
    const wav = riff(fmtChunk('pcm_u8', 1, 8000), [chunk('data', dataBytes(4000)), chunk('LIST', dataBytes(1 << 20))]);
    wav.writeUInt32LE(0xffffffff, wav.indexOf('data') + 4);
    expect(await decode(driver, wav, await driver.probe(fx.opener(wav)))).toEqual(ffmpegS16(wav));
  });

  it.each<[string, Buffer[]]>([
    ['right after the first', [chunk('data', dataBytes(4000)), chunk('data', dataBytes(2000, 5))]],
    ['after a LIST chunk', [chunk('data', dataBytes(4000)), LIST, chunk('data', dataBytes(2000, 5))]],
    ['after the pad byte of an odd-sized first', [chunk('data', dataBytes(4001)), chunk('data', dataBytes(2000, 5))]],
    ['whose header is cut short', [chunk('data', dataBytes(4000)), Buffer.from('data\x10\x00', 'latin1')]],
    // ffmpeg reads on from the very end of an odd-sized data chunk (no pad byte) and skips an even-sized chunk by its size
    [
      'right at the end of an odd-sized first, past a junk chunk',
      [unpadded('data', dataBytes(4001)), chunk('junk', Buffer.from([0x7f, 0])), chunk('data', dataBytes(2000, 5))],
    ],
    [
      'past an odd-sized chunk and its pad byte, after an odd-sized first',
      [unpadded('data', dataBytes(4001)), chunk('junk', dataBytes(3)), chunk('data', dataBytes(2000, 5))],
    ],
  ])(
    'a second data chunk %s is CORRUPT: ffmpeg would decode it, the stored WAV (its first data chunk) would not have it',
    async (_name, chunks) => {
      const { driver } = spiedDriver();
      const wav = riff(fmtChunk('pcm_mulaw', 1, 8000), chunks);
      const probe = await driver.probe(fx.opener(wav));
      expect(await fx.rejection(decode(driver, wav, probe))).toBe('CORRUPT');
    },
  );

  it('ffmpeg does decode a second data chunk (why it is refused)', () => {
    const wav = riff(fmtChunk('pcm_s16le', 1, 8000), [
      chunk('data', dataBytes(4000)),
      LIST,
      chunk('data', dataBytes(2000)),
    ]);
    expect(ffmpegS16(wav).length).toBe(3000);
  });

  it('ffmpeg 5.1 finds a chunk after an odd-sized data chunk at its very end, and pads by the size of each chunk', () => {
    const fmt = fmtChunk('pcm_s16le', 1, 8000);
    const second = chunk('data', dataBytes(2000));
    // No pad after the data, a 2-byte chunk: ffmpeg reads both data chunks from a pipe (2000 + 1000 samples).
    expect(ffmpegS16(riff(fmt, [unpadded('data', dataBytes(4001)), chunk('junk', dataBytes(2)), second])).length).toBe(
      3000,
    );
    // The RIFF pad byte there instead: not from a pipe; from a file it can seek in, the second data chunk alone.
    const padded = riff(fmt, [chunk('data', dataBytes(4001)), second]);
    expect(ffmpegS16(padded).length).toBe(2000);
    const dir = mkdtempSync(join(tmpdir(), 'wav-decode-'));
    try {
      writeFileSync(join(dir, 'a.wav'), padded);
      const fromFile = fx.run('ffmpeg', ['-v', 'error', '-i', join(dir, 'a.wav'), '-f', 's16le', 'pipe:1']);
      expect(fromFile.equals(dataBytes(2000))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A 3-byte chunk with no pad byte of its own: the data after it is found by neither.
    const neither = riff(fmt, [unpadded('data', dataBytes(4001)), unpadded('junk', dataBytes(3)), second]);
    expect(ffmpegS16(neither).length).toBe(2000);
  });

  it('a chunk after the data that ffmpeg does not take for a data chunk is read past, like ffmpeg', async () => {
    const { driver } = spiedDriver();
    const fmt = fmtChunk('pcm_s16le', 1, 8000);
    const wav = riff(fmt, [
      unpadded('data', dataBytes(4001)),
      unpadded('junk', dataBytes(3)),
      chunk('data', dataBytes(2000)),
    ]);
    const probe = await driver.probe(fx.opener(wav));
    expect(await decode(driver, wav, probe)).toEqual(ffmpegS16(wav));
  });

  it.each<[string, string[]]>([
    ['GSM 6.10', ['-ar', '8000', '-ac', '1', '-c:a', 'libgsm_ms']],
    ['G.722', ['-ar', '16000', '-ac', '1', '-c:a', 'g722']],
  ])('%s (decoded by ffmpeg): a second data chunk is CORRUPT too', async (_name, args) => {
    const { driver, tools } = spiedDriver();
    const wav = fx.ffmpeg(['-i', 'pipe:0', ...args, '-fflags', '+bitexact', '-f', 'wav'], source(8000, 1, 1));
    const dataAt = wav.indexOf('data');
    const size = wav.readUInt32LE(dataAt + 4);
    const body = wav.subarray(dataAt + 8, dataAt + 8 + size);
    const fmt = wav.subarray(20, 20 + wav.readUInt32LE(16));
    const doubled = riff(fmt, [chunk('data', body), chunk('junk', Buffer.alloc(2)), chunk('data', body)]);
    const probe = await driver.probe(fx.opener(doubled));
    expect(await fx.rejection(decode(driver, doubled, probe))).toBe('CORRUPT');
    expect(tools()).toEqual(['ffprobe', 'ffmpeg']);
    expect((await decode(driver, wav, probe)).length).toBeGreaterThan(0); // the same without the second chunk
  });

  it.each<[string, SampleCodec | string[]]>([
    ['PCM (read here)', 'pcm_s16le'],
    ['G.722 (decoded by ffmpeg)', ['-ar', '16000', '-ac', '1', '-c:a', 'g722']],
  ])('%s cut short: the frames present, without chunks a recorder appended after them', async (_name, codec) => {
    const { driver } = spiedDriver();
    const whole =
      typeof codec === 'string'
        ? riff(fmtChunk(codec, 1, 8000), [chunk('data', dataBytes(8000))])
        : fx.ffmpeg(['-i', 'pipe:0', ...codec, '-fflags', '+bitexact', '-f', 'wav'], source(8000, 1, 1));
    const dataAt = whole.indexOf('data') + 8;
    const fmt = whole.subarray(20, 20 + whole.readUInt32LE(16));
    const present = whole.subarray(dataAt, dataAt + 3001); // an odd size: a partial frame at the cut for PCM
    // A size estimated up front, ten times what was written, then the recorder's LIST/INFO after the samples.
    const wav = riff(fmt, [chunk('data', present).subarray(0, 8 + present.length), LIST]);
    wav.writeUInt32LE(present.length * 10, wav.indexOf('data') + 4);
    const probe = await driver.probe(fx.opener(wav));
    const clean = riff(fmt, [chunk('data', present)]);
    // ffmpeg would play the LIST chunk as samples; the samples present are those of the file without it.
    expect(ffmpegS16(wav).length).toBeGreaterThan(ffmpegS16(clean).length);
    for (const seed of [1, 2]) expect(await decode(driver, wav, probe, seed)).toEqual(ffmpegS16(clean));
  });

  it('a file longer than the limit is TOO_LONG while reading, having given no more than the limit', async () => {
    // No length up front, and more than the 1 MiB held back for chunks after the samples.
    const wav = encoded('pcm_s16le', 8000, 1, 70);
    wav.writeUInt32LE(0, wav.indexOf('data') + 4);
    const probe = await spiedDriver().driver.probe(fx.opener(wav));
    const { driver, tools } = spiedDriver({ maxDurationSec: 1 });
    let frames = 0;
    const reading = (async () => {
      for await (const p of driver.decodePcm(fx.opener(wav, 4096), probe)) frames += p.length;
    })();
    expect(await fx.rejection(reading)).toBe('TOO_LONG');
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThanOrEqual(8000);
    expect(tools()).toEqual([]);
  });

  it.each<[string, Buffer]>([
    ['another rate', encoded('pcm_s16le', 16000, 1)],
    ['another codec', encoded('pcm_mulaw', 8000, 1)],
    ['another channel count', encoded('pcm_s16le', 8000, 2)],
  ])('a re-opened WAV whose header disagrees with the probe (%s) is CORRUPT', async (_name, other) => {
    const { driver, tools } = spiedDriver();
    const probe = await driver.probe(fx.opener(encoded('pcm_s16le', 8000, 1)));
    expect(await fx.rejection(decode(driver, other, probe))).toBe('CORRUPT');
    expect(tools()).toEqual(['ffprobe']);
  });

  it('a re-opened stream that is no longer a WAV is refused before any reading', async () => {
    const { driver } = spiedDriver();
    const probe = await driver.probe(fx.opener(encoded('pcm_s16le', 8000, 1)));
    expect(await fx.rejection(decode(driver, fx.tone({ seconds: 1, codec: 'mp3' }), probe))).toBe('CORRUPT');
    expect(await fx.rejection(decode(driver, fx.HLS_FILE_PLAYLIST, probe))).toBe('PLAYLIST_REJECTED');
  });

  it('a header the reader does not take goes to ffmpeg, as before', async () => {
    const { driver, tools } = spiedDriver();
    // blockAlign 4 for mono 16-bit: parseWavHeader refuses it, ffmpeg reads the samples anyway.
    const wav = riff(fmtChunk('pcm_s16le', 1, 8000), [chunk('data', dataBytes(4000))]);
    wav.writeUInt16LE(4, 32);
    const probe = await driver.probe(fx.opener(wav));
    const expected = ffmpegS16(wav);
    expect(expected.length).toBe(2000);
    expect(await decode(driver, wav, probe)).toEqual(expected);
    expect(tools()).toEqual(['ffprobe', 'ffmpeg']);
  });

  it('a stream that ends inside the header goes to ffmpeg and is CORRUPT', async () => {
    const { driver, tools } = spiedDriver();
    const probe = await driver.probe(fx.opener(encoded('pcm_s16le', 8000, 1)));
    expect(await fx.rejection(decode(driver, fx.truncatedWavHeader(), probe))).toBe('CORRUPT');
    expect(tools()).toEqual(['ffprobe', 'ffmpeg']);
  });

  it.each<[SampleCodec, number]>([
    ['pcm_s16le', 1],
    ['pcm_mulaw', 1],
    ['pcm_alaw', 2],
  ])('DTMF of a keypad call in %s × %i: the same tones as from ffmpeg’s samples', async (codec, ch) => {
    const call = makeCall({ externalCallId: 'x' });
    const interleaved = new Int16Array(call.samples.length * ch);
    // The second channel has the call backwards: its keypad run at another time.
    for (let i = 0; i < call.samples.length; i++)
      for (let c = 0; c < ch; c++) interleaved[i * ch + c] = call.samples[c ? call.samples.length - 1 - i : i];
    const wav = fx.ffmpeg(['-i', 'pipe:0', '-c:a', codec, '-f', 'wav'], pcm16Wav(interleaved, call.rate, ch));
    const { driver, tools } = spiedDriver();
    const probe = await driver.probe(fx.opener(wav));
    const tones = (pcm: Int16Array[]) => {
      const detectors = Array.from({ length: ch }, () => new DtmfDetector(call.rate));
      const events = detectors.map((): DtmfEvent[] => []);
      for (const p of pcm) deinterleave(p, ch).forEach((c, i) => events[i].push(...detectors[i].push(c)));
      detectors.forEach((d, i) => events[i].push(...d.flush()));
      return events;
    };
    const parts: Int16Array[] = [];
    for await (const p of driver.decodePcm(fx.opener(wav, 16 * 1024), probe)) parts.push(p);
    const inProcess = tones(parts);
    expect(inProcess).toEqual(tones([ffmpegS16(wav)]));
    // Every channel has its keypad run (16 digits and more); on the first it is 3000–5480 ms.
    for (const events of inProcess) expect(events.length).toBeGreaterThanOrEqual(16);
    expect(inProcess[0][0].startMs).toBeGreaterThanOrEqual(2950);
    expect(inProcess[0][inProcess[0].length - 1].endMs).toBeLessThanOrEqual(5550);
    expect(tools()).toEqual(['ffprobe']);
  });
});
