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
    const n = whole / this.width;
    const out = new Int16Array(n);
    switch (layout.codec) {
      case 'pcm_s16le':
        for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(2 * i);
        break;
      case 'pcm_s24le':
        for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(3 * i + 1);
        break;
      case 'pcm_u8':
        for (let i = 0; i < n; i++) out[i] = (buf[i] - 128) << 8;
        break;
      case 'pcm_mulaw':
        for (let i = 0; i < n; i++) out[i] = MULAW[buf[i]];
        break;
      case 'pcm_alaw':
        for (let i = 0; i < n; i++) out[i] = ALAW[buf[i]];
        break;
      default:
        throw new MediaRejectedError('UNSUPPORTED_FORMAT');
    }
    return out;
  }
}
