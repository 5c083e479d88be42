/**
 * A waveform for display: the loudest sample of every bucket of the decoded
 * audio (all channels), as 0–255. Buckets are at least 10 ms and at most
 * MAX_PEAKS per recording, so an hour-long call's waveform is ~10 KB.
 */
export const MAX_PEAKS = 10_000;
const MIN_BUCKET_MS = 10;

export interface Peaks {
  version: 1;
  durationMs: number;
  /** Milliseconds of audio per peak; the last bucket may be shorter. */
  msPerPeak: number;
  /** One byte per bucket, base64: the bucket's peak |sample| scaled to 0–255. */
  peaks: string;
}

export function bucketMs(durationMs: number): number {
  return Math.max(MIN_BUCKET_MS, Math.ceil(durationMs / MAX_PEAKS));
}

/** Fed the PCM a decode already produces (per channel), so the waveform costs no extra decode. */
export class PeakAccumulator {
  readonly msPerPeak: number;
  private readonly samplesPerPeak: number;
  private readonly out: Uint8Array;
  private frame = 0;

  constructor(
    sampleRate: number,
    private readonly durationMs: number,
  ) {
    this.msPerPeak = bucketMs(durationMs);
    this.samplesPerPeak = (sampleRate * this.msPerPeak) / 1000;
    this.out = new Uint8Array(Math.max(1, Math.ceil(durationMs / this.msPerPeak)));
  }

  /** One decoded chunk: each channel's samples for the same frames. Scans bucket by bucket, converting once per bucket. */
  push(channels: Int16Array[]): void {
    const frames = channels[0]?.length ?? 0;
    let i = 0;
    while (i < frames) {
      const bucket = Math.floor((this.frame + i) / this.samplesPerPeak);
      if (bucket >= this.out.length) break;
      const end = Math.min(frames, Math.max(i + 1, Math.ceil((bucket + 1) * this.samplesPerPeak) - this.frame));
      let max = 0;
      for (const c of channels) {
        for (let j = i; j < end; j++) {
          const v = c[j];
          const a = v < 0 ? -v : v;
          if (a > max) max = a;
        }
      }
      const scaled = Math.min(255, Math.round((max / 32768) * 255));
      if (scaled > this.out[bucket]) this.out[bucket] = scaled;
      i = end;
    }
    this.frame += frames;
  }

  result(): Peaks {
    return {
      version: 1,
      durationMs: this.durationMs,
      msPerPeak: this.msPerPeak,
      peaks: Buffer.from(this.out).toString('base64'),
    };
  }
}
