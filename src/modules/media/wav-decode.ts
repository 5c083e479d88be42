import type { AudioCodec } from './media.types';
import { MAX_WAV_HEADER_BYTES, parseWavHeader, type WavLayout } from './wav-patch';
import { DataTail, TrailingDataGuard } from './wav-trailing';
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
 * data is dropped), as many as the data chunk's size says; when the stream ends
 * sooner or the size was never filled in, the rest up to any chunks appended after
 * the samples (see DataTail), the last of them given by `end()`. A second
 * data chunk, which ffmpeg would decode as well, is refused as CORRUPT (see
 * TrailingDataGuard): the patcher stores the first data chunk only, so samples
 * anywhere else would be analysed by one decoder and not by another.
 */
export class WavSampleReader {
  private readonly frame: Buffer;
  private frameBytes = 0;
  private dataLeft: number;
  /** File offset of the next byte pushed. */
  private pos: number;
  private readonly trailing: TrailingDataGuard | null;
  private readonly tail: DataTail;

  constructor(private readonly layout: WavLayout) {
    this.frame = Buffer.alloc(layout.blockAlign);
    this.dataLeft = layout.dataBytes ?? Infinity;
    this.pos = layout.dataOffset;
    this.trailing = layout.dataBytes === null ? null : new TrailingDataGuard(layout.dataOffset + layout.dataBytes);
    this.tail = new DataTail(layout.dataBytes);
  }

  /** Whole frames in `bytes` and what earlier pieces left over; may be empty. */
  push(bytes: Buffer): Int16Array {
    const data = bytes.length > this.dataLeft ? bytes.subarray(0, this.dataLeft) : bytes;
    const out = data.length ? this.samples(this.tail.push(data)) : new Int16Array(0);
    this.dataLeft -= data.length;
    const trailing = bytes.subarray(data.length);
    if (trailing.length) this.trailing?.push(trailing, this.pos + data.length);
    this.pos += bytes.length;
    return out;
  }

  /** At the end of the stream: the frames still held back; may be empty. */
  end(): Int16Array {
    return this.samples(this.tail.end());
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
 * A WAV's bytes on their way to ffmpeg (the codecs not read here): a second data
 * chunk, which ffmpeg would decode as more of the recording, fails the stream as
 * CORRUPT (see TrailingDataGuard) before ffmpeg's output is used, and chunks after
 * samples that run to the end of the file (of unknown size, or cut short) are left
 * out (see DataTail), so that ffmpeg does not decode them as noise. A header
 * parseWavHeader does not read passes unwatched, for ffmpeg to judge.
 */
export async function* refusingSecondData(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0);
  let guard: TrailingDataGuard | null = null;
  let tail: DataTail | null = null;
  let dataEnd = Infinity;
  /** File offset of the next byte of `chunk`. */
  let pos = 0;
  for await (let chunk of chunks) {
    if (head) {
      const buf: Buffer = Buffer.concat([head, chunk]);
      const layout = headerOrNull(buf);
      head = buf;
      if (layout) {
        head = null;
        tail = new DataTail(layout.dataBytes);
        if (layout.dataBytes !== null) {
          dataEnd = layout.dataOffset + layout.dataBytes;
          guard = new TrailingDataGuard(dataEnd);
        }
        // The header found needs the data chunk's header whole, so none of the data has gone yet.
        if (layout.dataOffset > pos) yield buf.subarray(pos, layout.dataOffset);
        chunk = buf.subarray(layout.dataOffset);
        pos = layout.dataOffset;
      } else if (layout === undefined || buf.length > MAX_WAV_HEADER_BYTES) head = null;
    }
    if (!tail) {
      pos += chunk.length;
      yield chunk;
      continue;
    }
    const inData = Math.max(0, Math.min(chunk.length, dataEnd - pos));
    const samples = tail.push(chunk.subarray(0, inData));
    if (samples.length) yield samples;
    if (inData < chunk.length) {
      guard?.push(chunk.subarray(inData), pos + inData);
      yield chunk.subarray(inData);
    }
    pos += chunk.length;
  }
  const last = tail?.end();
  if (last?.length) yield last;
}

/** The layout, null while more bytes are needed, undefined when parseWavHeader refuses the header. */
function headerOrNull(buf: Buffer): WavLayout | null | undefined {
  try {
    return parseWavHeader(buf);
  } catch {
    return undefined;
  }
}
