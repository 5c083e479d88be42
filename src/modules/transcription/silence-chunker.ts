/** A piece of one channel sent to the engine, and the part of it whose words are kept. */
export interface AudioChunk {
  /** First sample of `samples`, counted from the start of the channel. */
  startSample: number;
  samples: Int16Array;
  /** The cut this chunk starts at: the samples before it are overlap with the previous chunk. */
  keepFrom: number;
}

export interface ChunkingOptions {
  sampleRate: number;
  chunkMs: number;
  /** Each chunk ends this long after its cut and the next starts this long before it, so a word at a cut is heard whole. */
  overlapMs: number;
  /** The cut is the quietest moment in the last `searchMs` before the chunk's nominal end. */
  searchMs: number;
}

const FRAME_MS = 20;

/**
 * Splits one channel's PCM into chunks of about `chunkMs`, cut at the quietest
 * 20 ms frame near each nominal end, with overlap on both sides of each cut.
 * Memory holds one chunk and its overlap, whatever the length of the call.
 */
export class SilenceChunker {
  private buf: Int16Array;
  private length = 0;
  /** The channel sample at buf[0]. */
  private bufStart = 0;
  /** Where the next chunk's own (non-overlap) part starts. */
  private keepStart = 0;
  private readonly chunk: number;
  private readonly overlap: number;
  private readonly search: number;
  private readonly frame: number;

  constructor(o: ChunkingOptions) {
    const perMs = o.sampleRate / 1000;
    this.chunk = Math.round(o.chunkMs * perMs);
    this.overlap = Math.round(o.overlapMs * perMs);
    this.search = Math.min(Math.round(o.searchMs * perMs), Math.floor(this.chunk / 2));
    this.frame = Math.max(1, Math.round(FRAME_MS * perMs));
    this.buf = new Int16Array(this.chunk + 2 * this.overlap + this.frame);
  }

  push(samples: Int16Array): AudioChunk[] {
    const out: AudioChunk[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const room = this.buf.length - this.length;
      const n = Math.min(room, samples.length - offset);
      this.buf.set(samples.subarray(offset, offset + n), this.length);
      this.length += n;
      offset += n;
      if (this.length === this.buf.length) out.push(this.cut());
    }
    return out;
  }

  /** The rest of the channel, if any was not sent yet. */
  flush(): AudioChunk[] {
    const end = this.bufStart + this.length;
    if (end <= this.keepStart) return [];
    const chunk: AudioChunk = {
      startSample: this.bufStart,
      samples: this.buf.slice(0, this.length),
      keepFrom: this.keepStart,
    };
    this.keepStart = end;
    return [chunk];
  }

  private cut(): AudioChunk {
    const nominal = this.keepStart + this.chunk;
    let best = nominal;
    let bestEnergy = Number.POSITIVE_INFINITY;
    for (let at = nominal - this.search; at + this.frame <= nominal; at += this.frame) {
      let energy = 0;
      for (let i = at - this.bufStart; i < at - this.bufStart + this.frame; i++) energy += this.buf[i] * this.buf[i];
      // Ties go to the later frame: the chunk stays as long as it may.
      if (energy <= bestEnergy) {
        bestEnergy = energy;
        best = at + Math.floor(this.frame / 2);
      }
    }
    const end = Math.min(best + this.overlap, this.bufStart + this.length);
    const chunk: AudioChunk = {
      startSample: this.bufStart,
      samples: this.buf.slice(0, end - this.bufStart),
      keepFrom: this.keepStart,
    };
    const nextStart = Math.max(this.bufStart, best - this.overlap);
    this.buf.copyWithin(0, nextStart - this.bufStart, this.length);
    this.length -= nextStart - this.bufStart;
    this.bufStart = nextStart;
    this.keepStart = best;
    return chunk;
  }
}
