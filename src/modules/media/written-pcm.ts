import { MediaProcessingError, MediaRejectedError } from './media.errors';
import type { AudioCodec } from './media.types';
import { canonicalWavHeader, MAX_WAV_HEADER_BYTES, parseWavHeader, type WavLayout } from './wav-patch';

/**
 * WAV codecs whose bytes are samples (one frame per block): a patched file of
 * these can be checked from the bytes written, with no decoder in between.
 */
export const SAMPLE_WAV_CODECS: readonly AudioCodec[] = ['pcm_s16le', 'pcm_u8', 'pcm_s24le', 'pcm_mulaw', 'pcm_alaw'];

/** G.711 µ-law byte → linear 16-bit (ITU-T G.711; 0xFF and 0x7F are ±0). */
function mulawToLinear(b: number): number {
  const u = ~b & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** G.711 A-law byte → linear 16-bit (0xD5 is +8: A-law has no zero). */
function alawToLinear(b: number): number {
  const a = b ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

const MULAW = Int16Array.from({ length: 256 }, (_, b) => mulawToLinear(b));
const ALAW = Int16Array.from({ length: 256 }, (_, b) => alawToLinear(b));

/**
 * The samples coded in `bytes` (whole samples of `codec`, one of SAMPLE_WAV_CODECS)
 * as linear 16-bit, written into `out` from index `at`: what ffmpeg's decoder and
 * its conversion to s16 give (24-bit is truncated, not rounded).
 */
export function writeLinear16(codec: AudioCodec, bytes: Buffer, out: Int16Array, at: number): void {
  const n = Math.floor(bytes.length / (codec === 'pcm_s16le' ? 2 : codec === 'pcm_s24le' ? 3 : 1));
  switch (codec) {
    case 'pcm_s16le':
      // A byte copy: the source need not be 2-byte aligned. Int16Array is host-endian, like the ffmpeg path's.
      new Uint8Array(out.buffer, out.byteOffset + 2 * at, 2 * n).set(bytes.subarray(0, 2 * n));
      break;
    case 'pcm_s24le':
      for (let i = 0, j = 1; i < n; i++, j += 3) out[at + i] = bytes[j] | (bytes[j + 1] << 8); // wraps to signed
      break;
    case 'pcm_u8':
      for (let i = 0; i < n; i++) out[at + i] = (bytes[i] - 128) << 8;
      break;
    case 'pcm_mulaw':
      for (let i = 0; i < n; i++) out[at + i] = MULAW[bytes[i]];
      break;
    case 'pcm_alaw':
      for (let i = 0; i < n; i++) out[at + i] = ALAW[bytes[i]];
      break;
    default:
      throw new MediaRejectedError('UNSUPPORTED_FORMAT');
  }
}

/**
 * Reads a sample-coded WAV as it is written (chunk by chunk, e.g. from the
 * sealing stream) and hands back its samples as interleaved 16-bit PCM, so
 * the written bytes themselves can be verified without decoding them again.
 * Nothing may follow a data chunk of known size but its pad byte: a second data
 * chunk there would be audio no one checked, so anything else after the data
 * fails (MediaProcessingError: the writer's fault, not the input's). With
 * `canonical`, so must a header other than the one the WAV patcher writes
 * (canonicalWavHeader: fmt, fact, data), e.g. one that kept the input's metadata.
 */
export class WrittenPcmReader {
  private header: Buffer[] = [];
  private headerBytes = 0;
  private layout: WavLayout | null = null;
  private carry = Buffer.alloc(0);
  private dataLeft = Infinity;
  private width = 0;
  /** Bytes read after the data chunk. */
  private after = 0;

  constructor(private readonly options: { canonical?: boolean } = {}) {}

  /** The output's format, once its header has been read. */
  get format(): { codec: AudioCodec; sampleRate: number; channels: number } | null {
    const l = this.layout;
    return l?.codec ? { codec: l.codec, sampleRate: l.sampleRate, channels: l.channels } : null;
  }

  /** Whole frames of samples in `chunk` (with what an earlier chunk left over); empty while in the header. */
  push(chunk: Buffer): Int16Array {
    if (!this.layout) {
      this.header.push(chunk);
      this.headerBytes += chunk.length;
      const buf = Buffer.concat(this.header);
      const layout = parseWavHeader(buf);
      if (!layout) {
        if (this.headerBytes > MAX_WAV_HEADER_BYTES) throw new MediaRejectedError('CORRUPT');
        return new Int16Array(0);
      }
      if (!layout.codec || !SAMPLE_WAV_CODECS.includes(layout.codec))
        throw new MediaRejectedError('UNSUPPORTED_FORMAT');
      this.layout = layout;
      this.header = [];
      this.width = layout.blockAlign / layout.channels;
      this.dataLeft = layout.dataBytes ?? Infinity;
      if (
        this.options.canonical &&
        !buf.subarray(0, layout.dataOffset).equals(canonicalWavHeader(layout, layout.dataBytes))
      )
        throw new MediaProcessingError('the written WAV header has more than fmt, fact and data');
      return this.samples(buf.subarray(layout.dataOffset));
    }
    return this.samples(chunk);
  }

  /** Every byte has been pushed: a data chunk of known size must have been whole. */
  end(): void {
    if (!this.layout || (Number.isFinite(this.dataLeft) && this.dataLeft > 0))
      throw new MediaProcessingError('the written WAV ends before its data chunk does');
  }

  private samples(chunk: Buffer): Int16Array {
    const layout = this.layout as WavLayout;
    const data = chunk.subarray(0, Math.min(chunk.length, this.dataLeft));
    this.dataLeft -= data.length;
    if (data.length < chunk.length) this.afterData(chunk.subarray(data.length));
    const buf = this.carry.length ? Buffer.concat([this.carry, data]) : data;
    const whole = buf.length - (buf.length % layout.blockAlign);
    this.carry = Buffer.from(buf.subarray(whole));
    const out = new Int16Array(whole / this.width);
    writeLinear16(layout.codec as AudioCodec, buf.subarray(0, whole), out, 0);
    return out;
  }

  /** The one byte RIFF allows after an odd-sized data chunk is a zero pad; nothing else may follow. */
  private afterData(bytes: Buffer): void {
    const odd = ((this.layout as WavLayout).dataBytes ?? 0) & 1;
    if (odd && this.after === 0 && bytes.length === 1 && bytes[0] === 0) {
      this.after = 1;
      return;
    }
    throw new MediaProcessingError('the written WAV has bytes after its data chunk');
  }
}
