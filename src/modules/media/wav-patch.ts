import { Transform, type TransformCallback } from 'node:stream';
import { MediaRejectedError } from './media.errors';
import type { AudioCodec, RedactMode, TimeSpan } from './media.types';
import { DataTail, TrailingDataGuard } from './wav-trailing';

export interface WavLayout {
  codec: AudioCodec | null;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per block: one sample frame for PCM, one 65-byte pair of GSM frames for GSM 6.10. */
  blockAlign: number;
  /** Sample frames per block: 1 for PCM, 320 for GSM 6.10, 2 for G.722 (4 bits a sample). */
  samplesPerBlock: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** null when the writer could not seek back to fill it in (0 or 0xFFFFFFFF): data runs to the end. */
  dataBytes: number | null;
}

/** A LIST/bext chunk bigger than this before the samples is not a call recording. */
export const MAX_WAV_HEADER_BYTES = 1 << 20;

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_ALAW = 6;
const WAVE_FORMAT_MULAW = 7;
const WAVE_FORMAT_GSM610 = 0x31;
const WAVE_FORMAT_G722 = 0x28f;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Parses RIFF chunks up to the start of `data`; null while more bytes are needed. */
export function parseWavHeader(buf: Buffer): WavLayout | null {
  if (buf.length < 12) return null;
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw new MediaRejectedError('CORRUPT');
  }
  let fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | null = null;
  let at = 12;
  while (buf.length >= at + 8) {
    const id = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'data') {
      if (!fmt) throw new MediaRejectedError('CORRUPT');
      return { ...fmt, dataOffset: body, dataBytes: size === 0 || size === 0xffffffff ? null : size };
    }
    if (id === 'fmt ') {
      if (size < 16) throw new MediaRejectedError('CORRUPT');
      if (buf.length < body + size) return null;
      fmt = parseFmt(buf.subarray(body, body + size));
    }
    at = body + size + (size & 1); // chunks are word-aligned
  }
  if (at > MAX_WAV_HEADER_BYTES) throw new MediaRejectedError('CORRUPT');
  return null;
}

function parseFmt(fmt: Buffer): Omit<WavLayout, 'dataOffset' | 'dataBytes'> {
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (tag === WAVE_FORMAT_EXTENSIBLE && fmt.length >= 26) tag = fmt.readUInt16LE(24); // first bytes of the sub-format GUID
  if (!channels || !sampleRate || !blockAlign) throw new MediaRejectedError('CORRUPT');
  const codec = wavCodec(tag, bitsPerSample);
  let samplesPerBlock = 1;
  if (codec === 'gsm_ms') {
    // wSamplesPerBlock follows cbSize; GSM 6.10 in WAV is always 320 samples in 65 bytes.
    samplesPerBlock = fmt.length >= 20 ? fmt.readUInt16LE(18) : 320;
    if (channels !== 1 || blockAlign !== 65 || samplesPerBlock !== 320) throw new MediaRejectedError('CORRUPT');
  } else if (codec === 'adpcm_g722') {
    samplesPerBlock = (blockAlign * 2) / channels;
    if (!Number.isInteger(samplesPerBlock)) throw new MediaRejectedError('CORRUPT');
  } else if (blockAlign !== channels * Math.ceil(bitsPerSample / 8)) {
    throw new MediaRejectedError('CORRUPT');
  }
  return { codec, channels, sampleRate, bitsPerSample, blockAlign, samplesPerBlock };
}

function wavCodec(tag: number, bits: number): AudioCodec | null {
  if (tag === WAVE_FORMAT_PCM && bits === 16) return 'pcm_s16le';
  if (tag === WAVE_FORMAT_PCM && bits === 8) return 'pcm_u8';
  if (tag === WAVE_FORMAT_PCM && bits === 24) return 'pcm_s24le';
  if (tag === WAVE_FORMAT_ALAW && bits === 8) return 'pcm_alaw';
  if (tag === WAVE_FORMAT_MULAW && bits === 8) return 'pcm_mulaw';
  if (tag === WAVE_FORMAT_GSM610) return 'gsm_ms';
  if (tag === WAVE_FORMAT_G722) return 'adpcm_g722';
  return null;
}

