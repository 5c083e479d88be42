import { performance } from 'node:perf_hooks';
import { PassThrough, pipeline, Readable, type Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { feed, FfmpegRunner, type MediaToolRunner } from './ffmpeg.runner';
import { MediaProcessingError, MediaRejectedError } from './media.errors';
import type {
  AudioCodec,
  ContainerFormat,
  MediaDriverOptions,
  OpenStream,
  OutputChoice,
  ProbeResult,
  RedactMode,
  SpanLevel,
  TimeSpan,
} from './media.types';
import {
  AmrDtxFiller,
  mp3DeclaredDurationSec,
  Mp3InfoFrameInserter,
  Mp4BoxScanner,
  mp4PrimingFrames,
  OggDurationScanner,
  SniffedInput,
  withIndexFirst,
} from './sniff';
import { spanLevels, verificationTolerance } from './verification';
import { readWavHead, refusingSecondData, WavSampleReader } from './wav-decode';
import { SAMPLE_WAV_CODECS, WrittenPcmReader } from './written-pcm';
import {
  MAX_WAV_HEADER_BYTES,
  PATCHABLE_WAV_CODECS,
  parseWavHeader,
  spansToFrames,
  toneSample,
  WavPatchTransform,
  type WavLayout,
} from './wav-patch';

export const DEFAULT_MEDIA_OPTIONS: MediaDriverOptions = {
  ffmpegPath: 'ffmpeg',
  ffprobePath: 'ffprobe',
  timeoutMs: 10 * 60_000,
  maxDurationSec: 4 * 3600,
  maxChannels: 2,
  allowedFormats: ['wav', 'mp3', 'ogg', 'flac', 'mp4', 'amr'],
};

const CODECS_BY_FORMAT: Record<ContainerFormat, readonly AudioCodec[]> = {
  wav: [...PATCHABLE_WAV_CODECS, 'adpcm_g722'],
  mp3: ['mp3'],
  ogg: ['opus', 'vorbis'],
  flac: ['flac'],
  // AMR inside 3GP is not accepted: its comfort-noise frames cannot be filled in a container (see AmrDtxFiller).
  mp4: ['aac'],
  amr: ['amr_nb', 'amr_wb'],
};

/** ffmpeg's demuxer for each container, for `-f` and `-format_whitelist`. */
const DEMUXERS: Record<ContainerFormat, string> = {
  wav: 'wav',
  mp3: 'mp3',
  ogg: 'ogg',
  flac: 'flac',
  mp4: 'mov',
  amr: 'amr',
};

/** ffmpeg decoder names, for `-codec_whitelist`. */
const DECODERS: Record<AudioCodec, string> = {
  pcm_s16le: 'pcm_s16le',
  pcm_u8: 'pcm_u8',
  pcm_s24le: 'pcm_s24le',
  pcm_mulaw: 'pcm_mulaw',
  pcm_alaw: 'pcm_alaw',
  mp3: 'mp3float,mp3',
  opus: 'opus',
  vorbis: 'vorbis',
  flac: 'flac',
  aac: 'aac',
  gsm_ms: 'gsm_ms',
  adpcm_g722: 'g722',
  amr_nb: 'amrnb',
  amr_wb: 'amrwb',
};

/**
 * Codecs defined at one rate. ffmpeg takes a WAV header's rate as given, so a G.722
 * WAV saying 8000 Hz (RTP's clock rate for G.722, which some recorders write) is
 * decoded at half speed: keypad tones at half their pitch, never detected, and the
 * output, written with the same header, holds them unmuted for any player that
 * plays G.722 at its real 16 kHz. GSM 6.10 said to be at another rate than 8 kHz is
 * the same mistake the other way.
 */
const FIXED_RATES: Partial<Record<AudioCodec, number>> = { adpcm_g722: 16_000, gsm_ms: 8000 };

const MAX_PROBE_JSON_BYTES = 1 << 20;

/** Enough of an MP4's start for its `moov` (a few hundred bytes for our fragmented output). */
const MAX_MP4_HEAD_BYTES = 1 << 20;

/** Encoded output being written, as the decoder of `decodeWritten` expects it. */
export interface WrittenOutput {
  format: ContainerFormat;
  codec: AudioCodec;
  sampleRate: number;
  channels: number;
}

/** A decoder fed by the writer of the bytes it decodes (see `MediaDriver.decodeWritten`). */
export interface WrittenDecode {
  /** The next chunk, in order; resolves once the decoder has room for more, rejects once it has stopped reading. */
  write(chunk: Buffer): Promise<void>;
  /** Every chunk has been written. */
  end(): void;
  /**
   * Interleaved s16le, whole frames, at the expected rate and channel count. Throws
   * unless the decoder took every byte written and exited cleanly.
   */
  readonly pcm: AsyncGenerator<Int16Array>;
  /** Ends the decoder now and waits until it has gone. */
  kill(): Promise<void>;
}

/**
 * The redacted audio keeps the input's codec where ffmpeg can encode it. ffmpeg has
 * no AMR encoder, and GSM 6.10 cannot carry the replacement tone (the codec's
 * predictor smears the speech before a span into it): those are stored as FLAC.
 */
export function outputFor(probe: Pick<ProbeResult, 'format' | 'codec'>, mode: RedactMode): OutputChoice {
  if (probe.codec === 'amr_nb' || probe.codec === 'amr_wb') {
    return { format: 'flac', codec: 'flac', fallback: 'ffmpeg has no AMR encoder: stored as lossless FLAC' };
  }
  if (probe.codec === 'gsm_ms' && mode === 'tone') {
    return {
      format: 'flac',
      codec: 'flac',
      fallback: 'GSM 6.10 cannot carry the replacement tone exactly: stored as lossless FLAC',
    };
  }
  return { format: probe.format, codec: probe.codec };
}

function inputArgs(format: ContainerFormat | 's16le', decoders?: string): string[] {
  const codecs = decoders ? ['-codec_whitelist', decoders] : [];
  const demuxer = format === 's16le' ? format : DEMUXERS[format];
  return ['-v', 'error', '-protocol_whitelist', 'pipe', '-format_whitelist', demuxer, ...codecs, '-f', demuxer];
}

interface FfprobeOutput {
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    sample_rate?: string;
    channels?: number;
    duration?: string;
    bit_rate?: string;
  }>;
  format?: { duration?: string; bit_rate?: string };
}

