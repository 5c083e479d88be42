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
