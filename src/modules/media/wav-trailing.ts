import { MediaRejectedError } from './media.errors';

/**
 * Watches the bytes after a WAV's data chunk (one whose size is filled in) for a
 * second `data` chunk and refuses the file as CORRUPT when there is one, even one
 * cut short: ffmpeg would decode its samples as more of the recording, while
 * nothing here that reads, patches or checks samples looks past the first.
 *
 * ffmpeg 5.1 finds it along two walks, and both are followed:
 * - reading on from a pipe (`wav_read_packet` → `find_tag`), it looks for the next
 *   chunk right at the end of the data, with no pad byte even after an odd size, and
 *   skips each chunk by its size plus one when that size is odd (`wav_seek_tag`,
 *   relative to where it is, so an odd start stays odd);
 * - reading a file it can seek in (`wav_read_header`), it walks on past the data
 *   as RIFF says, from the pad byte after an odd-sized data chunk, and takes the
 *   last data chunk it finds instead of the first.
 * From an even start the two skip alike, so a data chunk of even size needs one walk.
 */
export class TrailingDataGuard {
  private readonly walks: ChunkWalk[];

  /** `dataEnd`: the file offset just past the data chunk's declared size. */
  constructor(dataEnd: number) {
    this.walks = [new ChunkWalk(dataEnd)];
    if (dataEnd & 1) this.walks.push(new ChunkWalk(dataEnd + 1));
  }

  /** Bytes from file offset `pos` on, in order, none before `dataEnd`. */
  push(bytes: Buffer, pos: number): void {
    for (const w of this.walks) w.push(bytes, pos);
  }
}

/** One walk of chunk headers: `next` is where the next header starts. */
class ChunkWalk {
  private readonly head = Buffer.alloc(8);
  private headBytes = 0;

  constructor(private next: number) {}

  push(bytes: Buffer, pos: number): void {
    for (;;) {
      const at = this.next + this.headBytes - pos;
      if (at >= bytes.length) return;
      this.headBytes += bytes.copy(this.head, this.headBytes, at, at + 8 - this.headBytes);
      if (this.headBytes >= 4 && this.head.toString('latin1', 0, 4) === 'data') throw new MediaRejectedError('CORRUPT');
      if (this.headBytes < 8) return;
      const size = this.head.readUInt32LE(4);
      this.next += 8 + size + (size & 1);
      this.headBytes = 0;
    }
  }
}

/** The most a WAV cut short or of unknown data size may carry in chunks after its samples and still have them found. */
export const MAX_TRAILING_CHUNK_BYTES = 1 << 20;

/**
 * The samples of a data chunk whose size was never filled in (0 or 0xFFFFFFFF, as a
 * recorder writing to a stream leaves it), which run to the end of the file — up to
 * chunks a recorder appends after them (a LIST/INFO, id3, cue): ffmpeg and players
 * decode those bytes as more samples, a burst of noise, and a comment there holding a
 * card number would be stored as audio. Every reader, patcher and decoder feed here
 * takes the samples to end where a run of whole chunks begins that ends exactly at the
 * end of the file (the last pad byte may be missing). Such a run cannot be told from
 * samples until the end is seen, so the last MAX_TRAILING_CHUNK_BYTES are held back;
 * a longer run stays samples. A `data` chunk in the run is refused as CORRUPT, as it
 * is after a sized data chunk (see TrailingDataGuard).
 *
 * A data chunk whose size is filled in but that the file ends before (a recorder that
 * crashed, or wrote an estimated size first) is such a chunk too: its samples run to
 * the end of the file, and a recorder may have appended chunks there all the same.
 * Its bytes are held back alike, and all given back once the declared size is reached.
 */
export class DataTail {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private seen = 0;

  /** `declared`: the data chunk's size, null when it was never filled in. */
  constructor(private readonly declared: number | null) {}

  /** The next bytes of the data chunk (none past its declared size); gives back those now known to be samples. */
  push(bytes: Buffer): Buffer {
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    this.seen += bytes.length;
    if (this.declared !== null && this.seen >= this.declared) {
      // All there: whatever follows is after the data chunk, and TrailingDataGuard's to watch.
      const all = Buffer.concat(this.held);
      this.held = [];
      this.heldBytes = 0;
      return all;
    }
    const free = this.heldBytes - MAX_TRAILING_CHUNK_BYTES;
    if (free <= 0) return Buffer.alloc(0);
    const out: Buffer[] = [];
    let freed = 0;
    while (freed < free) {
      const first = this.held[0];
      const take = Math.min(first.length, free - freed);
      out.push(first.subarray(0, take));
      freed += take;
      if (take === first.length) this.held.shift();
      else this.held[0] = first.subarray(take);
    }
    this.heldBytes -= freed;
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }

  /** At the end of the file: the samples still held, without the chunks that follow them (none once complete). */
  end(): Buffer {
    const tail = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    return tail.subarray(0, trailingChunksStart(tail));
  }
}

/**
 * Where the run of chunks that ends `tail` begins, tail.length when there is none.
 * Worked from the end so that each offset is visited once: `toEnd[q]` is 1 when a
 * run of chunk headers and bodies from `q` ends exactly at the end, 2 when it holds
 * a `data` chunk.
 */
function trailingChunksStart(tail: Buffer): number {
  const n = tail.length;
  const toEnd = new Uint8Array(n + 1);
  toEnd[n] = 1;
  let start = n;
  for (let q = n - 8; q >= 0; q--) {
    if (!isChunkId(tail, q)) continue;
    const size = tail.readUInt32LE(q + 4);
    const bodyEnd = q + 8 + size;
    const next = bodyEnd + (size & 1);
    const data = tail.toString('latin1', q, q + 4) === 'data';
    const reaches = bodyEnd === n ? 1 : next <= n ? toEnd[next] : 0;
    if (!reaches) continue;
    toEnd[q] = data || reaches === 2 ? 2 : 1;
    start = q;
  }
  if (start < n && toEnd[start] === 2) throw new MediaRejectedError('CORRUPT');
  return start;
}

/** A RIFF chunk id: four printable ASCII characters, the first not a space. */
function isChunkId(buf: Buffer, at: number): boolean {
  if (buf[at] === 0x20) return false;
  for (let i = at; i < at + 4; i++) if (buf[i] < 0x20 || buf[i] > 0x7e) return false;
  return true;
}
