import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { MediaProcessingError, MediaRejectedError } from './media.errors';
import type { ContainerFormat, Mp4Faststart, OpenStream } from './media.types';

/**
 * Container identification from the first bytes, before any ffmpeg runs: ffmpeg's
 * own probing would happily open an HLS playlist or an ffconcat script and follow
 * the paths and URLs inside it.
 */

/** Enough for a RIFF header, an ID3 tag header and two MPEG frames, and to tell text from binary. */
export const SNIFF_BYTES = 4096;

export function sniffContainer(head: Buffer): ContainerFormat {
  if (head.length === 0) throw new MediaRejectedError('EMPTY');
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (ascii(head, 0, 4) === 'OggS') return 'ogg';
  if (ascii(head, 0, 4) === 'fLaC') return 'flac';
  // ISO base media (MP4, M4A, 3GP): a video track is refused after ffprobe has listed the streams.
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') return 'mp4';
  if (ascii(head, 0, AMR_NB_MAGIC.length) === AMR_NB_MAGIC || ascii(head, 0, AMR_WB_MAGIC.length) === AMR_WB_MAGIC)
    return 'amr';
  if (ascii(head, 0, 3) === 'ID3' && head.length >= 10 && head[3] >= 2 && head[3] <= 4) return 'mp3';
  if (looksLikeMpegAudio(head)) return 'mp3';
  if (looksLikePlaylist(head)) throw new MediaRejectedError('PLAYLIST_REJECTED');
  throw new MediaRejectedError('UNSUPPORTED_FORMAT');
}

/** AMR storage format (RFC 4867 §5); the multichannel variants ("#!AMR_MC1.0") are not accepted. */
const AMR_NB_MAGIC = '#!AMR\n';
const AMR_WB_MAGIC = '#!AMR-WB\n';

function ascii(buf: Buffer, at: number, len: number): string {
  return buf.toString('latin1', at, Math.min(buf.length, at + len));
}

function looksLikePlaylist(head: Buffer): boolean {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(#EXTM3U|#EXT-X-|ffconcat|\[playlist\]|<\?xml|<asx|<smil|<MPD|<playlist)/i.test(text)) return true;
  if (!isMostlyText(head)) return false;
  // Any text naming a URL or a file is a list of things for a demuxer to open.
  return /[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^\s*(file|include)\s/im.test(text) || /^\s*\//m.test(text);
}

function isMostlyText(head: Buffer): boolean {
  let printable = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80) printable++;
  }
  return printable / head.length > 0.95;
}

export interface MpegAudioHeader {
  lsf: boolean; // MPEG-2 / 2.5 "low sampling frequency": half-size frames, different side info
  versionBits: number;
  bitrateIndex: number;
  sampleRateIndex: number;
  sampleRate: number;
  channels: number;
  frameBytes: number;
  samplesPerFrame: number;
}

const XING_FLAG_FRAMES = 1;
const XING_FLAG_BYTES = 2;
const L3_KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const L3_KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Layer III frame header at `at`, or null. Layers I/II and free-format are not accepted. */
export function parseMpegAudioHeader(buf: Buffer, at = 0): MpegAudioHeader | null {
  if (buf.length < at + 4 || buf[at] !== 0xff || (buf[at + 1] & 0xe0) !== 0xe0) return null;
  const versionBits = (buf[at + 1] >> 3) & 3;
  const layerBits = (buf[at + 1] >> 1) & 3;
  const bitrateIndex = buf[at + 2] >> 4;
  const sampleRateIndex = (buf[at + 2] >> 2) & 3;
  if (versionBits === 1 || layerBits !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) {
    return null;
  }
  const lsf = versionBits !== 3;
  const sampleRate = RATES[versionBits][sampleRateIndex];
  const kbps = (lsf ? L3_KBPS_V2 : L3_KBPS_V1)[bitrateIndex];
  const padding = (buf[at + 2] >> 1) & 1;
  return {
    lsf,
    versionBits,
    bitrateIndex,
    sampleRateIndex,
    sampleRate,
    channels: buf[at + 3] >> 6 === 3 ? 1 : 2,
    frameBytes: Math.floor(((lsf ? 72 : 144) * kbps * 1000) / sampleRate) + padding,
    samplesPerFrame: lsf ? 576 : 1152,
  };
}

