import { SilenceChunker, type AudioChunk } from './silence-chunker';
import { WordStitcher } from './word-stitcher';

const RATE = 8000;

/** Bursts of "speech" (a 300 Hz sine) with pauses between, and where each burst is. */
function speech(seed: number, seconds: number) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pcm = new Int16Array(seconds * RATE);
  const words: { startMs: number; endMs: number }[] = [];
  let at = 0;
  while (at < pcm.length - RATE) {
    at += Math.floor((0.06 + rand() * 0.5) * RATE);
    const len = Math.floor((0.2 + rand() * 0.4) * RATE);
    for (let i = 0; i < len && at + i < pcm.length; i++)
      pcm[at + i] = Math.round(8000 * Math.sin((2 * Math.PI * 300 * i) / RATE));
    words.push({ startMs: (at * 1000) / RATE, endMs: ((at + len) * 1000) / RATE });
    at += len;
  }
  return { pcm, words };
}

function chunk(pcm: Int16Array, chunkMs: number, blockSize: number): AudioChunk[] {
  const c = new SilenceChunker({ sampleRate: RATE, chunkMs, overlapMs: 2000, searchMs: 30_000 });
  const out: AudioChunk[] = [];
  for (let i = 0; i < pcm.length; i += blockSize) out.push(...c.push(pcm.subarray(i, i + blockSize)));
  out.push(...c.flush());
  return out;
}

describe('SilenceChunker', () => {
  it.each([
    [60, 10_000, 4096],
    [95, 8_000, 777],
    [30, 20_000, 100_000],
  ])(
    'covers %i s of speech in chunks of about %i ms, each its own samples, cut outside words',
    (seconds, chunkMs, block) => {
      const { pcm, words } = speech(seconds, seconds);
      const chunks = chunk(pcm, chunkMs, block);
      expect(chunks.length).toBeGreaterThanOrEqual(Math.floor((seconds * 1000) / chunkMs));
      for (const [i, c] of chunks.entries()) {
        const expected = pcm.slice(c.startSample, c.startSample + c.samples.length);
        expect(Buffer.from(c.samples.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
        expect(c.samples.length).toBeLessThanOrEqual(((chunkMs + 4000) * RATE) / 1000 + 160);
        if (i === 0) continue;
        // Each cut lies in a pause, inside the previous chunk, with overlap on both sides.
        const cutMs = (c.keepFrom * 1000) / RATE;
        expect(words.some((w) => w.startMs < cutMs && cutMs < w.endMs)).toBe(false);
        const prev = chunks[i - 1];
        expect(c.startSample).toBeLessThan(c.keepFrom);
        expect(prev.startSample + prev.samples.length).toBeGreaterThan(c.keepFrom);
      }
      expect(chunks.at(-1)?.startSample ?? 0).toBeLessThan(pcm.length);
      const last = chunks.at(-1);
      expect(last && last.startSample + last.samples.length).toBe(pcm.length);
    },
  );

  it('sends nothing for an empty channel', () => {
    expect(chunk(new Int16Array(0), 10_000, 100)).toEqual([]);
  });
});

describe('WordStitcher', () => {
  const word = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs, channel: 1 });
  const chunkAt = (startMs: number, lengthMs: number, keepFromMs: number): AudioChunk => ({
    startSample: (startMs * RATE) / 1000,
    samples: new Int16Array((lengthMs * RATE) / 1000),
    keepFrom: (keepFromMs * RATE) / 1000,
  });

  it('keeps every word once when the later chunk writes the digits at the seam as one numeral group', () => {
    const s = new WordStitcher(RATE);
    // Chunk 0..17.5 s; the next starts at 13.5 s with its own part from 15.5 s.
    const a = [
      word('5289', 13130, 14930),
      word('zero', 15040, 15450),
      word('five', 15520, 15960),
      word('four', 16070, 16480),
    ];
    const b = [word('5289', 0, 1430), word('0547', 1530, 3490), word('four', 6460, 6790)];
    const out = [...s.add(chunkAt(0, 17500, 0), a), ...s.add(chunkAt(13500, 11000, 15500), b), ...s.finish()];
    expect(out.map((w) => w.text)).toEqual(['5289', '0547', 'four']);
    expect(out[1]).toMatchObject({ startMs: 15030, endMs: 16990 });
  });

  it('takes words of the earlier chunk before the seam and of the later one after it', () => {
    const s = new WordStitcher(RATE);
    const a = [word('one', 1000, 1300), word('two', 9000, 9300), word('three', 9800, 10100)];
    const b = [word('two', 1000, 1300), word('three', 1800, 2100), word('four', 3000, 3300)];
    const out = [...s.add(chunkAt(0, 12000, 0), a), ...s.add(chunkAt(8000, 6000, 10000), b), ...s.finish()];
    expect(out.map((w) => `${w.text}@${w.startMs}`)).toEqual(['one@1000', 'two@9000', 'three@9800', 'four@11000']);
  });
});
