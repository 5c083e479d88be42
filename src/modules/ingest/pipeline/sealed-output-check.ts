import type { WrittenDecode } from '../../media/media.driver';
import { MediaProcessingError, MediaRejectedError } from '../../media/media.errors';
import type { AudioCodec, TimeSpan } from '../../media/media.types';
import { WrittenPcmReader } from '../../media/written-pcm';
import { PcmAnalysis, type OutputCheckAnalysis } from './pcm-analysis';

/**
 * The output check (`OutputCheck`: muted ranges, residual tones, waveform) of
 * the redacted audio as its bytes go into the sealing stream, run on the
 * analysis thread. `push` resolves when the check can take more, so the seal
 * waits for a check that falls behind rather than buffering without bound. A
 * failing checker never fails the seal: `finish` reports it, and a recording
 * whose output could not be checked is not `available`.
 */
export interface SealedOutputCheck {
  push(chunk: Buffer): Promise<void>;
  finish(): Promise<OutputCheckAnalysis>;
  /** The seal failed: whatever runs beside it goes too. */
  abort(): Promise<void>;
  /** Set by a failed `finish`: the output decoder's stderr, for the operator's log (never the status reason). */
  readonly decoderError?: unknown;
}

/**
 * A patched WAV (PCM, µ-law, A-law): its bytes are the samples, read as written.
 * Written bytes that are not the patcher's canonical WAV (a header with more than
 * fmt/fact/data, anything after the data chunk, a data chunk cut short) fail the
 * verification: the samples checked would not be all that is stored.
 */
export class WrittenSamplesCheck implements SealedOutputCheck {
  private readonly reader = new WrittenPcmReader({ canonical: true });
  private analysis?: PcmAnalysis<OutputCheckAnalysis>;
  private error?: Error;
  /** Why the written bytes are not what a verification can pass; the samples before it are still checked. */
  private notCanonical?: Error;

  constructor(
    private readonly ranges: TimeSpan[],
    private readonly mode: 'mute' | 'tone',
    private readonly durationMs: number,
  ) {}

  async push(chunk: Buffer): Promise<void> {
    if (this.error || this.notCanonical) return;
    try {
      let pcm: Int16Array;
      try {
        pcm = this.reader.push(chunk);
      } catch (e) {
        if (!(e instanceof MediaProcessingError)) throw e;
        this.notCanonical = e;
        this.start();
        return;
      }
      const analysis = this.start();
      if (analysis) await analysis.push(pcm);
    } catch (e) {
      // Reported by finish(): the upload itself must not fail on the checker's account.
      this.error = e instanceof Error ? e : new Error('checking the written samples failed');
      this.analysis?.abort();
    }
  }

  private start(): PcmAnalysis<OutputCheckAnalysis> | undefined {
    const format = this.reader.format;
    if (!format) return undefined;
    this.analysis ??= PcmAnalysis.start({
      kind: 'output-check',
      output: format,
      ranges: this.ranges,
      mode: this.mode,
      durationMs: this.durationMs,
    });
    return this.analysis;
  }

  async finish(): Promise<OutputCheckAnalysis> {
    if (this.error) throw this.error;
    if (!this.analysis) throw new MediaRejectedError('CORRUPT');
    if (!this.notCanonical) {
      try {
        this.reader.end();
      } catch (e) {
        this.notCanonical = e as Error;
      }
    }
    const checked = await this.analysis.finish();
    if (!this.notCanonical) return checked;
    return {
      residual: [],
      peaks: checked.peaks,
      result: {
        ...checked.result,
        passed: false,
        failures: [...checked.result.failures, `the output could not be verified: ${this.notCanonical.message}`],
      },
    };
  }

  abort(): Promise<void> {
    this.analysis?.abort();
    return Promise.resolve();
  }
}

/**
 * Re-encoded output: each chunk goes to a decoder before it goes on to be
 * encrypted (the seal waits for the decoder to take it), and the decoded
 * samples go through the same checks as a decode of the stored object would.
 * The verification passes only if the decoder took every byte, in order, and
 * exited cleanly; a decoder that fails fails it, without failing the upload.
 */
export class DecodedOutputCheck implements SealedOutputCheck {
  private readonly analysis: PcmAnalysis<OutputCheckAnalysis>;
  private readonly reading: Promise<void>;
  private readError?: Error;
  private writeError?: Error;
  decoderError?: Error;

  constructor(
    private readonly decoder: WrittenDecode,
    output: { codec: AudioCodec; sampleRate: number; channels: number },
    ranges: TimeSpan[],
    mode: 'mute' | 'tone',
    durationMs: number,
  ) {
    this.analysis = PcmAnalysis.start({ kind: 'output-check', output, ranges, mode, durationMs });
    this.reading = this.read();
  }

  private async read(): Promise<void> {
    try {
      for await (const pcm of this.decoder.pcm) await this.analysis.push(pcm);
    } catch (e) {
      this.readError = e instanceof Error ? e : new Error('decoding the written output failed');
    }
  }

  async push(chunk: Buffer): Promise<void> {
    if (this.writeError) return;
    try {
      await this.decoder.write(chunk);
    } catch (e) {
      // The decoder stopped: the rest is sealed without it, and finish() reports the failure.
      this.writeError = e instanceof Error ? e : new Error('writing to the output decoder failed');
    }
  }

  async finish(): Promise<OutputCheckAnalysis> {
    if (this.writeError) await this.decoder.kill();
    else this.decoder.end();
    await this.reading;
    // The reader's error says why (exit status, time limit); a failed write is only how the writer noticed.
    const error = this.readError ?? this.writeError;
    this.decoderError = error;
    // As when the stored object was decoded: a decoder past its time limit, or output past the duration limit.
    if (error instanceof MediaRejectedError) {
      this.analysis.abort();
      throw error;
    }
    // A failed analysis (its thread gone) rejects here: the job fails, it never passes.
    const checked = await this.analysis.finish();
    if (!error) return checked;
    return {
      residual: [],
      peaks: checked.peaks,
      result: { ...checked.result, passed: false, failures: [`the output could not be verified: ${error.message}`] },
    };
  }

  async abort(): Promise<void> {
    await this.decoder.kill();
    await this.reading;
    this.analysis.abort();
  }
}