function looksLikeMpegAudio(head: Buffer): boolean {
  const first = parseMpegAudioHeader(head);
  if (!first) return false;
  // One valid-looking header is a 1-in-a-few-thousand accident in random bytes; two in a row is not.
  if (head.length < first.frameBytes + 4) return head.length < SNIFF_BYTES;
  return parseMpegAudioHeader(head, first.frameBytes) !== null;
}

/**
 * A Xing "Info" frame with a LAME tag carrying the encoder delay. ffmpeg's mp3 muxer
 * writes one only to seekable outputs; without it every decoder plays the encoder's
 * priming samples and the redacted file would be shifted by them (1105 samples,
 * 138 ms at 8 kHz) against the timeline the spans were computed on.
 */
export function mp3InfoFrame(audioFrame: MpegAudioHeader, encoderDelay: number, firstHeaderByte3: number): Buffer {
  const sideInfo = audioFrame.lsf ? (audioFrame.channels === 1 ? 9 : 17) : audioFrame.channels === 1 ? 17 : 32;
  const xingAt = 4 + sideInfo;
  const lameAt = xingAt + 12;
  const needed = lameAt + 36;
  const table = audioFrame.lsf ? L3_KBPS_V2 : L3_KBPS_V1;
  let bitrateIndex = 1;
  let frameBytes = 0;
  for (; bitrateIndex < 15; bitrateIndex++) {
    frameBytes = Math.floor(((audioFrame.lsf ? 72 : 144) * table[bitrateIndex] * 1000) / audioFrame.sampleRate);
    if (frameBytes >= needed) break;
  }
  const frame = Buffer.alloc(frameBytes);
  frame[0] = 0xff;
  frame[1] = 0xe0 | (audioFrame.versionBits << 3) | (1 << 1) | 1; // layer III, no CRC
  frame[2] = (bitrateIndex << 4) | (audioFrame.sampleRateIndex << 2);
  frame[3] = firstHeaderByte3;
  frame.write('Info', xingAt, 'latin1');
  // Frame count and byte size are unknown while streaming, but ffmpeg skips an Info
  // frame (instead of playing it as 576 samples of silence) only if one is non-zero;
  // a byte size is the harmless one (a count would become the duration).
  frame.writeUInt32BE(XING_FLAG_BYTES, xingAt + 4);
  frame.writeUInt32BE(0xffffffff, xingAt + 8);
  frame.write('LAME3.100', lameAt, 'latin1');
  const delayField = lameAt + 21;
  frame.writeUIntBE(Math.min(encoderDelay, 4095) << 12, delayField, 3); // end padding unknown: 0
  frame.writeUInt16BE(crc16(frame.subarray(0, lameAt + 34)), lameAt + 34);
  return frame;
}

/**
 * The length an MP3's Xing/Info frame claims (its frame count, when the flags say it
 * is there), as seconds; undefined without one. Looked for in the first frame, after
 * an ID3v2 tag, within `head`. Encoder delay and padding are not taken off: the claim
 * is a few frames longer than what decodes.
 */
