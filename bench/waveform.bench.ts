/**
 * What the waveform adds to the verification decode: PeakAccumulator against
 * the DTMF detector that already runs over the same PCM there.
 *
 *   npm run bench -- waveform
 */
import { PeakAccumulator } from '../src/modules/media/peaks';
import { DtmfDetector } from '../src/modules/redaction/dtmf/dtmf.detector';

const RATE = 8000;
const CHUNK = 65_536;

function synthCall(seconds: number): Int16Array {
  const n = seconds * RATE;
  const out = new Int16Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const t = i / RATE;
    out[i] = Math.round(4000 * Math.sin(2 * Math.PI * 220 * t) + ((seed % 2001) - 1000));
  }
  return out;
}

function time(label: string, pcm: Int16Array, make: () => (chunk: Int16Array) => void) {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const feed = make();
    const start = process.hrtime.bigint();
    for (let i = 0; i < pcm.length; i += CHUNK) feed(pcm.subarray(i, i + CHUNK));
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { label, ms: best };
}

export async function run(): Promise<void> {
  const seconds = 3600;
  const pcm = synthCall(seconds);
  const durationMs = seconds * 1000;
  const rows = [
    time('DTMF detector (already in the verify decode)', pcm, () => {
      const d = new DtmfDetector(RATE);
      return (c) => void d.push(c);
    }),
    time('waveform peaks (added)', pcm, () => {
      const p = new PeakAccumulator(RATE, durationMs);
      return (c) => p.push([c]);
    }),
  ];
  const [dtmf, peaks] = rows;
  process.stdout.write(`1 h of 8 kHz mono PCM in ${CHUNK}-sample chunks, best of 3\n\n`);
  process.stdout.write('| work | ms per hour of audio | × real time | vs DTMF |\n| --- | --- | --- | --- |\n');
  for (const r of rows)
    process.stdout.write(
      `| ${r.label} | ${r.ms.toFixed(0)} | ${Math.round((seconds * 1000) / r.ms)}× | ${(r.ms / dtmf.ms).toFixed(3)} |\n`,
    );
  const stored = JSON.stringify(new PeakAccumulator(RATE, durationMs).result()).length;
  process.stdout.write(
    `\nStored waveform for 1 h: ${stored} bytes of JSON before encryption; peaks cost ${((peaks.ms / dtmf.ms) * 100).toFixed(1)} % of the DTMF pass.\n`,
  );
  await Promise.resolve();
}
