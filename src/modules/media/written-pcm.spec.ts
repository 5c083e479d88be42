import { execFileSync } from 'node:child_process';
import { pcm16Wav } from './pcm-wav';
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
