import { MediaRejectedError } from './media.errors';
import type { AudioCodec } from './media.types';
import { MAX_WAV_HEADER_BYTES, parseWavHeader, type WavLayout } from './wav-patch';
import { SAMPLE_WAV_CODECS, writeLinear16 } from './written-pcm';

/**
 * Reads a WAV header off the front of a stream. `layout` is null when it is not a
 * header read here (one parseWavHeader refuses, one past MAX_WAV_HEADER_BYTES, a
 * stream that ends inside it, a codec not in SAMPLE_WAV_CODECS): `rest` is then
 * every byte read, for ffmpeg to judge as before. Otherwise `rest` is what was read
 * past the header.
 */
export async function readWavHead(chunks: AsyncIterator<Buffer>): Promise<{ layout: WavLayout | null; rest: Buffer }> {
  let buf: Buffer = Buffer.alloc(0);
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { layout: null, rest: buf };
    buf = buf.length ? Buffer.concat([buf, next.value]) : next.value;
    let layout: WavLayout | null;
    try {
      layout = parseWavHeader(buf);
    } catch {
      return { layout: null, rest: buf };
    }
    if (layout) {
      const known = layout.codec !== null && SAMPLE_WAV_CODECS.includes(layout.codec);
      return known ? { layout, rest: buf.subarray(layout.dataOffset) } : { layout: null, rest: buf };
    }
    if (buf.length > MAX_WAV_HEADER_BYTES) return { layout: null, rest: buf };
  }
}

/**
 * The samples of a PCM / µ-law / A-law WAV's data chunk as interleaved 16-bit,
 * fed the bytes after the header in pieces of any size. Gives what ffmpeg's WAV
 * demuxer and decoder give: whole frames only (a partial frame at the end of the
 * data is dropped), as many as the data chunk's size says or as the stream holds
 * if it ends sooner, all of the rest when the size was never filled in. A second
 * data chunk, which ffmpeg would decode as well, is refused as CORRUPT: nothing
 * downstream (the WAV patcher, the check of its written samples) looks past the
 * first, so samples there would be heard but never redacted.
 */
export class WavSampleReader {
  private readonly frame: Buffer;
  private frameBytes = 0;
  private dataLeft: number;
  /** File offset of the next byte pushed. */
  private pos: number;
  private readonly walkers: TrailingChunks[] = [];

  constructor(private readonly layout: WavLayout) {
    this.frame = Buffer.alloc(layout.blockAlign);
    this.dataLeft = layout.dataBytes ?? Infinity;
    this.pos = layout.dataOffset;
    if (layout.dataBytes !== null) {
      const end = layout.dataOffset + layout.dataBytes;
      // ffmpeg looks for the next chunk right at the end of the data; RIFF puts it after a pad byte.
      this.walkers.push(new TrailingChunks(end));
      if (end & 1) this.walkers.push(new TrailingChunks(end + 1));
    }
  }

  /** Whole frames in `bytes` and what earlier pieces left over; may be empty. */
  push(bytes: Buffer): Int16Array {
    const data = bytes.length > this.dataLeft ? bytes.subarray(0, this.dataLeft) : bytes;
    const out = this.samples(data);
    this.dataLeft -= data.length;
    const trailing = bytes.subarray(data.length);
    if (trailing.length) for (const w of this.walkers) w.push(trailing, this.pos + data.length);
    this.pos += bytes.length;
    return out;
  }

  private samples(data: Buffer): Int16Array {
    const { blockAlign, channels, codec } = this.layout;
    const sampleCodec = codec as AudioCodec;
    const frames = Math.floor((this.frameBytes + data.length) / blockAlign);
    const out = new Int16Array(frames * channels);
    let from = 0;
    let at = 0;
    if (this.frameBytes && frames) {
      from = blockAlign - this.frameBytes;
      data.copy(this.frame, this.frameBytes, 0, from);
      writeLinear16(sampleCodec, this.frame, out, 0);
      this.frameBytes = 0;
      at = channels;
    }
    const to = from + (frames - at / channels) * blockAlign;
    writeLinear16(sampleCodec, data.subarray(from, to), out, at);
    this.frameBytes += data.copy(this.frame, this.frameBytes, to);
    return out;
  }
}

/**
 * Walks the chunks after the data chunk the way ffmpeg's WAV demuxer looks for
 * more audio (`find_tag`: a header at `next`, its body skipped, then a pad byte
 * when the position is odd), failing on a `data` chunk, even one cut short.
 */
class TrailingChunks {
  private readonly head = Buffer.alloc(8);
  private headBytes = 0;

  constructor(private next: number) {}

  /** `bytes` start at file offset `pos`; pieces come in order. */
  push(bytes: Buffer, pos: number): void {
    for (;;) {
      const at = this.next + this.headBytes - pos;
      if (at >= bytes.length) return;
      this.headBytes += bytes.copy(this.head, this.headBytes, at, at + 8 - this.headBytes);
      if (this.headBytes >= 4 && this.head.toString('latin1', 0, 4) === 'data') throw new MediaRejectedError('CORRUPT');
      if (this.headBytes < 8) return;
      const end = this.next + 8 + this.head.readUInt32LE(4);
      this.next = end + (end & 1);
      this.headBytes = 0;
    }
  }
}