export function mp3DeclaredDurationSec(head: Buffer): number | undefined {
  let at = 0;
  if (ascii(head, 0, 3) === 'ID3' && head.length >= 10) {
    const size = ((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f);
    at = 10 + size + (head[5] & 0x10 ? 10 : 0);
  }
  const frame = parseMpegAudioHeader(head, at);
  if (!frame) return undefined;
  const sideInfo = frame.lsf ? (frame.channels === 1 ? 9 : 17) : frame.channels === 1 ? 17 : 32;
  const xingAt = at + 4 + sideInfo + ((head[at + 1] & 1) === 0 ? 2 : 0); // a CRC follows the header when bit 0 is clear
  if (head.length < xingAt + 12) return undefined;
  const tag = ascii(head, xingAt, 4);
  if ((tag !== 'Xing' && tag !== 'Info') || !(head.readUInt32BE(xingAt + 4) & XING_FLAG_FRAMES)) return undefined;
  const frames = head.readUInt32BE(xingAt + 8);
  return frames ? (frames * frame.samplesPerFrame) / frame.sampleRate : undefined;
}

/** CRC-16/ARC, as the LAME tag uses. */
function crc16(data: Buffer): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** LAME's fixed ENCDELAY; ffmpeg's decoder adds its 529-sample filterbank delay on top. */
const LAME_ENCODER_DELAY = 576;

/** Puts a LAME Info frame (encoder delay) in front of ffmpeg's streamed MP3; see mp3InfoFrame. */
export class Mp3InfoFrameInserter extends Transform {
  private head: Buffer | null = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.head) {
      done(null, chunk);
      return;
    }
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 4) {
      done();
      return;
    }
    const header = parseMpegAudioHeader(this.head);
    if (!header) {
      done(new MediaProcessingError('mp3 encoder output does not start with a frame'));
      return;
    }
    this.push(mp3InfoFrame(header, LAME_ENCODER_DELAY, this.head[3]));
    const rest = this.head;
    this.head = null;
    done(null, rest);
  }

  override _flush(done: TransformCallback): void {
    done(this.head?.length ? new MediaProcessingError('mp3 encoder output truncated') : null);
  }
}

/**
 * Reads Ogg page headers (not packets) to find the last granule position of the
 * first logical stream: ffprobe cannot seek to the end of a pipe, so this is the
 * only way to learn an Ogg file's duration before decoding it.
 */
export class OggDurationScanner {
  bytes = 0;
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  private serial: number | null = null;
  private granuleRate = 0;
  private preSkip = 0;
  private lastGranule = 0n;
  private broken = false;
  private eos = false;

  get durationSec(): number | null {
    if (this.broken || !this.granuleRate) return null;
    return Math.max(0, Number(this.lastGranule) - this.preSkip) / this.granuleRate;
  }

  /**
   * At the end of the file: whether the stream stops without its last page — bytes
   * of a page cut off, or no end-of-stream page — as a file cut short does.
   */
  get endsEarly(): boolean {
    return !this.broken && this.serial !== null && (this.skip > 0 || this.pending.length > 0 || !this.eos);
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.broken) return;
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.skip) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        buf = buf.subarray(n);
        if (this.skip) break;
      }
      if (buf.length < 27) break;
      if (ascii(buf, 0, 4) !== 'OggS') {
        this.broken = true;
        break;
      }
      const segments = buf[26];
      if (buf.length < 27 + segments) break;
      let bodyBytes = 0;
      for (let i = 0; i < segments; i++) bodyBytes += buf[27 + i];
      const headerBytes = 27 + segments;
      const serial = buf.readUInt32LE(14);
      const bos = (buf[5] & 2) !== 0;
      if (bos && this.serial === null) {
        if (buf.length < headerBytes + bodyBytes) break;
        this.readCodecHeader(buf.subarray(headerBytes, headerBytes + bodyBytes), serial);
      } else if (serial === this.serial) {
        const granule = buf.readBigInt64LE(6);
        if (granule > this.lastGranule) this.lastGranule = granule;
        if (buf[5] & 4) this.eos = true;
      }
      buf = buf.subarray(headerBytes);
      this.skip = bodyBytes;
    }
    this.pending = Buffer.from(buf);
  }

  private readCodecHeader(packet: Buffer, serial: number): void {
    if (packet.length >= 19 && ascii(packet, 0, 8) === 'OpusHead') {
      this.serial = serial;
      this.granuleRate = 48000;
      this.preSkip = packet.readUInt16LE(10);
    } else if (packet.length >= 16 && packet[0] === 1 && ascii(packet, 1, 6) === 'vorbis') {
      this.serial = serial;
      this.granuleRate = packet.readUInt32LE(12);
    }
  }
}

