import type { ProbeResult } from './media.types';

/**
 * How far short of its claim a compressed file may decode and still be whole: an
 * MP3's Xing count includes the encoder delay and padding (up to ~220 ms at 8 kHz),
 * which the decoder drops. A WAV's claim is exact, in whole frames.
 */
const COMPRESSED_SLACK_MS = 300;

/** A file that decodes to less than it claims, in ms; declaredMs is absent when only the stream's end tells. */
export interface Truncation {
  declaredMs?: number;
  decodedMs: number;
}

/**
 * Whether the input is cut short, from what is known without guessing: a container's
 * own claim of its length against the frames decoded (`probe.declaredDurationSec`),
 * or an Ogg stream that stops without its last page. null when it is whole or
 * nothing says (an MP3 without a Xing count, AMR, a WAV of unknown data size).
 */
export function truncation(probe: ProbeResult, decodedFrames: number): Truncation | null {
  const decodedMs = Math.round((decodedFrames * 1000) / probe.sampleRate);
  const declared = probe.declaredDurationSec;
  if (declared !== undefined) {
    const declaredMs = Math.round(declared * 1000);
    const short =
      probe.format === 'wav'
        ? decodedFrames < Math.round(declared * probe.sampleRate)
        : decodedMs < declaredMs - COMPRESSED_SLACK_MS;
    if (short) return { declaredMs, decodedMs };
  }
  return probe.endsEarly ? { decodedMs } : null;
}
