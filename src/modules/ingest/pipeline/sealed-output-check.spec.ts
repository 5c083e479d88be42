import { pcm16Wav } from '../../media/pcm-wav';
import { WrittenSamplesCheck } from './sealed-output-check';

/** 1 s of a quiet 440 Hz tone at 8 kHz, as the patcher writes it (RIFF/WAVE, fmt, data). */
function written(): Buffer {
  const s = new Int16Array(8000);
  for (let i = 0; i < s.length; i++) s[i] = Math.round(1000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return pcm16Wav(s, 8000);
}

async function check(file: Buffer, piece = 1000) {
  const c = new WrittenSamplesCheck([{ startMs: 400, endMs: 500 }], 'mute', 1000);
  for (let at = 0; at < file.length; at += piece) await c.push(file.subarray(at, at + piece));
  return (await c.finish()).result;
}

/** The span 400–500 ms muted, as the patcher would have written it. */
function muted(): Buffer {
  const file = written();
  file.fill(0, 44 + 400 * 16, 44 + 500 * 16);
  return file;
}

describe('WrittenSamplesCheck', () => {
  it('passes the written samples of a canonical WAV', async () => {
    expect(await check(muted())).toMatchObject({ passed: true, failures: [] });
  });

  it.each<[string, (f: Buffer) => Buffer]>([
    // A second data chunk after the first: audio no one checked, were it stored.
    ['a chunk after the data', (f) => Buffer.concat([f, f.subarray(36)])],
    ['a byte after an even-sized data chunk', (f) => Buffer.concat([f, Buffer.from([0])])],
    [
      'a LIST chunk before the data',
      (f) => {
        const list = Buffer.from('LIST\x0c\x00\x00\x00INFOICMT\x00\x00\x00\x00', 'latin1');
        const out = Buffer.concat([f.subarray(0, 36), list, f.subarray(36)]);
        out.writeUInt32LE(out.length - 8, 4);
        return out;
      },
    ],
    ['a data chunk that ends before its size', (f) => f.subarray(0, f.length - 2)],
  ])('fails the verification (without failing the upload) for %s', async (_name, change) => {
    const result = await check(change(muted()), 777);
    expect(result.passed).toBe(false);
    expect(result.failures.at(-1)).toMatch(/^the output could not be verified: the written WAV /);
  });
});