/** Reads a stream's first bytes for sniffing while keeping them for whoever consumes the rest. */
export class SniffedInput {
  private stopped = false;

  private constructor(
    readonly format: ContainerFormat,
    readonly head: Buffer,
    private readonly source: Readable,
    private readonly rest: AsyncIterator<Buffer>,
  ) {}

  static async open(open: OpenStream, allowed: readonly ContainerFormat[]): Promise<SniffedInput> {
    const source = open();
    const rest = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      const parts: Buffer[] = [];
      let size = 0;
      while (size < SNIFF_BYTES) {
        const next = await rest.next();
        if (next.done) break;
        parts.push(next.value);
        size += next.value.length;
      }
      const head = Buffer.concat(parts);
      const format = sniffContainer(head.subarray(0, SNIFF_BYTES));
      if (!allowed.includes(format)) throw new MediaRejectedError('UNSUPPORTED_FORMAT');
      return new SniffedInput(format, head, source, rest);
    } catch (err) {
      source.destroy();
      throw err;
    }
  }

  /** Ends reading early: quietly, or failing the consumer with `err`. */
  stop(err?: Error): void {
    this.stopped = true;
    this.source.destroy(err);
  }

  async *chunks(): AsyncGenerator<Buffer> {
    try {
      if (this.head.length) yield this.head;
      while (!this.stopped || this.source.errored) {
        let next: IteratorResult<Buffer>;
        try {
          next = await this.rest.next();
        } catch (err) {
          if (this.stopped && !this.source.errored) return;
          throw err;
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      this.source.destroy();
    }
  }
}

/**
 * Encoder priming that a fragmented MP4's edit list says to skip, in frames at
 * `sampleRate`; 0 for a progressive MP4 (ffmpeg applies its edit list itself)
 * or when the header is not in `head`. Reads only the boxes on the way to the
 * sound track's `elst` and `mdhd` (the track ffmpeg decodes: a text or
 * metadata track before it has its own edit list, which is not the audio's).
 */
export function mp4PrimingFrames(head: Buffer, sampleRate: number): number {
  const moov = findBox(head, 0, head.length, 'moov');
  if (!moov || !findBox(head, moov.body, moov.end, 'mvex')) return 0;
  const trak = soundTrack(head, moov);
  const mdia = trak && findBox(head, trak.body, trak.end, 'mdia');
  const mdhd = mdia && findBox(head, mdia.body, mdia.end, 'mdhd');
  const edts = trak && findBox(head, trak.body, trak.end, 'edts');
  const elst = edts && findBox(head, edts.body, edts.end, 'elst');
  if (!mdhd || !elst || elst.end - elst.body < 8) return 0;
  const v1 = head[mdhd.body] === 1;
  const timescale = head.readUInt32BE(mdhd.body + (v1 ? 20 : 12));
  const elstV1 = head[elst.body] === 1;
  if (head.readUInt32BE(elst.body + 4) < 1 || !timescale) return 0;
  const entry = elst.body + 8;
  const mediaTime = elstV1 ? Number(head.readBigInt64BE(entry + 8)) : head.readInt32BE(entry + 4);
  return mediaTime > 0 ? Math.round((mediaTime * sampleRate) / timescale) : 0;
}

/** The first `trak` whose media handler is `soun`. */
function soundTrack(buf: Buffer, moov: { body: number; end: number }): { body: number; end: number } | null {
  for (let at = moov.body; ;) {
    const trak = findBox(buf, at, moov.end, 'trak');
    if (!trak) return null;
    const mdia = findBox(buf, trak.body, trak.end, 'mdia');
    const hdlr = mdia && findBox(buf, mdia.body, mdia.end, 'hdlr');
    // hdlr: version and flags (4), pre_defined (4), handler_type (4).
    if (hdlr && hdlr.end - hdlr.body >= 12 && buf.toString('latin1', hdlr.body + 8, hdlr.body + 12) === 'soun')
      return trak;
    at = trak.end;
  }
}

function findBox(buf: Buffer, from: number, to: number, type: string): { body: number; end: number } | null {
  for (let at = from; at + 8 <= to;) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header) return null;
    if (ascii(buf, at + 4, 4) === type) return at + size <= buf.length ? { body: at + header, end: at + size } : null;
    at += size;
  }
  return null;
}