/**
 * Everything that runs ffmpeg or ffprobe. Inputs are untrusted: each one is
 * sniffed by magic bytes first, then handed to a forced demuxer on stdin only.
 */
export class MediaDriver {
  readonly options: MediaDriverOptions;

  constructor(
    options: Partial<MediaDriverOptions> = {},
    private readonly runner: MediaToolRunner = new FfmpegRunner({
      ffmpegPath: options.ffmpegPath ?? DEFAULT_MEDIA_OPTIONS.ffmpegPath,
      ffprobePath: options.ffprobePath ?? DEFAULT_MEDIA_OPTIONS.ffprobePath,
    }),
  ) {
    this.options = { ...DEFAULT_MEDIA_OPTIONS, ...options };
  }

  async probe(open: OpenStream): Promise<ProbeResult> {
    const input = await SniffedInput.open(open, this.options.allowedFormats);
    const { format } = input;
    const tool = this.runner.run({
      tool: 'ffprobe',
      args: [...inputArgs(format), '-show_streams', '-show_format', '-of', 'json', '-i', 'pipe:0'],
      timeoutMs: this.options.timeoutMs,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    tool.stdout.on('data', (c: Buffer) => {
      stdoutBytes += c.length;
      if (stdoutBytes > MAX_PROBE_JSON_BYTES)
        tool.kill(); // tags are attacker-sized; ends as CORRUPT
      else stdout.push(c);
    });
    const ogg = format === 'ogg' ? new OggDurationScanner() : null;
    const mp4 = format === 'mp4' ? new Mp4BoxScanner() : null;
    let probing = true;
    tool.done.then(
      () => {
        probing = false;
        if (!ogg) input.stop();
      },
      (err: unknown) => input.stop(err as Error),
    );
    // The Ogg scan outlives ffprobe, so the whole probe gets one deadline too.
    const deadline = setTimeout(() => input.stop(new MediaRejectedError('TIMEOUT')), this.options.timeoutMs);
    let wavHead: Buffer | null = format === 'wav' ? Buffer.alloc(0) : null;
    let wav: WavLayout | null = null;
    let tooLong = false;
    const keepReading = (chunk: Buffer): boolean => {
      if (ogg) {
        ogg.push(chunk);
        tooLong = (ogg.durationSec ?? 0) > this.options.maxDurationSec;
        if (tooLong) return false;
      }
      mp4?.push(chunk);
      if (wavHead && !wav && wavHead.length < MAX_WAV_HEADER_BYTES) {
        wavHead = Buffer.concat([wavHead, chunk]);
        wav = parseWavHeaderOrNull(wavHead);
      }
      // Ogg is read to the end for its last granule position; the rest stop once ffprobe has answered.
      return (
        probing ||
        ogg !== null ||
        (mp4 !== null && !mp4.done) ||
        (wavHead !== null && !wav && wavHead.length < MAX_WAV_HEADER_BYTES)
      );
    };
    try {
      await feed(input.chunks(), tool, keepReading);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by keepReading while feed() ran
      if (tooLong) throw new MediaRejectedError('TOO_LONG');
    } catch (err) {
      tool.kill();
      await tool.done.catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(deadline);
    }
    const outcome = await tool.done;
    if (outcome.code !== 0) throw new MediaRejectedError('CORRUPT');
    const result = this.interpret(format, Buffer.concat(stdout), wav, ogg);
    const primingFrames = format === 'mp4' ? mp4PrimingFrames(input.head, result.sampleRate) : 0;
    const declaredDurationSec = format === 'mp3' ? mp3DeclaredDurationSec(input.head) : result.declaredDurationSec;
    return {
      ...result,
      ...(declaredDurationSec ? { declaredDurationSec } : {}),
      ...(ogg?.endsEarly ? { endsEarly: true } : {}),
      ...(primingFrames ? { primingFrames } : {}),
      ...(mp4?.result ? { mp4Index: mp4.result } : {}),
    };
  }

  private interpret(
    format: ContainerFormat,
    json: Buffer,
    wav: WavLayout | null,
    ogg: OggDurationScanner | null,
  ): ProbeResult {
    let parsed: FfprobeOutput;
    try {
      parsed = JSON.parse(json.toString('utf8')) as FfprobeOutput;
    } catch {
      throw new MediaRejectedError('CORRUPT');
    }
    const streams = parsed.streams ?? [];
    if (streams.some((s) => s.codec_type === 'video')) throw new MediaRejectedError('VIDEO_STREAM');
    const audios = streams.filter((s) => s.codec_type === 'audio');
    // Only one stream is analysed, muted and stored: a second (another party's track) would be dropped unseen.
    if (audios.length > 1) throw new MediaRejectedError('MULTIPLE_AUDIO_STREAMS');
    const audio = audios.at(0);
    if (!audio) throw new MediaRejectedError('NO_AUDIO');
    const codec = audio.codec_name as AudioCodec;
    if (!CODECS_BY_FORMAT[format].includes(codec)) throw new MediaRejectedError('UNSUPPORTED_FORMAT');
    const sampleRate = Number(audio.sample_rate);
    const channels = audio.channels ?? 0;
    if (!(sampleRate > 0) || !(channels > 0)) throw new MediaRejectedError('CORRUPT');
    const fixedRate = FIXED_RATES[codec];
    if (fixedRate && sampleRate !== fixedRate) throw new MediaRejectedError('UNSUPPORTED_FORMAT');
    if (channels > this.options.maxChannels) throw new MediaRejectedError('TOO_MANY_CHANNELS');
    if (wav && (wav.codec !== codec || wav.sampleRate !== sampleRate || wav.channels !== channels)) {
      throw new MediaRejectedError('CORRUPT');
    }

    const fromHeader =
      wav?.dataBytes != null
        ? (Math.floor(wav.dataBytes / wav.blockAlign) * wav.samplesPerBlock) / wav.sampleRate
        : null;
    const fromProbe = Number(audio.duration ?? parsed.format?.duration);
    const durationSec = fromHeader ?? ogg?.durationSec ?? (fromProbe > 0 ? fromProbe : null);
    // A WAV's size may be an estimate written before the recording (and the file cut short of it):
    // its samples are counted against the limit as they are read instead.
    if (durationSec !== null && durationSec > this.options.maxDurationSec && fromHeader === null)
      throw new MediaRejectedError('TOO_LONG');
    if (durationSec === 0) throw new MediaRejectedError('EMPTY');

    const statedRate = Number(audio.bit_rate ?? parsed.format?.bit_rate);
    const bitRate = statedRate > 0 ? statedRate : ogg && durationSec ? Math.round((ogg.bytes * 8) / durationSec) : null;
    // What the file claims up front: ffprobe reads it from FLAC's STREAMINFO and an MP4's index, not from the audio.
    const claimed = format === 'flac' || format === 'mp4' ? fromProbe : null;
    const declaredDurationSec = fromHeader ?? (claimed && claimed > 0 ? claimed : undefined);
    return { format, codec, sampleRate, channels, durationSec, bitRate, declaredDurationSec };
  }

  /**
   * Interleaved s16le at the source rate and channel count, in whole frames. Counts
   * what it decodes and stops at the duration limit, for containers whose length a
   * pipe does not reveal (MP3 without a header that says). A WAV whose bytes are
   * samples (PCM, µ-law, A-law) is read in this process, everything else by ffmpeg;
   * a WAV with a second data chunk is CORRUPT either way (see TrailingDataGuard).
   */
  async *decodePcm(open: OpenStream, probe: ProbeResult): AsyncGenerator<Int16Array> {
    const input = await this.reopen(open, probe);
    if (probe.format === 'wav' && SAMPLE_WAV_CODECS.includes(probe.codec)) {
      yield* this.readWav(input, probe);
      return;
    }
    const source =
      probe.format === 'amr'
        ? through(input.chunks(), new AmrDtxFiller())
        : probe.mp4Index
          ? withIndexFirst(input.chunks(), probe.mp4Index)
          : probe.format === 'wav'
            ? refusingSecondData(input.chunks())
            : input.chunks();
    yield* this.ffmpegPcm(input, probe, source);
  }

  /**
   * The samples of a PCM / µ-law / A-law WAV, without an ffmpeg process or the pipe
   * copies (the same samples, frame for frame: see WavSampleReader). A header the
   * reader does not take goes to ffmpeg, which judges it as it always has.
   */
  private async *readWav(input: SniffedInput, probe: ProbeResult): AsyncGenerator<Int16Array> {
    const chunks = input.chunks();
    // The same wall-clock limit as an ffmpeg run: the timer ends a stalled source, the clock a source
    // that never waits on I/O (its chunks come in microtasks, so no timer would fire before it ended).
    const deadline = setTimeout(() => input.stop(new MediaRejectedError('TIMEOUT')), this.options.timeoutMs);
    const endBy = performance.now() + this.options.timeoutMs;
    try {
      const { layout, rest } = await readWavHead(chunks);
      if (!layout) {
        yield* this.ffmpegPcm(input, probe, prepend(rest, chunks));
        return;
      }
      if (layout.codec !== probe.codec || layout.sampleRate !== probe.sampleRate || layout.channels !== probe.channels)
        throw new MediaRejectedError('CORRUPT');
      const reader = new WavSampleReader(layout);
      const maxFrames = this.options.maxDurationSec * probe.sampleRate;
      let frames = 0;
      for (let next: IteratorResult<Buffer, void> = { value: rest }; ; next = await chunks.next()) {
        if (performance.now() > endBy) throw new MediaRejectedError('TIMEOUT');
        const samples = next.done ? reader.end() : reader.push(next.value);
        frames += samples.length / probe.channels;
        if (frames > maxFrames) throw new MediaRejectedError('TOO_LONG');
        if (samples.length) yield samples;
        if (next.done) break;
      }
    } finally {
      clearTimeout(deadline);
      await chunks.return(undefined);
    }
  }

  private async *ffmpegPcm(
    input: SniffedInput,
    probe: ProbeResult,
    source: AsyncIterable<Buffer>,
  ): AsyncGenerator<Int16Array> {
    const tool = this.runner.run({
      tool: 'ffmpeg',
      args: decoderArgs(probe, 's16le'),
      timeoutMs: this.options.timeoutMs,
    });
    tool.done.then(
      () => input.stop(),
      (err: unknown) => input.stop(err as Error),
    );
    const feeding = feed(source, tool).then(
      () => null,
      (err: unknown) => {
        tool.kill();
        return { err };
      },
    );
    const frameBytes = 2 * probe.channels;
    const maxFrames = this.options.maxDurationSec * probe.sampleRate;
    let frames = 0;
    let carry = Buffer.alloc(0);
    let priming = (probe.primingFrames ?? 0) * frameBytes;
    let finished = false;
    try {
      for await (const chunk of tool.stdout as AsyncIterable<Buffer>) {
        let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        if (priming) {
          const dropped = Math.min(priming, buf.length - (buf.length % frameBytes));
          buf = buf.subarray(dropped);
          priming -= dropped;
        }
        const whole = buf.length - (buf.length % frameBytes);
        carry = Buffer.from(buf.subarray(whole));
        if (!whole) continue;
        frames += whole / frameBytes;
        if (frames > maxFrames) throw new MediaRejectedError('TOO_LONG');
        // Copy: an Int16Array needs 2-byte alignment, which a Buffer slice does not promise.
        const samples = new Int16Array(whole / 2);
        Buffer.from(samples.buffer).set(buf.subarray(0, whole));
        yield samples;
      }
      const fed = await feeding;
      if (fed) throw fed.err;
      const outcome = await tool.done;
      if (outcome.code !== 0) throw new MediaRejectedError('CORRUPT');
      finished = true;
    } finally {
      if (!finished) {
        tool.kill();
        await Promise.allSettled([feeding, tool.done]);
      }
    }
  }

  /**
   * A decoder of encoded output as it is being written (the plaintext going into the
   * sealing stream), so that what is stored is decoded in the same pass that encodes
   * it. The writer waits for the decoder: at most a pipe's worth is in flight. ffmpeg
   * writes a WAV, whose header says the rate and channel count it decoded: anything
   * but the expected ones fails, as does a decoder that stops early or exits unclean.
   * A fragmented MP4's encoder priming is dropped as `decodePcm` drops it, from the
   * edit list in the `moov` written first (the decoder cannot output before reading it).
   */
  decodeWritten(expected: WrittenOutput): WrittenDecode {
    const tool = this.runner.run({
      tool: 'ffmpeg',
      args: decoderArgs(expected, 'wav'),
      timeoutMs: this.options.timeoutMs,
    });
    const { stdin } = tool;
    const stopped = (): MediaProcessingError =>
      new MediaProcessingError('the output decoder stopped reading before the end of the output');
    let head: Buffer[] | null = expected.format === 'mp4' ? [] : null;
    let headBytes = 0;
    const maxFrames = this.options.maxDurationSec * expected.sampleRate;

    async function* pcm(): AsyncGenerator<Int16Array> {
      const reader = new WrittenPcmReader();
      const { channels, sampleRate } = expected;
      let priming: number | null = null;
      let frames = 0;
      let finishedCleanly = false;
      try {
        for await (const chunk of tool.stdout as AsyncIterable<Buffer>) {
          let samples = reader.push(chunk);
          const decoded = reader.format;
          if (!decoded) continue;
          if (decoded.sampleRate !== sampleRate || decoded.channels !== channels) {
            throw new MediaProcessingError(
              `the output decodes as ${decoded.sampleRate} Hz × ${decoded.channels}, not ${sampleRate} Hz × ${channels}`,
            );
          }
          if (priming === null) {
            priming = head ? mp4PrimingFrames(Buffer.concat(head), sampleRate) * channels : 0;
            head = null;
          }
          if (priming) {
            const dropped = Math.min(priming, samples.length);
            samples = samples.subarray(dropped);
            priming -= dropped;
          }
          if (!samples.length) continue;
          frames += samples.length / channels;
          if (frames > maxFrames) throw new MediaRejectedError('TOO_LONG');
          yield samples;
        }
        const outcome = await tool.done;
        if (outcome.code !== 0) {
          const how = outcome.signal ? `was killed (${outcome.signal})` : `exited with code ${String(outcome.code)}`;
          throw new MediaProcessingError(`the output decoder ${how}`, outcome.stderrTail);
        }
        // Exited cleanly, but every byte written must also have gone into its stdin.
        const tookAll = await finished(stdin).then(
          () => true,
          () => false,
        );
        if (!tookAll) throw stopped();
        finishedCleanly = true;
      } finally {
        if (!finishedCleanly) {
          tool.kill();
          await tool.done.catch(() => undefined);
        }
      }
    }

    return {
      pcm: pcm(),
      async write(chunk) {
        if (stdin.destroyed || stdin.writableEnded) throw stopped();
        if (head && headBytes < MAX_MP4_HEAD_BYTES) {
          head.push(chunk);
          headBytes += chunk.length;
        }
        if (stdin.write(chunk)) return;
        const drained = await new Promise<boolean>((resolve) => {
          const settle = (ok: boolean) => () => {
            stdin.off('drain', onDrain);
            stdin.off('close', onClose);
            resolve(ok);
          };
          const onDrain = settle(true);
          const onClose = settle(false);
          stdin.once('drain', onDrain);
          stdin.once('close', onClose);
        });
        if (!drained) throw stopped();
      },
      end() {
        stdin.end();
      },
      async kill() {
        tool.kill();
        await tool.done.catch(() => undefined);
      },
    };
  }

  /**
   * The input with every channel muted (or beeped) over exactly the span samples, in
   * the input's codec, rate and channel count. WAV PCM/µ-law/A-law/GSM is patched byte
   * for byte, its samples written under a header of its own (fmt, fact, data: nothing
   * else of the input is stored); everything else goes decode → Node → encode.
   */
  redact(open: OpenStream, probe: ProbeResult, spans: readonly TimeSpan[], mode: RedactMode = 'mute'): Readable {
    const out = outputFor(probe, mode);
    if (probe.format === 'wav' && out.codec === probe.codec && PATCHABLE_WAV_CODECS.includes(probe.codec))
      return this.patchWav(open, probe, spans, mode);
    const output = new PassThrough();
    this.reencode(open, probe, spans, mode, output).catch((err: unknown) => output.destroy(err as Error));
    return output;
  }

  /** Whether `redact` writes the input's samples back unchanged but for the spans (no codec in between). */
  patchesSamples(probe: ProbeResult, mode: RedactMode): boolean {
    return (
      probe.format === 'wav' &&
      outputFor(probe, mode).codec === probe.codec &&
      PATCHABLE_WAV_CODECS.includes(probe.codec) &&
      SAMPLE_WAV_CODECS.includes(probe.codec)
    );
  }

  private patchWav(open: OpenStream, probe: ProbeResult, spans: readonly TimeSpan[], mode: RedactMode): Readable {
    const maxFrames = this.options.maxDurationSec * probe.sampleRate;
    const patcher = new WavPatchTransform({ spans, mode, expect: probe, maxFrames, frames: probe.decodedFrames });
    void this.reopen(open, probe).then(
      (input) => pipeline(input.chunks(), patcher, () => undefined),
      (err: unknown) => patcher.destroy(err as Error),
    );
    return patcher;
  }

  private async reencode(
    open: OpenStream,
    probe: ProbeResult,
    spans: readonly TimeSpan[],
    mode: RedactMode,
    output: PassThrough,
  ): Promise<void> {
    const encoder = this.runner.run({
      tool: 'ffmpeg',
      args: [
        '-nostdin',
        ...inputArgs('s16le', 'pcm_s16le'),
        '-ar',
        String(probe.sampleRate),
        '-ac',
        String(probe.channels),
        '-i',
        'pipe:0',
        // No tags: neither the input's (there are none in raw PCM) nor ffmpeg's own version tag
        // (WAV LIST/ISFT, FLAC and Ogg `encoder`, MP4 `©too`), as a patched WAV has none.
        '-map_metadata',
        '-1',
        '-fflags',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        ...encoderArgs(probe, outputFor(probe, mode)),
        'pipe:1',
      ],
      timeoutMs: this.options.timeoutMs,
    });
    const encoded = probe.codec === 'mp3' ? encoder.stdout.pipe(new Mp3InfoFrameInserter()) : encoder.stdout;
    encoded.pipe(output, { end: false });
    // A reader gone before the end (a failed seal) must not leave the encoder blocked on a full pipe until its
    // timeout; its stdout goes too, or the process would never be seen to close.
    output.once('close', () => {
      if (output.writableFinished) return;
      encoder.kill();
      encoder.stdout.destroy();
    });
    const ranges = spansToFrames(spans, probe.sampleRate);
    const { channels, sampleRate } = probe;
    async function* redacted(pcm: AsyncIterable<Int16Array>): AsyncGenerator<Buffer> {
      let first = 0;
      for await (const samples of pcm) {
        const last = first + samples.length / channels;
        for (const [a, b] of ranges) {
          const lo = Math.max(a, first);
          const hi = Math.min(b, last);
          if (lo >= hi) continue;
          if (mode === 'mute') samples.fill(0, (lo - first) * channels, (hi - first) * channels);
          else
            for (let f = lo; f < hi; f++)
              samples.fill(toneSample(f, sampleRate), (f - first) * channels, (f - first + 1) * channels);
        }
        first = last;
        yield Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
      }
    }
    try {
      await feed(redacted(this.decodePcm(open, probe)), encoder);
      const outcome = await encoder.done;
      if (outcome.code !== 0) throw new MediaProcessingError(`${probe.codec} encoder failed`, outcome.stderrTail);
      await new Promise<void>((resolve, reject) => {
        if (encoded.readableEnded) resolve();
        else encoded.once('end', resolve).once('error', reject);
      });
      output.end();
    } catch (err) {
      encoder.kill();
      await encoder.done.catch(() => undefined);
      throw err;
    }
  }

  /** Level inside each span per channel, skipping `edgeMarginMs` (codec default) at both ends. */
  measureSpans(
    open: OpenStream,
    probe: ProbeResult,
    spans: readonly TimeSpan[],
    edgeMarginMs = verificationTolerance(probe.codec).edgeMarginMs,
  ): Promise<SpanLevel[]> {
    return spanLevels(this.decodePcm(open, probe), probe, spans, edgeMarginMs);
  }

  /** A re-opened stream must still be what the probe saw, and a playlist never reaches ffmpeg. */
  private async reopen(open: OpenStream, probe: ProbeResult): Promise<SniffedInput> {
    const input = await SniffedInput.open(open, this.options.allowedFormats);
    if (input.format !== probe.format) {
      void input.chunks().return(undefined);
      throw new MediaRejectedError('CORRUPT');
    }
    return input;
  }
}

function parseWavHeaderOrNull(buf: Buffer): WavLayout | null {
  try {
    return parseWavHeader(buf);
  } catch {
    return null; // ffprobe's verdict decides; a header we cannot read just gives no duration
  }
}

/**
 * ffmpeg decoding the first audio stream on stdin to 16-bit PCM on stdout: raw
 * at the probed rate and channel count (an input), or as a WAV whose header says
 * what it decoded (our own output, checked against what was expected). An input
 * can change format part-way (joined MP3s): ffmpeg then keeps the format it
 * started with while ffprobe may report a later one, and raw samples read at the
 * wrong rate shift every tone off its keypad frequency. Forcing the probe's
 * format converts the whole input to the one timeline that detection, muting
 * and the encoder share.
 */
function decoderArgs(
  input: Pick<ProbeResult, 'format' | 'codec' | 'sampleRate' | 'channels'>,
  out: 's16le' | 'wav',
): string[] {
  const convert = out === 's16le' ? ['-ar', String(input.sampleRate), '-ac', String(input.channels)] : [];
  return [
    '-nostdin',
    ...inputArgs(input.format, DECODERS[input.codec]),
    '-i',
    'pipe:0',
    '-map',
    '0:a:0',
    '-map_metadata',
    '-1',
    ...convert,
    '-c:a',
    'pcm_s16le',
    '-f',
    out,
    'pipe:1',
  ];
}

function encoderArgs(probe: ProbeResult, out: OutputChoice): string[] {
  const bitrate = (fallback: number): string => String(Math.round(probe.bitRate ?? fallback));
  switch (out.codec) {
    case 'mp3':
      return ['-c:a', 'libmp3lame', '-b:a', bitrate(64_000), '-id3v2_version', '0', '-write_xing', '0', '-f', 'mp3'];
    case 'opus':
      return ['-c:a', 'libopus', '-b:a', bitrate(32_000), '-f', 'ogg'];
    case 'vorbis':
      return ['-c:a', 'libvorbis', '-b:a', bitrate(64_000), '-f', 'ogg'];
    case 'flac':
      return ['-c:a', 'flac', '-f', 'flac'];
    // A pipe cannot be seeked back to write an index, so the MP4 is fragmented; delay_moov makes
    // the muxer write the edit list that carries the encoder priming (see ProbeResult.primingFrames).
    case 'aac':
      return [
        '-c:a',
        'aac',
        '-b:a',
        bitrate(32_000),
        '-movflags',
        'frag_keyframe+empty_moov+default_base_moof+delay_moov',
        '-f',
        'mp4',
      ];
    case 'adpcm_g722':
      return ['-c:a', 'g722', '-f', 'wav'];
    default:
      throw new MediaProcessingError(`no encoder for ${out.codec}`);
  }
}

/** `first`, then the rest of an iterator already started. */
async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length) yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Chunks passed through a transform, as an async iterable that fails when the transform does. */
function through(chunks: AsyncIterable<Buffer>, transform: Transform): AsyncIterable<Buffer> {
  pipeline(Readable.from(chunks), transform, () => undefined);
  return transform;
}
