import { Readable, Writable } from 'node:stream';
import * as fx from '../../../test/fixtures/audio';
import { FfmpegRunner, type MediaToolRunner, type RunningTool, type RunSpec } from './ffmpeg.runner';
import { MediaDriver, outputFor, type WrittenDecode } from './media.driver';
import { deinterleave, verificationTolerance } from './verification';
import { MediaProcessingError, type MediaRejectReason } from './media.errors';
import type { MediaDriverOptions, ProbeResult, TimeSpan } from './media.types';
import { pcm16Wav } from './pcm-wav';
import { toneSample } from './wav-patch';
import { DtmfDetector, type DtmfEvent } from '../redaction/dtmf/dtmf.detector';

const paths = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };

function spiedDriver(options: Partial<MediaDriverOptions> = {}): { driver: MediaDriver; run: jest.SpyInstance } {
  const runner = new FfmpegRunner(paths);
  const run = jest.spyOn(runner, 'run');
  return { driver: new MediaDriver({ timeoutMs: 30_000, ...options }, runner), run };
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function rmsDb(x: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return 10 * Math.log10(sum / (to - from) / 32768 ** 2);
}

/** Spans chosen in samples at 8 kHz, deliberately odd, expressed in (fractional) ms. */
const SPAN_FRAMES: Array<[number, number]> = [
  [4001, 8003],
  [14007, 17011],
];
const spansAt = (): TimeSpan[] => SPAN_FRAMES.map(([a, b]) => ({ startMs: a / 8, endMs: b / 8 }));

describe('MediaDriver.probe', () => {
  const { driver } = spiedDriver();

  it.each<[fx.FixtureCodec, number, number, string, string]>([
    ['pcm_s16le', 8000, 1, 'wav', 'pcm_s16le'],
    ['pcm_s16le', 16000, 2, 'wav', 'pcm_s16le'],
    ['pcm_u8', 8000, 1, 'wav', 'pcm_u8'],
    ['pcm_s24le', 16000, 1, 'wav', 'pcm_s24le'],
    ['pcm_mulaw', 8000, 1, 'wav', 'pcm_mulaw'],
    ['pcm_alaw', 8000, 2, 'wav', 'pcm_alaw'],
    ['mp3', 8000, 1, 'mp3', 'mp3'],
    ['mp3', 44100, 2, 'mp3', 'mp3'],
    ['opus', 48000, 1, 'ogg', 'opus'],
    ['vorbis', 16000, 1, 'ogg', 'vorbis'],
    ['flac', 8000, 2, 'flac', 'flac'],
  ])('%s %i Hz × %i', async (codec, rate, channels, format, probedCodec) => {
    const freqs = channels === 2 ? [440, 660] : [440];
    const probe = await driver.probe(fx.opener(fx.tone({ seconds: 2, rate, freqs, codec })));
    expect(probe).toMatchObject({ format, codec: probedCodec, sampleRate: rate, channels });
    if (format === 'mp3') {
      expect(probe.durationSec).toBeNull(); // a pipe does not say; decode enforces the limit
      expect(probe.bitRate).toBe(32000);
    } else {
      expect(probe.durationSec).toBeCloseTo(2, 2);
    }
  });

  it('reads the duration of a WAV whose LIST chunk comes before the data', async () => {
    const pcm = Buffer.alloc(8000 * 2 * 3);
    const probe = await driver.probe(fx.opener(fx.wavWithListChunk(pcm, 8000, 1), 7));
    expect(probe).toMatchObject({ codec: 'pcm_s16le', durationSec: 3 });
  });
});

/** A G.722 / GSM 6.10 WAV made at the codec's own rate, its header then rewritten to say `rate`. */
function wavAtRate(codec: 'adpcm_g722' | 'gsm_ms', rate: number): Buffer {
  const wav = fx.tone({ seconds: 0.5, rate: codec === 'gsm_ms' ? 8000 : 16_000, codec });
  const fmt = wav.indexOf('fmt ') + 8;
  wav.writeUInt32LE(rate, fmt + 4);
  return wav;
}

describe('MediaDriver rejects untrusted input', () => {
  it.each<[string, () => Buffer, MediaRejectReason]>([
    ['HLS playlist pointing at file:///etc/passwd', () => fx.HLS_FILE_PLAYLIST, 'PLAYLIST_REJECTED'],
    ['HLS playlist pointing at http://127.0.0.1:1/', () => fx.HLS_HTTP_PLAYLIST, 'PLAYLIST_REJECTED'],
    ['ffconcat script', () => fx.FFCONCAT_SCRIPT, 'PLAYLIST_REJECTED'],
    ['plain list of URLs', () => fx.URL_LIST, 'PLAYLIST_REJECTED'],
    ['random bytes', () => fx.randomBytes(), 'UNSUPPORTED_FORMAT'],
    ['empty input', () => Buffer.alloc(0), 'EMPTY'],
  ])('%s before any ffmpeg runs', async (_name, make, reason) => {
    const { driver, run } = spiedDriver();
    const input = make();
    expect(await fx.rejection(driver.probe(fx.opener(input)))).toBe(reason);
    const fake: ProbeResult = {
      format: 'wav',
      codec: 'pcm_s16le',
      sampleRate: 8000,
      channels: 1,
      durationSec: 1,
      bitRate: null,
    };
    expect(await fx.rejection(consume(driver.decodePcm(fx.opener(input), fake)))).toBe(reason);
    expect(run).not.toHaveBeenCalled();
  });

  it.each<[string, () => Buffer, MediaRejectReason, Partial<MediaDriverOptions>]>([
    ['truncated WAV header', fx.truncatedWavHeader, 'CORRUPT', {}],
    ['Ogg with a Theora video stream', fx.oggWithVideo, 'VIDEO_STREAM', {}],
    ['MP4 with a video track', fx.mp4WithVideo, 'VIDEO_STREAM', {}],
    ['MP4 with two audio tracks', () => fx.twoAudioStreams('mp4'), 'MULTIPLE_AUDIO_STREAMS', {}],
    ['Ogg with two audio streams', () => fx.twoAudioStreams('ogg'), 'MULTIPLE_AUDIO_STREAMS', {}],
    ['three channels', () => fx.tone({ seconds: 0.5, freqs: [300, 400, 500] }), 'TOO_MANY_CHANNELS', {}],
    [
      'a format not allowed here',
      () => fx.tone({ seconds: 0.5, codec: 'mp3' }),
      'UNSUPPORTED_FORMAT',
      { allowedFormats: ['wav'] },
    ],
    [
      'G.722 WAV whose header says 8000 Hz (RTP’s clock rate)',
      () => wavAtRate('adpcm_g722', 8000),
      'UNSUPPORTED_FORMAT',
      {},
    ],
    ['GSM 6.10 WAV whose header says 16000 Hz', () => wavAtRate('gsm_ms', 16_000), 'UNSUPPORTED_FORMAT', {}],
    [
      'float WAV',
      () => fx.ffmpeg(['-f', 'lavfi', '-i', 'sine=d=0.5', '-c:a', 'pcm_f32le', '-f', 'wav']),
      'UNSUPPORTED_FORMAT',
      {},
    ],
  ])('%s after probing', async (_name, make, reason, options) => {
    const { driver } = spiedDriver(options);
    expect(await fx.rejection(driver.probe(fx.opener(make())))).toBe(reason);
  });

  it('a 10-hour Opus file is TOO_LONG from the probe, without decoding it', async () => {
    const long = fx.longSilentOpus(10);
    const { driver, run } = spiedDriver({ maxDurationSec: 4 * 3600 });
    expect(await fx.rejection(driver.probe(fx.opener(long, 64 * 1024)))).toBe('TOO_LONG');
    expect(run.mock.calls.map((call: unknown[]) => (call[0] as RunSpec).tool)).toEqual(['ffprobe']);
  });

  it('an MP3 whose length a pipe hides is stopped while decoding', async () => {
    const { driver } = spiedDriver({ maxDurationSec: 1 });
    const mp3 = fx.tone({ seconds: 3, codec: 'mp3' });
    const probe = await driver.probe(fx.opener(mp3));
    expect(probe.durationSec).toBeNull();
    expect(await fx.rejection(consume(driver.decodePcm(fx.opener(mp3), probe)))).toBe('TOO_LONG');
  });

  it('NO_AUDIO when ffprobe finds only a data stream', async () => {
    const runner: MediaToolRunner = { run: () => fakeTool('{"streams":[{"codec_type":"data"}],"format":{}}') };
    const driver = new MediaDriver({}, runner);
    expect(await fx.rejection(driver.probe(fx.opener(fx.tone({ seconds: 0.2 }))))).toBe('NO_AUDIO');
  });

  it('a stalled input times out and ffprobe/ffmpeg are killed', async () => {
    const { driver, run } = spiedDriver({ timeoutMs: 600 });
    const head = fx.tone({ seconds: 1 }).subarray(0, 5000);
    const stalled = (): Readable =>
      new Readable({
        read() {
          if (!this.readableLength) this.push(head);
          // and then never more, never end
        },
      });
    expect(await fx.rejection(driver.probe(stalled))).toBe('TIMEOUT');
    const probeResult: ProbeResult = {
      format: 'wav',
      codec: 'pcm_s16le',
      sampleRate: 8000,
      channels: 1,
      durationSec: 1,
      bitRate: null,
    };
    expect(await fx.rejection(consume(driver.decodePcm(stalled, probeResult)))).toBe('TIMEOUT');
    // A WAV is read in this process; an MP3 stalls an ffmpeg decode.
    const mp3Head = fx.tone({ seconds: 1, codec: 'mp3' }).subarray(0, 5000);
    const stalledMp3 = (): Readable =>
      new Readable({
        read() {
          if (!this.readableLength) this.push(mp3Head);
        },
      });
    const mp3Probe: ProbeResult = { ...probeResult, format: 'mp3', codec: 'mp3', durationSec: null };
    expect(await fx.rejection(consume(driver.decodePcm(stalledMp3, mp3Probe)))).toBe('TIMEOUT');
    expect(run.mock.calls.map((call: unknown[]) => (call[0] as RunSpec).tool)).toEqual(['ffprobe', 'ffmpeg']);
    for (const result of run.mock.results) {
      const pid = (result.value as RunningTool).pid as number;
      expect(() => process.kill(pid, 0)).toThrow(); // gone, not merely abandoned
    }
  });

  it('garbage after a valid magic is CORRUPT when decoding', async () => {
    const { driver } = spiedDriver();
    const mp3 = fx.tone({ seconds: 1, codec: 'mp3' });
    const probe = await driver.probe(fx.opener(mp3));
    const broken = Buffer.concat([mp3.subarray(0, 10), fx.randomBytes(20_000)]);
    await expect(consume(driver.decodePcm(fx.opener(broken), probe))).rejects.toBeInstanceOf(Error);
  });
});

async function consume(pcm: AsyncIterable<Int16Array>): Promise<number> {
  let n = 0;
  for await (const chunk of pcm) n += chunk.length;
  return n;
}

function fakeTool(stdout: string): RunningTool {
  const out = Readable.from([Buffer.from(stdout)]);
  const stdin = new Writable({ write: (_c, _e, cb) => cb() });
  return {
    pid: undefined,
    stdin,
    stdout: out,
    done: new Promise((resolve) =>
      out.on('end', () => setImmediate(() => resolve({ code: 0, signal: null, killed: false, stderrTail: '' }))),
    ),
    kill: () => undefined,
  };
}

describe('MediaDriver.redact', () => {
  const driver = new MediaDriver({ timeoutMs: 30_000 });

  interface Case {
    name: string;
    codec: fx.FixtureCodec;
    rate: number;
    freqs: number[];
  }
  const cases: Case[] = [
    { name: 'WAV PCM 8 kHz mono', codec: 'pcm_s16le', rate: 8000, freqs: [440] },
    { name: 'WAV PCM 16-bit stereo', codec: 'pcm_s16le', rate: 8000, freqs: [440, 660] },
    { name: 'WAV µ-law', codec: 'pcm_mulaw', rate: 8000, freqs: [440] },
    { name: 'WAV A-law', codec: 'pcm_alaw', rate: 8000, freqs: [440] },
    { name: 'MP3', codec: 'mp3', rate: 8000, freqs: [440] },
    { name: 'Ogg/Opus', codec: 'opus', rate: 8000, freqs: [440] },
    { name: 'FLAC', codec: 'flac', rate: 8000, freqs: [440] },
    { name: 'Ogg/Vorbis', codec: 'vorbis', rate: 8000, freqs: [440] },
  ];

  it.each(cases)('$name: silence inside, tone intact outside, length kept', async ({ codec, rate, freqs }) => {
    const input = fx.tone({ seconds: 3, rate, freqs, codec, amplitude: 0.9 });
    const probe = await driver.probe(fx.opener(input));
    const spans = spansAt();
    const output = await collect(driver.redact(fx.opener(input, 4099), probe, spans));
    const tolerance = verificationTolerance(probe.codec);

    const before = deinterleave(fx.decodeS16(input), probe.channels);
    const after = deinterleave(fx.decodeS16(output), probe.channels);
    const scale = probe.sampleRate / 8000; // Opus decodes at 48 kHz
    const ranges = SPAN_FRAMES.map(([a, b]) => [a * scale, b * scale]);

    if (tolerance.exact) {
      expect(after[0].length).toBe(before[0].length);
      const silence = probe.codec === 'pcm_alaw' ? 8 : 0;
      for (let c = 0; c < probe.channels; c++) {
        const expected = Int16Array.from(before[c]);
        for (const [a, b] of ranges) expected.fill(silence, a, b);
        expect(Buffer.from(after[c].buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }
    } else {
      // Lossy: priming/padding may add up to a frame or two at the end, never shift the start.
      expect(Math.abs(after[0].length - before[0].length)).toBeLessThanOrEqual(2 * 1152 * scale);
      const margin = (tolerance.edgeMarginMs / 1000) * probe.sampleRate;
      for (const [a, b] of ranges) {
        const outside = [
          [a - 2000 * scale, a - margin],
          [b + margin, b + 2000 * scale],
        ];
        for (const [x, y] of outside) expect(Math.abs(rmsDb(after[0], x, y) - rmsDb(before[0], x, y))).toBeLessThan(1);
      }
    }

    const levels = await driver.measureSpans(fx.opener(output), probe, spans);
    for (const level of levels) expect(level.peakDbfs).toBeLessThanOrEqual(tolerance.maxPeakDbfs);
    const original = await driver.measureSpans(fx.opener(input), probe, spans);
    for (const level of original) expect(level.peakDbfs).toBeGreaterThan(-2); // the tone was there
  });

  it.each<[string, fx.FixtureCodec]>([
    ['MP3', 'mp3'],
    ['Opus', 'opus'],
  ])('%s output stays on the input timeline (encoder delay compensated)', async (_name, codec) => {
    const input = fx.speech('four one one one two two two two', 8000, codec);
    const probe = await driver.probe(fx.opener(input));
    const output = await collect(driver.redact(fx.opener(input), probe, [{ startMs: 100, endMs: 200 }]));
    const before = fx.decodeS16(input);
    const after = fx.decodeS16(output);
    const from = Math.round(0.4 * probe.sampleRate);
    const to = Math.min(before.length, after.length) - probe.sampleRate / 4;
    let bestLag = 0;
    let best = -Infinity;
    for (let lag = -probe.sampleRate / 20; lag <= probe.sampleRate / 5; lag++) {
      let dot = 0;
      for (let i = from; i < to; i += 3) dot += before[i] * (after[i + lag] ?? 0);
      if (dot > best) {
        best = dot;
        bestLag = lag;
      }
    }
    expect(bestLag).toBe(0);
  });

  it.each<[fx.FixtureCodec, string]>([
    ['adpcm_g722', 'wav'],
    ['flac', 'flac'],
    ['opus', 'ogg'],
    ['vorbis', 'ogg'],
    ['aac', 'mp4'],
    ['mp3', 'mp3'],
  ])('re-encoded %s carries no tag: not the input’s, not ffmpeg’s version', async (codec) => {
    const input = fx.encode(fx.tone({ seconds: 1 }), codec, ['-metadata', 'comment=a note from the recorder']);
    expect(input.includes('a note from the recorder')).toBe(true);
    const probe = await driver.probe(fx.opener(input));
    const output = await collect(driver.redact(fx.opener(input), probe, spansAt()));
    expect(output.includes('a note from the recorder')).toBe(false);
    expect(output.includes('Lavf')).toBe(false);
    expect(/Lav[cf]\d/.test(output.toString('latin1'))).toBe(false); // the versioned encoder name
    if (codec === 'adpcm_g722') expect(output.includes('LIST')).toBe(false);
  });

  it('WAV output is the input’s samples byte for byte outside the span samples, under fmt and data only', async () => {
    const input = fx.tone({ seconds: 3, freqs: [440, 660] });
    expect(input.includes('LIST')).toBe(true); // ffmpeg's ISFT tag: not stored
    const probe = await driver.probe(fx.opener(input));
    const output = await collect(driver.redact(fx.opener(input, 333), probe, spansAt()));
    const dataOffset = input.indexOf('data') + 8;
    const data = Buffer.from(input.subarray(dataOffset));
    for (const [a, b] of SPAN_FRAMES) data.fill(0, a * 4, b * 4);
    const samples = new Int16Array(data.length / 2);
    Buffer.from(samples.buffer).set(data);
    expect(output.equals(pcm16Wav(samples, 8000, 2))).toBe(true);
  });

  it.each<[string, fx.FixtureCodec]>([
    ['WAV PCM', 'pcm_s16le'],
    ['WAV µ-law', 'pcm_mulaw'],
    ['MP3', 'mp3'],
    ['FLAC', 'flac'],
  ])('tone mode puts 1 kHz at −20 dBFS inside the spans (%s)', async (_name, codec) => {
    const input = fx.tone({ seconds: 3, codec });
    const probe = await driver.probe(fx.opener(input));
    const output = await collect(driver.redact(fx.opener(input), probe, spansAt(), 'tone'));
    const after = fx.decodeS16(output);
    for (const [a, b] of SPAN_FRAMES) {
      const lo = a + 240; // past the lossy codecs' edge smear
      const hi = b - 240;
      expect(rmsDb(after, lo, hi)).toBeGreaterThan(-24); // sine RMS = peak − 3 dB
      expect(rmsDb(after, lo, hi)).toBeLessThan(-22);
      expect(dominantHz(after.subarray(lo, hi), 8000)).toBe(1000);
      if (codec === 'pcm_s16le' || codec === 'flac') {
        const expected = Array.from({ length: b - a }, (_, i) => toneSample(a + i, 8000));
        expect(Array.from(after.subarray(a, b))).toEqual(expected);
      }
    }
  });
});

describe('MediaDriver, an input whose format changes part-way', () => {
  const driver = new MediaDriver({ timeoutMs: 30_000 });

  /** An MP3 leg of `seconds` at `rate`: a low hum, with the keypad's "5" (770 + 1336 Hz) at 1.0–1.8 s if `key`. */
  function leg(rate: number, seconds: number, key: boolean): Buffer {
    const hum = '0.05*sin(2*PI*300*t)';
    const five = '0.3*sin(2*PI*770*t)+0.3*sin(2*PI*1336*t)';
    const expr = key ? `if(between(t\\,1\\,1.8)\\,${five}\\,${hum})` : hum;
    return fx.ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `aevalsrc=${expr}:s=${rate}:d=${seconds}`,
      '-c:a',
      'libmp3lame',
      '-b:a',
      '32k',
      '-f',
      'mp3',
    ]);
  }

  // Joined MP3s: ffprobe reads the format of whichever leg its analysis lands in, ffmpeg
  // decodes at the first leg's. Read at the probed rate, the keypad tone was off its
  // frequencies (no DTMF found, stored as is) before the decode was forced to the probe's format.
  it.each([
    ['a 1 s 8 kHz leg, then a 4 s 16 kHz leg with a keypad tone', leg(8000, 1, false), leg(16000, 4, true)],
    ['a 1 s 16 kHz leg, then a 4 s 8 kHz leg with a keypad tone', leg(16000, 1, false), leg(8000, 4, true)],
  ])('decodes %s at the probed rate, the tone where it sounds', async (_name, first, second) => {
    const joined = Buffer.concat([first, second]);
    const probe = await driver.probe(fx.opener(joined));
    const detector = new DtmfDetector(probe.sampleRate);
    const events: DtmfEvent[] = [];
    let frames = 0;
    for await (const pcm of driver.decodePcm(fx.opener(joined), probe)) {
      frames += pcm.length / probe.channels;
      events.push(...detector.push(deinterleave(pcm, probe.channels)[0]));
    }
    events.push(...detector.flush());
    expect(frames / probe.sampleRate).toBeGreaterThan(4.8);
    expect(frames / probe.sampleRate).toBeLessThan(5.3);
    expect(events.map((e) => e.digit)).toEqual(['5']);
    expect(events[0].startMs).toBeGreaterThan(1900);
    expect(events[0].endMs).toBeLessThan(3000); // each leg carries its encoder delay
  });
});

describe('MediaDriver.decodeWritten', () => {
  /** The pids a spied runner started, once each has gone (a still-running one never resolves). */
  async function allGone(run: jest.SpyInstance): Promise<void> {
    const tools = run.mock.results.map((r) => r.value as RunningTool);
    await Promise.all(tools.map((t) => t.done.catch(() => undefined)));
    for (const t of tools) expect(() => process.kill(t.pid as number, 0)).toThrow();
  }

  async function pcmOf(decode: WrittenDecode): Promise<Int16Array> {
    const parts: Int16Array[] = [];
    for await (const p of decode.pcm) parts.push(p);
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  }

  /**
   * What reading the samples failed with (null if it did not), taken at once: the reader fails while
   * the test still writes, and a rejection nobody holds yet would fail the test as unhandled.
   */
  function failureOf(decode: WrittenDecode): Promise<unknown> {
    return pcmOf(decode).then(
      () => null,
      (e: unknown) => e,
    );
  }

  async function writeAll(decode: WrittenDecode, bytes: Buffer, sizes: number[]): Promise<void> {
    for (const chunk of fx.splitBuffer(bytes, sizes)) await decode.write(chunk);
    decode.end();
  }

  it.each<[fx.FixtureCodec, number]>([
    ['mp3', 8000],
    ['opus', 8000],
    ['vorbis', 16000],
    ['flac', 8000],
    ['aac', 8000],
    ['adpcm_g722', 16000],
  ])(
    '%s output at %i Hz decodes as it is written, sample for sample as decodePcm decodes it stored',
    async (codec, rate) => {
      const { driver, run } = spiedDriver();
      const input = fx.tone({ seconds: 4, rate, codec, amplitude: 0.7 });
      const probe = await driver.probe(fx.opener(input));
      const output = await collect(driver.redact(fx.opener(input), probe, spansAt()));
      const stored = await driver.probe(fx.opener(output));
      const expected: Int16Array[] = [];
      for await (const p of driver.decodePcm(fx.opener(output), stored)) expected.push(p);

      run.mockClear();
      const decode = driver.decodeWritten({ ...outputFor(probe, 'mute'), sampleRate: probe.sampleRate, channels: 1 });
      const [pcm] = await Promise.all([pcmOf(decode), writeAll(decode, output, [333, 16_384, 7])]);
      expect(Buffer.from(pcm.buffer).equals(Buffer.concat(expected.map((p) => Buffer.from(p.buffer))))).toBe(true);
      // AAC: the encoder priming is dropped as from the stored file (1024 frames here).
      if (codec === 'aac') expect(stored.primingFrames).toBeGreaterThan(0);
      await allGone(run);
    },
  );

  it('fails when the output decodes at another rate or channel count than expected', async () => {
    const { driver, run } = spiedDriver();
    const mp3 = fx.tone({ seconds: 2, codec: 'mp3' });
    const decode = driver.decodeWritten({ format: 'mp3', codec: 'mp3', sampleRate: 16000, channels: 1 });
    const reading = failureOf(decode);
    await writeAll(decode, mp3, [4096]).catch(() => undefined);
    expect(await reading).toBeInstanceOf(MediaProcessingError);
    expect(String(await reading)).toMatch(/decodes as 8000 Hz × 1, not 16000 Hz × 1/);
    await allGone(run);
  });

  it('refuses another codec than expected (the decoder is whitelisted)', async () => {
    const { driver, run } = spiedDriver();
    const decode = driver.decodeWritten({ format: 'ogg', codec: 'opus', sampleRate: 16000, channels: 1 });
    const reading = failureOf(decode);
    await writeAll(decode, fx.tone({ seconds: 2, rate: 16000, codec: 'vorbis' }), [4096]).catch(() => undefined);
    expect(await reading).toBeInstanceOf(MediaProcessingError);
    await allGone(run);
  });

  it('a decoder killed mid-stream fails the writer and the reader, and nothing hangs', async () => {
    const { driver, run } = spiedDriver();
    const mp3 = fx.tone({ seconds: 120, codec: 'mp3' });
    const decode = driver.decodeWritten({ format: 'mp3', codec: 'mp3', sampleRate: 8000, channels: 1 });
    const reading = failureOf(decode);
    const pid = (run.mock.results[0].value as RunningTool).pid as number;
    let written = 0;
    let writeError: unknown;
    for (const chunk of fx.splitBuffer(mp3, 4096)) {
      if (written === 64 * 1024) process.kill(pid, 'SIGKILL');
      try {
        await decode.write(chunk);
      } catch (e) {
        writeError = e;
        break;
      }
      written += chunk.length;
    }
    decode.end();
    expect(writeError).toBeInstanceOf(MediaProcessingError);
    expect(written).toBeLessThan(mp3.length);
    expect(await reading).toBeInstanceOf(MediaProcessingError);
    expect(String(await reading)).toMatch(/the output decoder was killed \(SIGKILL\)/);
    await allGone(run);
  });

  it('holds the writer back while its samples are not read, and catches up once they are', async () => {
    const { driver, run } = spiedDriver();
    const mp3 = fx.tone({ seconds: 600, codec: 'mp3' }); // 2.4 MB
    const decode = driver.decodeWritten({ format: 'mp3', codec: 'mp3', sampleRate: 8000, channels: 1 });
    let accepted = 0;
    const writing = (async () => {
      for (const chunk of fx.splitBuffer(mp3, 16_384)) {
        await decode.write(chunk);
        accepted += chunk.length;
      }
      decode.end();
    })();
    // Nobody reads the samples: the writes stop once the pipes are full (polled until they stay put).
    let seen = -1;
    while (seen !== accepted) {
      seen = accepted;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(accepted).toBeLessThan(1 << 20);
    const pcm = await pcmOf(decode);
    await writing;
    expect(accepted).toBe(mp3.length);
    expect(pcm.length).toBe(fx.decodeS16(mp3).length);
    await allGone(run);
  });
});

describe('MediaDriver.redact, abandoned', () => {
  it('a re-encode whose reader goes away ends its ffmpeg processes', async () => {
    const { driver, run } = spiedDriver();
    const input = fx.tone({ seconds: 600, codec: 'mp3' });
    const probe = await driver.probe(fx.opener(input));
    run.mockClear();
    const out = driver.redact(fx.opener(input), probe, spansAt());
    await new Promise((resolve) => out.once('readable', resolve));
    out.destroy();
    const tools = run.mock.results.map((r) => r.value as RunningTool);
    expect(tools).toHaveLength(2); // the input's decoder and the encoder
    await Promise.all(tools.map((t) => t.done.catch(() => undefined)));
    for (const t of tools) expect(() => process.kill(t.pid as number, 0)).toThrow();
  });
});

/** Frequency (to 50 Hz) with the most energy, by brute-force Goertzel. */
function dominantHz(x: Int16Array, rate: number): number {
  let best = 0;
  let bestPower = -1;
  for (let f = 100; f < rate / 2; f += 50) {
    const k = 2 * Math.cos((2 * Math.PI * f) / rate);
    let s1 = 0;
    let s2 = 0;
    for (const v of x) {
      const s0 = v + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - k * s1 * s2;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}

describe('deinterleave', () => {
  it('splits frames into channels', () => {
    expect(deinterleave(Int16Array.from([1, 2, 3, 4, 5, 6]), 2).map((c) => Array.from(c))).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });
});