/** The size fields of a WAV written as a stream, its length unknown (as ffmpeg writes them to a pipe). */
export const WAV_UNKNOWN_SIZE = 0xffffffff;

/**
 * The header the patcher writes in place of the input's: RIFF/WAVE, a `fmt ` chunk
 * built from the layout (never the input's bytes, whose extension may be any size),
 * a `fact` chunk where the format is not PCM (the frame count RIFF asks of those),
 * and the `data` chunk's header. Nothing else: no LIST/INFO, bext, id3 or junk.
 * `dataBytes` is whole blocks, or null when the input's data size was never filled
 * in: both sizes are then WAV_UNKNOWN_SIZE, which every reader here and ffmpeg take
 * as "to the end of the file", and there is no frame count to write.
 */
export function canonicalWavHeader(layout: WavLayout, dataBytes: number | null): Buffer {
  const { codec, channels, sampleRate, blockAlign, samplesPerBlock } = layout;
  const tag = FORMAT_TAGS[codec as AudioCodec];
  if (tag === undefined) throw new Error(`not a patched WAV codec: ${String(codec)}`);
  const fmt = Buffer.alloc(tag === WAVE_FORMAT_PCM ? 16 : tag === WAVE_FORMAT_GSM610 ? 20 : 18);
  fmt.writeUInt16LE(tag, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(Math.round((sampleRate * blockAlign) / samplesPerBlock), 8); // bytes per second
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(tag === WAVE_FORMAT_GSM610 ? 0 : layout.bitsPerSample, 14);
  if (tag === WAVE_FORMAT_GSM610) {
    fmt.writeUInt16LE(2, 16); // cbSize: wSamplesPerBlock follows
    fmt.writeUInt16LE(samplesPerBlock, 18);
  } // else an 18-byte fmt ends with cbSize 0
  const chunks = [riffChunk('fmt ', fmt)];
  if (tag !== WAVE_FORMAT_PCM && dataBytes !== null) {
    const fact = Buffer.alloc(4);
    fact.writeUInt32LE(Math.min((dataBytes / blockAlign) * samplesPerBlock, WAV_UNKNOWN_SIZE));
    chunks.push(riffChunk('fact', fact));
  }
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  dataHead.writeUInt32LE(dataBytes ?? WAV_UNKNOWN_SIZE, 4);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.write('WAVE', 8, 'latin1');
  const body = 4 + chunks.reduce((n, c) => n + c.length, 0) + 8;
  // The pad byte after an odd-sized data chunk counts; past 4 GiB a RIFF size cannot be written (ffmpeg ignores it).
  const riffBytes = dataBytes === null ? WAV_UNKNOWN_SIZE : body + dataBytes + (dataBytes & 1);
  head.writeUInt32LE(Math.min(riffBytes, WAV_UNKNOWN_SIZE), 4);
  return Buffer.concat([head, ...chunks, dataHead]);
}

const FORMAT_TAGS: Partial<Record<AudioCodec, number>> = {
  pcm_s16le: WAVE_FORMAT_PCM,
  pcm_u8: WAVE_FORMAT_PCM,
  pcm_s24le: WAVE_FORMAT_PCM,
  pcm_alaw: WAVE_FORMAT_ALAW,
  pcm_mulaw: WAVE_FORMAT_MULAW,
  gsm_ms: WAVE_FORMAT_GSM610,
};

/** A chunk whose body is even-sized (the fmt and fact chunks written here are). */
function riffChunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** Half-open frame ranges, sorted and merged; rounded outwards so a span never loses a sample. */
export function spansToFrames(spans: readonly TimeSpan[], sampleRate: number): Array<[number, number]> {
  const ranges = spans
    .map((s): [number, number] => [
      Math.max(0, Math.floor((s.startMs * sampleRate) / 1000)),
      Math.ceil((s.endMs * sampleRate) / 1000),
    ])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  return merged;
}

/** 1 kHz at −20 dBFS (peak 0.1 of full scale); phase follows the absolute sample index. */
export function toneSample(frame: number, sampleRate: number): number {
  return Math.round(3277 * Math.sin((2 * Math.PI * 1000 * frame) / sampleRate)) | 0; // | 0: no -0
}

export const PATCHABLE_WAV_CODECS: readonly AudioCodec[] = [
  'pcm_s16le',
  'pcm_u8',
  'pcm_s24le',
  'pcm_mulaw',
  'pcm_alaw',
  'gsm_ms',
];

/**
 * libgsm's encoding of 320 samples of digital silence. GSM 6.10 is patched a block
 * at a time: re-encoding would leave the previous speech decaying for ~200 ms into
 * the span (the long-term predictor), a silent block decodes to −62 dBFS at once.
 */
export const GSM_SILENT_BLOCK = Buffer.from(
  '204817d684028024499224890280244992248902802449922489028024499224098274614d28004892244992280048922449922800489224499228004892244992',
  'hex',
);

export interface WavPatchOptions {
  spans: readonly TimeSpan[];
  mode: RedactMode;
  /** What the probe saw; a re-opened stream that disagrees is refused rather than patched at wrong offsets. */
  expect?: { codec: AudioCodec; sampleRate: number; channels: number };
  /** Enforced while streaming: a WAV whose writer never filled in the data size has no length up front. */
  maxFrames?: number;
  /**
   * The sample frames a decode of this input found (ProbeResult.decodedFrames). A data
   * chunk that claims more than the file holds is then written to where its samples end,
   * whole blocks, under a header that says that much; the stream must end exactly there.
   */
  frames?: number;
}

/**
 * Mutes or beeps sample ranges of a PCM / µ-law / A-law / GSM 6.10 WAV as it
 * streams through, by rewriting bytes of the data chunk. What comes out is the
 * header canonicalWavHeader writes and the input's data chunk, whole blocks of it
 * (what the decoders give), with exactly those samples replaced: nothing else of
 * the input reaches the stored object, neither its metadata chunks (a LIST/INFO
 * comment may hold anything, a card number too) nor anything after the data.
 * Refused as CORRUPT: a second data chunk (see TrailingDataGuard), and a data
 * chunk that ends before the size it declares, since the header written first
 * would then declare samples the output does not have — unless `frames` says where
 * its samples end, and they end there.
 */
export class WavPatchTransform extends Transform {
  private header: Buffer[] = [];
  private headerBytes = 0;
  private layout: WavLayout | null = null;
  private ranges: Array<[number, number]> = [];
  /** Bytes after the data chunk's header already read (data, then whatever follows it). */
  private received = 0;
  /** Samples of the data chunk taken (see DataTail), patched and written or held in `carry`. */
  private dataPos = 0;
  /** The data bytes the output declares: the input's whole blocks; Infinity when its size was never filled in. */
  private keep = Infinity;
  /** Data bytes written, always whole blocks. */
  private written = 0;
  /** Patched data bytes after `written`, short of a whole block. */
  private carry = Buffer.alloc(0);
  private trailing: TrailingDataGuard | null = null;
  private tail: DataTail | null = null;
  private frameBuf = Buffer.alloc(0);

  constructor(private readonly options: WavPatchOptions) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.layout) this.fromData(chunk);
      else this.collectHeader(chunk);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (!this.layout) {
      done(new MediaRejectedError(this.headerBytes ? 'CORRUPT' : 'EMPTY'));
      return;
    }
    try {
      this.writeData((this.tail as DataTail).end());
    } catch (err) {
      done(err as Error);
      return;
    }
    if (Number.isFinite(this.keep)) {
      // Short of the header written, or (cut short) more than the decode found: the header would be wrong.
      const { blockAlign } = this.layout;
      if (this.written < this.keep || this.dataPos - (this.dataPos % blockAlign) > this.keep) {
        done(new MediaRejectedError('CORRUPT'));
        return;
      }
      if (this.keep & 1) this.push(Buffer.alloc(1)); // RIFF's pad byte, counted in the RIFF size
    }
    done(); // a partial block at the end of a data chunk of unknown size is dropped, as the decoders drop it
  }

  private collectHeader(chunk: Buffer): void {
    this.header.push(chunk);
    this.headerBytes += chunk.length;
    const buf = Buffer.concat(this.header);
    const layout = parseWavHeader(buf);
    if (!layout) {
      if (this.headerBytes > MAX_WAV_HEADER_BYTES) throw new MediaRejectedError('CORRUPT');
      return;
    }
    this.accept(layout);
    this.header = [];
    this.push(canonicalWavHeader(layout, Number.isFinite(this.keep) ? this.keep : null));
    if (buf.length > layout.dataOffset) this.fromData(buf.subarray(layout.dataOffset));
  }

  private accept(layout: WavLayout): void {
    const { expect } = this.options;
    if (!layout.codec || !PATCHABLE_WAV_CODECS.includes(layout.codec))
      throw new MediaRejectedError('UNSUPPORTED_FORMAT');
    if (
      expect &&
      (expect.codec !== layout.codec || expect.sampleRate !== layout.sampleRate || expect.channels !== layout.channels)
    ) {
      throw new MediaRejectedError('CORRUPT');
    }
    if (layout.codec === 'gsm_ms' && this.options.mode === 'tone') throw new MediaRejectedError('UNSUPPORTED_FORMAT');
    this.layout = layout;
    this.ranges = spansToFrames(this.options.spans, layout.sampleRate);
    this.frameBuf = Buffer.alloc(layout.blockAlign);
    if (layout.dataBytes !== null) {
      this.keep = layout.dataBytes - (layout.dataBytes % layout.blockAlign);
      const { frames } = this.options;
      if (frames !== undefined)
        this.keep = Math.min(this.keep, Math.floor(frames / layout.samplesPerBlock) * layout.blockAlign);
      this.trailing = new TrailingDataGuard(layout.dataOffset + layout.dataBytes);
    }
    this.tail = new DataTail(layout.dataBytes);
  }

  /**
   * The next bytes after the data chunk's header: samples patched and written as far
   * as they are known to be samples (see DataTail), what follows the data only watched.
   */
  private fromData(chunk: Buffer): void {
    const layout = this.layout as WavLayout;
    const inData = Math.max(0, Math.min(chunk.length, (layout.dataBytes ?? Infinity) - this.received));
    if (inData < chunk.length) this.trailing?.push(chunk.subarray(inData), layout.dataOffset + this.received + inData);
    this.received += chunk.length;
    if (inData) this.writeData((this.tail as DataTail).push(chunk.subarray(0, inData)));
  }

  /** Samples of the data chunk, from `dataPos` on: patched and written. */
  private writeData(data: Buffer): void {
    if (!data.length) return;
    const layout = this.layout as WavLayout;
    const from = this.dataPos;
    this.dataPos += data.length;
    if ((this.dataPos / layout.blockAlign) * layout.samplesPerBlock > (this.options.maxFrames ?? Infinity)) {
      throw new MediaRejectedError('TOO_LONG');
    }
    this.writeBlocks(this.patch(data, from), from);
  }

  /** Writes the whole blocks of data now complete (`out` is data from offset `from`); holds back the rest of one. */
  private writeBlocks(out: Buffer, from: number): void {
    const { blockAlign } = this.layout as WavLayout;
    const to = from + out.length;
    const upTo = Math.min(to - (to % blockAlign), this.keep);
    if (upTo <= this.written) {
      // No block completed: less than one in all, or past `keep` (the partial block the decoders drop).
      if (to <= this.keep) this.carry = Buffer.concat([this.carry, out]);
      return;
    }
    let at = 0;
    if (this.carry.length) {
      at = blockAlign - this.carry.length;
      this.push(Buffer.concat([this.carry, out.subarray(0, at)]));
    }
    if (upTo - from > at) this.push(out.subarray(at, upTo - from));
    this.written = upTo;
    this.carry = upTo < this.keep && to > upTo ? Buffer.from(out.subarray(upTo - from)) : Buffer.alloc(0);
  }

  private patch(chunk: Buffer, from: number): Buffer {
    const layout = this.layout as WavLayout;
    const to = from + chunk.length;
    if (layout.codec === 'gsm_ms') return this.patchBlocks(chunk, from);
    let out = chunk;
    for (const [startFrame, endFrame] of this.ranges) {
      const a = Math.max(from, startFrame * layout.blockAlign);
      const b = Math.min(to, endFrame * layout.blockAlign);
      if (a >= b) continue;
      if (out === chunk) out = Buffer.from(chunk); // never write into the producer's buffer
      if (this.options.mode === 'mute') out.fill(silenceByte(layout.codec as AudioCodec), a - from, b - from);
      else this.writeTone(out, from, a, b);
    }
    return out;
  }

  /** Every block that overlaps a span, whole: a block is the smallest unit the codec can replace. */
  private patchBlocks(chunk: Buffer, from: number): Buffer {
    const { blockAlign, samplesPerBlock } = this.layout as WavLayout;
    const to = from + chunk.length;
    let out = chunk;
    for (const [startFrame, endFrame] of this.ranges) {
      const first = Math.floor(startFrame / samplesPerBlock);
      const last = Math.ceil(endFrame / samplesPerBlock);
      for (
        let block = Math.max(first, Math.floor(from / blockAlign));
        block < last && block * blockAlign < to;
        block++
      ) {
        const blockStart = block * blockAlign;
        const lo = Math.max(from, blockStart);
        const hi = Math.min(to, blockStart + blockAlign);
        if (out === chunk) out = Buffer.from(chunk);
        GSM_SILENT_BLOCK.copy(out, lo - from, lo - blockStart, hi - blockStart);
      }
    }
    return out;
  }

  private writeTone(out: Buffer, chunkStart: number, a: number, b: number): void {
    const { blockAlign, sampleRate, channels, codec } = this.layout as WavLayout;
    const width = blockAlign / channels;
    for (let frame = Math.floor(a / blockAlign); frame * blockAlign < b; frame++) {
      const v = toneSample(frame, sampleRate);
      for (let ch = 0; ch < channels; ch++) encodeSample(codec as AudioCodec, v, this.frameBuf, ch * width);
      const frameStart = frame * blockAlign;
      const lo = Math.max(a, frameStart);
      const hi = Math.min(b, frameStart + blockAlign);
      this.frameBuf.copy(out, lo - chunkStart, lo - frameStart, hi - frameStart);
    }
  }
}