/** Bytes after the frame header of each AMR frame type (RFC 4867 table 1a/1b); NO_DATA and lost frames are empty. */
const AMR_NB_FRAME_BYTES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0];
const AMR_WB_FRAME_BYTES = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0];

/**
 * Replaces AMR comfort-noise (SID) and no-data frames by a silent lowest-rate
 * speech frame. ffmpeg's AMR decoders drop such frames without output, which
 * would shorten the decoded timeline by 20 ms each and move every span after
 * them against the transcript's times.
 */
export class AmrDtxFiller extends Transform {
  private pending = Buffer.alloc(0);
  private sizes: number[] | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    if (!this.sizes) {
      if (buf.length < AMR_WB_MAGIC.length) {
        this.pending = Buffer.from(buf);
        done();
        return;
      }
      const wb = ascii(buf, 0, AMR_WB_MAGIC.length) === AMR_WB_MAGIC;
      const magic = wb ? AMR_WB_MAGIC.length : AMR_NB_MAGIC.length;
      this.sizes = wb ? AMR_WB_FRAME_BYTES : AMR_NB_FRAME_BYTES;
      out.push(buf.subarray(0, magic));
      buf = buf.subarray(magic);
    }
    const sizes = this.sizes;
    let at = 0;
    while (at < buf.length) {
      const type = (buf[at] >> 3) & 0x0f;
      const bytes = sizes[type];
      if (at + 1 + bytes > buf.length) break;
      // Speech frames are types 0–7 (NB) and 0–8 (WB); anything else carries no speech.
      const speech = type < (sizes === AMR_WB_FRAME_BYTES ? 9 : 8);
      if (speech) out.push(buf.subarray(at, at + 1 + bytes));
      else out.push(Buffer.concat([Buffer.from([0x04]), Buffer.alloc(sizes[0])])); // type 0, quality bit set, all parameters zero
      at += 1 + bytes;
    }
    this.pending = Buffer.from(buf.subarray(at));
    done(null, Buffer.concat(out));
  }

  override _flush(done: TransformCallback): void {
    done(this.pending.length ? new MediaRejectedError('CORRUPT') : null);
  }
}

/** An MP4 index (moov) larger than this is not a call recording's. */
const MAX_MOOV_BYTES = 64 << 20;

/**
 * Follows the top-level boxes of an MP4 as it streams past and keeps the `moov`
 * box. ffmpeg cannot read an MP4 whose index comes after the media from a pipe
 * (it cannot seek back into `mdat`), which is how most recorders write them.
 */
export class Mp4BoxScanner {
  private at = 0;
  private pending = Buffer.alloc(0);
  private skip = 0;
  private mdatAt: number | null = null;
  /** The `moov` box being collected: where it and the first `mdat` start, its pieces so far, the bytes still to come. */
  private moov: { at: number; insertAt: number; parts: Buffer[]; left: number } | null = null;
  result: Mp4Faststart | null = null;
  done = false;

