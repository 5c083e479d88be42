import { execFileSync } from 'node:child_process';
import { pcm16Wav } from './pcm-wav';
import { MediaProcessingError } from './media.errors';
import { WrittenPcmReader } from './written-pcm';

function ffmpeg(args: string[], input: Buffer): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-f', 'wav', '-i', 'pipe:0', ...args, 'pipe:1'], {
    input,
    maxBuffer: 1 << 26,
  });
}

/** Stereo, full range: a sweep with noise, so every byte value of the 8-bit codecs occurs. */
function source(): Buffer {
  const frames = 8000;
  const s = new Int16Array(frames * 2);
  let seed = 7;
  for (let i = 0; i < frames; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    s[2 * i] = Math.round(32000 * Math.sin(i * 0.001 * i));
    s[2 * i + 1] = (seed >>> 16) - 32768;
  }
  return pcm16Wav(s, 8000, 2);
}

describe('WrittenPcmReader', () => {
  it.each(['pcm_s16le', 'pcm_u8', 'pcm_s24le', 'pcm_mulaw', 'pcm_alaw'])(
    'reads %s WAV bytes to the same samples ffmpeg decodes, whatever the chunking',
    (codec) => {
      const wav = ffmpeg(['-c:a', codec, '-f', 'wav'], source());
      const expected = ffmpeg(['-c:a', 'pcm_s16le', '-f', 's16le'], wav);
      const reader = new WrittenPcmReader();
      const parts: Int16Array[] = [];
      // Odd sizes split the header and frames anywhere.
      for (let at = 0, step = 7; at < wav.length; at += step, step = (step * 3) % 1999 || 5)
        parts.push(reader.push(wav.subarray(at, at + step)));
      const got = Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
      expect(reader.format).toEqual({ codec, sampleRate: 8000, channels: 2 });
      expect(got.length).toBe(expected.length);
      expect(got.equals(expected)).toBe(true);
    },
  );

  it('refuses a WAV whose samples pass through a codec', () => {
    const gsm = ffmpeg(['-ac', '1', '-c:a', 'gsm_ms', '-f', 'wav'], source());
    let error: unknown;
    try {
      new WrittenPcmReader().push(gsm);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ reason: 'UNSUPPORTED_FORMAT' });
  });
});

describe('WrittenPcmReader: nothing but the samples', () => {
  /** 8-bit mono PCM, `data` as given (the RIFF size counting its pad byte), then `after`. */
  function wav(data: Buffer, after: Buffer = Buffer.alloc(0)): Buffer {
    const h = pcm16Wav(new Int16Array(0), 8000);
    h.writeUInt16LE(8000, 28); // bytes per second
    h.writeUInt16LE(1, 32); // block align
    h.writeUInt16LE(8, 34); // bits
    h.writeUInt32LE(data.length, 40);
    h.writeUInt32LE(36 + data.length + (data.length & 1), 4);
    return Buffer.concat([h, data, after]);
  }

  /** The error of reading `file` in pieces of `step` bytes (and ending it), or null. */
  function failure(file: Buffer, step: number, canonical = true): unknown {
    const reader = new WrittenPcmReader({ canonical });
    try {
      for (let at = 0; at < file.length; at += step) reader.push(file.subarray(at, at + step));
      reader.end();
      return null;
    } catch (e) {
      return e;
    }
  }

  const data = Buffer.alloc(101, 0x80);
  const list = Buffer.from('LIST\x0a\x00\x00\x00INFOIXYZ\x00\x00', 'latin1');

  it.each([1, 7, 4096])('takes a data chunk and its zero pad byte, nothing more (pieces of %i)', (step) => {
    expect(failure(wav(data, Buffer.from([0])), step)).toBeNull();
    expect(failure(wav(data), step)).toBeNull(); // a missing pad byte takes nothing away
    for (const after of [Buffer.from([1]), Buffer.from([0, 0]), Buffer.concat([Buffer.from([0]), list])]) {
      expect(failure(wav(data, after), step)).toBeInstanceOf(MediaProcessingError);
    }
    // After an even-sized data chunk not even a zero byte, and not a second data chunk.
    const even = data.subarray(0, 100);
    expect(failure(wav(even, Buffer.from([0])), step)).toBeInstanceOf(MediaProcessingError);
    expect(failure(wav(even, wav(even).subarray(36)), step)).toBeInstanceOf(MediaProcessingError);
  });

  it('fails a data chunk that ends before its size', () => {
    expect(failure(wav(data).subarray(0, 100), 7)).toBeInstanceOf(MediaProcessingError);
  });

  it('with `canonical`, fails a header with any chunk but fmt (fact) and data before the samples', () => {
    const file = wav(data, Buffer.from([0]));
    const listed = Buffer.concat([file.subarray(0, 36), list, file.subarray(36)]);
    listed.writeUInt32LE(listed.length - 8, 4);
    expect(failure(listed, 5)).toBeInstanceOf(MediaProcessingError);
    expect(failure(listed, 5, false)).toBeNull(); // ffmpeg's own WAV, decoding the output, has its ISFT tag
    // As ffmpeg writes a WAV to a pipe: sizes unknown, the rest of the stream is samples.
    const streamed = ffmpeg(['-c:a', 'pcm_mulaw', '-f', 'wav'], source());
    expect(failure(streamed, 999, false)).toBeNull();
    expect(failure(streamed, 999)).toBeInstanceOf(MediaProcessingError);
  });
});