export function silenceByte(codec: AudioCodec): number {
  switch (codec) {
    case 'pcm_mulaw':
      return 0xff;
    case 'pcm_alaw':
      return 0xd5;
    case 'pcm_u8':
      return 0x80;
    default:
      return 0;
  }
}

function encodeSample(codec: AudioCodec, v: number, buf: Buffer, at: number): void {
  switch (codec) {
    case 'pcm_s16le':
      buf.writeInt16LE(v, at);
      return;
    case 'pcm_s24le':
      buf.writeIntLE(v * 256, at, 3);
      return;
    case 'pcm_u8':
      buf[at] = (v >> 8) + 128;
      return;
    case 'pcm_mulaw':
      buf[at] = linearToMulaw(v);
      return;
    case 'pcm_alaw':
      buf[at] = linearToAlaw(v);
      return;
    default:
      throw new Error(`not a WAV sample codec: ${codec}`);
  }
}

/** G.711 µ-law (ITU-T G.711, as in the Sun reference implementation). */
export function linearToMulaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const s = Math.min(Math.abs(sample), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

/** G.711 A-law (even bits inverted, hence silence 0xD5). */
export function linearToAlaw(sample: number): number {
  let v = sample >> 3;
  let mask = 0xd5;
  if (v < 0) {
    mask = 0x55;
    v = -v - 1;
  }
  const segment = ALAW_SEGMENT_END.findIndex((end) => v <= end);
  if (segment < 0) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (v >> 1) & 0x0f : (v >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}
