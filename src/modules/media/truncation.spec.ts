import * as fx from '../../../test/fixtures/audio';
import { MediaDriver } from './media.driver';
import type { ProbeResult } from './media.types';
import { truncation } from './truncation';

const driver = new MediaDriver({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });

async function decoded(audio: Buffer): Promise<{ probe: ProbeResult; frames: number }> {
  const probe = await driver.probe(fx.opener(audio));
  let samples = 0;
  for await (const p of driver.decodePcm(fx.opener(audio), probe)) samples += p.length;
  return { probe, frames: samples / probe.channels };
}

/** The first `share` of a file's bytes, as a recorder that crashed leaves it. */
const cut = (file: Buffer, share: number) => file.subarray(0, Math.floor(file.length * share));

describe('truncation: a file that decodes to less than it claims', () => {
  const tenSeconds = fx.tone({ seconds: 10, rate: 8000 });

  it.each<[string, () => Buffer, boolean]>([
    ['PCM WAV', () => tenSeconds, true],
    ['GSM 6.10 WAV', () => fx.encode(tenSeconds, 'gsm_ms'), true],
    ['G.722 WAV', () => fx.encode(tenSeconds, 'adpcm_g722'), true],
    ['MP3 (Xing frame count)', () => fx.encode(tenSeconds, 'mp3'), true],
    ['FLAC', () => fx.encode(tenSeconds, 'flac'), true],
    ['M4A, index first', () => fx.encode(tenSeconds, 'aac_faststart'), true],
    ['Ogg Opus (no claim: its last page is missing)', () => fx.encode(tenSeconds, 'opus'), false],
  ])('%s: whole, no warning; cut at 60 %%, the figures of the cut', async (_name, make, claims) => {
    const file = make();
    const whole = await decoded(file);
    expect(truncation(whole.probe, whole.frames)).toBeNull();

    const short = await decoded(cut(file, 0.6));
    const found = truncation(short.probe, short.frames);
    const decodedMs = Math.round((short.frames * 1000) / short.probe.sampleRate);
    expect(found?.decodedMs).toBe(decodedMs);
    expect(found !== null && found.declaredMs === undefined).toBe(!claims);
    expect(decodedMs).toBeGreaterThan(4000);
    expect(decodedMs).toBeLessThan(7000);
    if (claims) expect(Math.abs((found?.declaredMs ?? 0) - 10_000)).toBeLessThan(300);
  });

  it('a WAV is cut short by one whole frame missing, not by a partial frame its size declares', async () => {
    const file = fx.tone({ seconds: 1, rate: 8000 });
    const lastFrameCut = await decoded(file.subarray(0, file.length - 1));
    expect(lastFrameCut.frames).toBe(7999);
    expect(truncation(lastFrameCut.probe, lastFrameCut.frames)).toEqual({ declaredMs: 1000, decodedMs: 1000 });
    // A size one byte past the last frame: the frames it declares are all there.
    const odd = Buffer.from(file);
    odd.writeUInt32LE(odd.readUInt32LE(odd.indexOf('data') + 4) + 1, odd.indexOf('data') + 4);
    const whole = await decoded(odd);
    expect(whole.frames).toBe(8000);
    expect(truncation(whole.probe, whole.frames)).toBeNull();
  });

  it('a WAV whose estimated size is past the duration limit is read for what it holds, not refused TOO_LONG', async () => {
    const file = Buffer.from(fx.tone({ seconds: 1, rate: 8000 }));
    file.writeUInt32LE(10 * 3600 * 16_000, file.indexOf('data') + 4); // 10 h claimed, 1 s written
    const limited = new MediaDriver({ maxDurationSec: 3600 });
    const probe = await limited.probe(fx.opener(file));
    let samples = 0;
    for await (const p of limited.decodePcm(fx.opener(file), probe)) samples += p.length;
    expect(samples).toBe(8000);
    expect(truncation(probe, samples)).toEqual({ declaredMs: 36_000_000, decodedMs: 1000 });
    // What it holds still counts: past the limit, it is TOO_LONG while being read.
    const strict = new MediaDriver({ maxDurationSec: 0.5 });
    let read = 0;
    const reading = (async () => {
      for await (const p of strict.decodePcm(fx.opener(file), await strict.probe(fx.opener(file)))) read += p.length;
    })();
    expect(await fx.rejection(reading)).toBe('TOO_LONG');
    expect(read).toBeLessThanOrEqual(4000);
  });

  it('an MP3 without a Xing count, a WAV of unknown size: nothing claims a length, no warning', async () => {
    const streamed = fx.run(
      'ffmpeg',
      ['-v', 'error', '-i', 'pipe:0', '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3', 'pipe:1'],
      tenSeconds,
    );
    const unsized = Buffer.from(tenSeconds);
    unsized.writeUInt32LE(0xffffffff, unsized.indexOf('data') + 4);
    for (const file of [streamed, unsized]) {
      const { probe, frames } = await decoded(cut(file, 0.6));
      expect(probe.declaredDurationSec).toBeUndefined();
      expect(truncation(probe, frames)).toBeNull();
    }
  });
});