  push(chunk: Buffer): void {
    if (this.done) return;
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.moov) {
        const n = Math.min(this.moov.left, buf.length);
        this.moov.parts.push(Buffer.from(buf.subarray(0, n)));
        this.moov.left -= n;
        this.at += n;
        buf = buf.subarray(n);
        if (this.moov.left) break;
        this.finish(this.moov.at, this.moov.insertAt, Buffer.concat(this.moov.parts));
        return;
      }
      if (this.skip) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        this.at += n;
        buf = buf.subarray(n);
        if (this.skip) break;
      }
      if (buf.length < 16) break;
      let size = buf.readUInt32BE(0);
      if (size === 1) size = Number(buf.readBigUInt64BE(8));
      const type = ascii(buf, 4, 4);
      if (size < 8 || size === 0) {
        this.done = true; // to the end of the file, or broken: nothing to move
        return;
      }
      if (type === 'moov') {
        if (this.mdatAt === null || size > MAX_MOOV_BYTES) {
          this.done = true; // already in front (ffmpeg reads it as it is), or not a call recording's
          return;
        }
        this.moov = { at: this.at, insertAt: this.mdatAt, parts: [], left: size };
        continue;
      }
      if (type === 'mdat' && this.mdatAt === null) this.mdatAt = this.at;
      this.skip = size;
    }
    this.pending = Buffer.from(buf);
  }

  private finish(moovAt: number, insertAt: number, moov: Buffer): void {
    this.done = true;
    const shift = moov.length;
    if (!shiftChunkOffsets(moov, 8, moov.length, shift)) throw new MediaRejectedError('CORRUPT');
    this.result = { insertAt, moovAt, moovBytes: moov.length, moov };
  }
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex', 'udta']);

/** Adds `shift` to every stco/co64 entry under [from, to); false if a 32-bit offset would overflow. */
function shiftChunkOffsets(buf: Buffer, from: number, to: number, shift: number): boolean {
  for (let at = from; at + 8 <= to;) {
    const size = buf.readUInt32BE(at);
    const type = ascii(buf, at + 4, 4);
    if (size < 8 || at + size > to) return false;
    if (CONTAINERS.has(type)) {
      if (!shiftChunkOffsets(buf, at + 8, at + size, shift)) return false;
    } else if (type === 'stco' || type === 'co64') {
      const count = buf.readUInt32BE(at + 12);
      const wide = type === 'co64';
      if (16 + count * (wide ? 8 : 4) > size) return false;
      for (let i = 0; i < count; i++) {
        const entry = at + 16 + i * (wide ? 8 : 4);
        if (wide) buf.writeBigUInt64BE(buf.readBigUInt64BE(entry) + BigInt(shift), entry);
        else {
          const moved = buf.readUInt32BE(entry) + shift;
          if (moved > 0xffffffff) return false;
          buf.writeUInt32BE(moved, entry);
        }
      }
    }
    at += size;
  }
  return true;
}

/** The MP4 with its index moved in front of the media, as `-movflags faststart` would write it. */
export async function* withIndexFirst(chunks: AsyncIterable<Buffer>, faststart: Mp4Faststart): AsyncGenerator<Buffer> {
  let at = 0;
  let inserted = false;
  for await (const chunk of chunks) {
    let from = 0;
    while (from < chunk.length) {
      if (!inserted && at + (chunk.length - from) > faststart.insertAt) {
        const n = faststart.insertAt - at;
        if (n > 0) yield chunk.subarray(from, from + n);
        from += n;
        at += n;
        yield faststart.moov;
        inserted = true;
        continue;
      }
      const end = chunk.length;
      const moovEnd = faststart.moovAt + faststart.moovBytes;
      const pieceEnd = at + (end - from);
      if (pieceEnd <= faststart.moovAt || at >= moovEnd) {
        yield chunk.subarray(from);
        at = pieceEnd;
        from = end;
      } else if (at < faststart.moovAt) {
        const n = faststart.moovAt - at;
        yield chunk.subarray(from, from + n);
        from += n;
        at += n;
      } else {
        const n = Math.min(moovEnd - at, end - from);
        from += n;
        at += n;
      }
    }
  }
}
