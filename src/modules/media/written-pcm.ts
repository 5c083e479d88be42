import { MediaRejectedError } from './media.errors';
import type { AudioCodec } from './media.types';
import { MAX_WAV_HEADER_BYTES, parseWavHeader, type WavLayout } from './wav-patch';

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
 */
export class WrittenPcmReader {
  private header: Buffer[] = [];
  private headerBytes = 0;
  private layout: WavLayout | null = null;
  private carry = Buffer.alloc(0);
  private dataLeft = Infinity;
  private width = 0;

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
      return this.samples(buf.subarray(layout.dataOffset));
    }
    return this.samples(chunk);
  }

  private samples(chunk: Buffer): Int16Array {
    const layout = this.layout as WavLayout;
    const data = chunk.subarray(0, Math.min(chunk.length, this.dataLeft));
    this.dataLeft -= data.length;
    const buf = this.carry.length ? Buffer.concat([this.carry, data]) : data;
    const whole = buf.length - (buf.length % layout.blockAlign);
    this.carry = Buffer.from(buf.subarray(whole));
    const out = new Int16Array(whole / this.width);
    writeLinear16(layout.codec as AudioCodec, buf.subarray(0, whole), out, 0);
    return out;
  }
}
