import type { TranscriptWord } from '../redaction/transcript/transcript.types';
import type { AudioChunk } from './silence-chunker';

const STEP_MS = 10;

/**
 * Puts one channel's chunk transcripts back on the call's timeline. Where two
 * chunks overlap both heard the same words, often segmented differently (a
 * recogniser may write four digit words as one numeral group, or clip a word at
 * a chunk's edge). The seam is therefore moved to the moment nearest the cut
 * that no word of either chunk spans: words before it come from the earlier
 * chunk, words from it on from the later one, so no digit is lost or doubled.
 */
export class WordStitcher {
  private pending: TranscriptWord[] = [];
  private pendingEndMs = 0;
  private started = false;

  constructor(private readonly sampleRate: number) {}

  /** Chunks in channel order; returns the words that are final. */
  add(chunk: AudioChunk, words: TranscriptWord[]): TranscriptWord[] {
    const ms = (samples: number) => (samples * 1000) / this.sampleRate;
    const offsetMs = ms(chunk.startSample);
    const placed = words.map((w) => ({
      ...w,
      startMs: Math.round(w.startMs + offsetMs),
      endMs: Math.round(w.endMs + offsetMs),
    }));
    const endMs = ms(chunk.startSample + chunk.samples.length);
    if (!this.started) {
      this.started = true;
      this.pending = placed;
      this.pendingEndMs = endMs;
      return [];
    }
    const seam = this.seam(ms(chunk.keepFrom), offsetMs, this.pendingEndMs, placed);
    const final = this.pending.filter((w) => w.startMs < seam);
    this.pending = placed.filter((w) => w.startMs >= seam);
    this.pendingEndMs = endMs;
    return final;
  }

  finish(): TranscriptWord[] {
    const rest = this.pending;
    this.pending = [];
    return rest;
  }

  /** The moment in the overlap [lo, hi] nearest `cut` inside no word of either side; the cut itself if there is none. */
  private seam(cut: number, lo: number, hi: number, next: TranscriptWord[]): number {
    const words = [...this.pending, ...next].filter((w) => w.endMs > lo && w.startMs < hi);
    const free = (t: number) => words.every((w) => !(w.startMs < t && t < w.endMs));
    for (let d = 0; cut - d >= lo || cut + d <= hi; d += STEP_MS) {
      if (cut - d >= lo && free(cut - d)) return cut - d;
      if (cut + d <= hi && free(cut + d)) return cut + d;
    }
    return cut;
  }
}
