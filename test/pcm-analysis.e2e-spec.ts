import * as path from 'node:path';
import type * as Analysis from '../src/modules/ingest/pipeline/pcm-analysis';
import { KEYPAD_TONES } from '../src/modules/redaction/dtmf/dtmf.keypad';
import { DIST, requireBuild } from './support/child';

const RATE = 8000;

/** Noise with keypad tones, interleaved over `channels`; tone n sounds on channel n % channels. */
function call(seconds: number, channels: number, tones: number): Int16Array {
  const frames = RATE * seconds;
  const pcm = new Int16Array(frames * channels);
  let s = 7;
  for (let i = 0; i < pcm.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    pcm[i] = ((s >> 16) % 1500) - 750;
  }
  const keys = Object.keys(KEYPAD_TONES);
  for (let t = 0; t < tones; t++) {
    const [lo, hi] = KEYPAD_TONES[keys[t % keys.length]];
    const start = Math.floor((t * 1.7 + 0.5) * RATE);
    for (let i = 0; i < 0.09 * RATE; i++)
      pcm[(start + i) * channels + (t % channels)] = Math.round(
        7000 * Math.sin((2 * Math.PI * lo * i) / RATE) + 7000 * Math.sin((2 * Math.PI * hi * i) / RATE),
      );
  }
  return pcm;
}

/** Whole frames in random-sized pieces, each its own buffer or a view into a larger one. */
function pieces(pcm: Int16Array, channels: number): Int16Array[] {
  const out: Int16Array[] = [];
  let s = 3;
  for (let o = 0; o < pcm.length;) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const n = Math.min(pcm.length - o, (1 + ((s >> 8) % 4000)) * channels);
    out.push(s & 1 ? pcm.slice(o, o + n) : pcm.subarray(o, o + n));
    o += n;
  }
  return out;
}

/**
 * The pipeline's sample analyses on their worker thread (from the build, as
 * the service runs them) give exactly what the same analyses give
 * in-process, hold the reader back when it outruns them, and fail loudly.
 */
describe('sample analysis on a worker thread', () => {
  let built: typeof Analysis;
  beforeAll(() => {
    requireBuild();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    built = require(path.join(DIST, 'modules/ingest/pipeline/pcm-analysis.js')) as typeof Analysis;
  });

  async function both(spec: Analysis.AnalysisSpec, pcm: Int16Array, channels: number) {
    const local = built.createAnalyzer(spec);
    for (const p of pieces(pcm, channels)) local.push(p.slice());
    const threaded = built.PcmAnalysis.start(spec);
    for (const p of pieces(pcm, channels)) await threaded.push(p);
    return { local: local.finish(), threaded: await threaded.finish() };
  }

  it('keypad tones: the same events as in-process, on every channel, with concurrent analyses', async () => {
    const runs = await Promise.all(
      [1, 2, 1].map((channels, i) =>
        both({ kind: 'dtmf', sampleRate: RATE, channels }, call(40 + i, channels, 20), channels),
      ),
    );
    for (const { local, threaded } of runs) {
      expect(threaded).toEqual(local);
      expect((threaded as Analysis.DtmfAnalysis).events.flat()).toHaveLength(20);
    }
  });

  it('output check: the same verdict, residual tones and waveform as in-process', async () => {
    const pcm = call(30, 2, 10);
    const spec: Analysis.AnalysisSpec = {
      kind: 'output-check',
      output: { codec: 'pcm_s16le', sampleRate: RATE, channels: 2 },
      ranges: [{ startMs: 400, endMs: 700 }],
      mode: 'mute',
      durationMs: 30_000,
    };
    const { local, threaded } = await both(spec, pcm, 2);
    expect(threaded).toEqual(local);
    const out = threaded as Analysis.OutputCheckAnalysis;
    // Tones left in the output and a muted range that is not silent: the verdict says so.
    expect(out.result.passed).toBe(false);
    expect(out.result.residualDtmf).toBeGreaterThan(0);
  });

  it('holds the reader back while the thread is behind', async () => {
    const a = built.PcmAnalysis.start({ kind: 'dtmf', sampleRate: RATE, channels: 1 });
    const big = call(600, 1, 0); // 9.2 MiB at once: over the in-flight bound
    let resolved = false;
    const room = a.push(big).then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    await room;
    expect((await a.finish()).frames).toBe(600 * RATE);
  });

  it('a failing analysis rejects instead of answering, and the next one is unaffected', async () => {
    const bad = built.PcmAnalysis.start({ kind: 'dtmf', sampleRate: 4000, channels: 1 });
    await expect(bad.finish()).rejects.toThrow(/sample analysis failed: DTMF needs/);
    const aborted = built.PcmAnalysis.start({ kind: 'dtmf', sampleRate: RATE, channels: 1 });
    aborted.abort();
    await expect(aborted.push(call(1, 1, 0))).rejects.toThrow(/aborted/);
    const good = await both({ kind: 'dtmf', sampleRate: RATE, channels: 1 }, call(5, 1, 2), 1);
    expect(good.threaded).toEqual(good.local);
  });
});
