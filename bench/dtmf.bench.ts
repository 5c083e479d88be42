/**
 * Our DTMF detector against multimon-ng on the same generated audio.
 *
 *   npm run bench -- dtmf
 *
 * multimon-ng reports digits without positions, so both detectors are scored
 * by aligning digit sequences (edit distance). Our edge accuracy is scored
 * separately against the true tone positions.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DtmfDetector, DtmfEvent } from '../src/modules/redaction/dtmf/dtmf.detector';
import {
  DtmfCorpus,
  DtmfCorpusOptions,
  concatInt16,
  decodeToInt16,
  espeakSpeech,
  generateDtmfCorpus,
  synthMusic,
  synthVoicedSpeech,
  writeWav,
} from '../test/fixtures/dtmf-corpus';

const RATE = 8000;
const MULTIMON_RATE = 22050;
const DIGITS_PER_VARIANT = 400;

const VARIANTS: [string, Partial<DtmfCorpusOptions>][] = [
  ['clean, −3…−30 dBFS', { levelDb: [-30, -3] }],
  ['detune +1.5 % / +1.5 %', { detuneLow: 0.015, detuneHigh: 0.015 }],
  ['detune −1.5 % / −1.5 %', { detuneLow: -0.015, detuneHigh: -0.015 }],
  ['detune +1.5 % / −1.5 %', { detuneLow: 0.015, detuneHigh: -0.015 }],
  ['twist +4 dB (high louder)', { twistDb: 4 }],
  ['twist −8 dB (low louder)', { twistDb: -8 }],
  ['white noise, 10 dB SNR', { snrDb: 10, levelDb: [-14, -10] }],
  ['40 ms tones, 40 ms gaps', { toneMs: [40, 41], gapMs: [40, 41] }],
];
const REJECT_VARIANTS: [string, Partial<DtmfCorpusOptions>][] = [
  ['detune +3.5 % both', { detuneLow: 0.035, detuneHigh: 0.035 }],
  ['detune −3.5 % both', { detuneLow: -0.035, detuneHigh: -0.035 }],
  ['tones 20–30 ms', { toneMs: [20, 30] }],
];

// Different text from the speech the detector was tuned on.
const SPEECH_SCRIPT = [
  'Hello, and welcome to North Star Energy. Calls may be recorded for training and quality purposes.',
  'I am calling because my last bill was nearly double what I normally pay, and I do not understand why.',
  'Let me have a look for you. I can see an estimated meter reading from the twenty first of June.',
  'Could you read me the numbers on the front of your meter, from left to right please?',
  'It says zero four eight eight one, then there is a red number, a six I think.',
  'Perfect. That brings your balance down to one hundred and twelve pounds and forty pence.',
  'Would you like to pay that today? I will pass you to the automated system for your card details.',
  'Oh, lovely, yes. My daughter usually does all of this online but she is away in Portugal.',
  'Mmm, right, I see. Um, so do I press the buttons now, or wait for the beep?',
  'Wait for the tone, then enter the card number, followed by the expiry date and the three digit code.',
  'Thank you so much, you have been really helpful. Have a lovely weekend, bye bye.',
];
const SPEECH_VOICES = [
  'en-us',
  'en-us+f3',
  'en-gb',
  'en-gb-x-rp+f4',
  'en-us+m3',
  'en-us+f2',
  'en-gb-scotland',
  'en-us+f1',
];

interface Alignment {
  found: number;
  substituted: number;
  missed: number;
  inserted: number;
}

/** Levenshtein alignment of detected against true digit sequences. */
export function alignDigits(truth: string, got: string): Alignment {
  const n = truth.length;
  const m = got.length;
  const d = Array.from({ length: n + 1 }, (_, i) =>
    Int32Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = d[i - 1][j - 1] + (truth[i - 1] === got[j - 1] ? 0 : 1);
      d[i][j] = Math.min(sub, d[i - 1][j] + 1, d[i][j - 1] + 1);
    }
  }
  const a: Alignment = { found: 0, substituted: 0, missed: 0, inserted: 0 };
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i][j] === d[i - 1][j - 1] + (truth[i - 1] === got[j - 1] ? 0 : 1)) {
      if (truth[i - 1] === got[j - 1]) a.found++;
      else a.substituted++;
      i--;
      j--;
    } else if (i > 0 && d[i][j] === d[i - 1][j] + 1) {
      a.missed++;
      i--;
    } else {
      a.inserted++;
      j--;
    }
  }
  return a;
}

function detect(samples: Int16Array, sampleRate: number): DtmfEvent[] {
  const detector = new DtmfDetector(sampleRate);
  const events: DtmfEvent[] = [];
  // Push in 20 ms chunks, as a live stream would arrive.
  const chunk = Math.round(sampleRate / 50);
  for (let i = 0; i < samples.length; i += chunk) events.push(...detector.push(samples.subarray(i, i + chunk)));
  events.push(...detector.flush());
  return events;
}

function timeBest<T>(times: number, fn: () => T): { result: T; seconds: number } {
  let best = Infinity;
  let result!: T;
  for (let k = 0; k < times; k++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { result, seconds: best };
}

function toRaw(samples: Int16Array, sampleRate: number, dir: string, name: string): string {
  const wav = join(dir, `${name}.wav`);
  writeWav(wav, samples, sampleRate);
  const raw = join(dir, `${name}.${MULTIMON_RATE}.s16`);
  writeFileSync(raw, Buffer.from(decodeToInt16(readFileSync(wav), MULTIMON_RATE).buffer));
  return raw;
}

function multimon(rawPath: string): string {
  const r = spawnSync('multimon-ng', ['-q', '-a', 'DTMF', '-t', 'raw', rawPath], { maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`multimon-ng failed: ${r.stderr.toString()}`);
  return [...r.stdout.toString().matchAll(/^DTMF: (\S)/gm)].map((m) => m[1]).join('');
}

function edgeErrorsMs(corpus: DtmfCorpus, events: DtmfEvent[]): number[] {
  const errors: number[] = [];
  for (const t of corpus.truth) {
    const e = events.find((x) => x.digit === t.digit && x.startSample < t.endSample && x.endSample > t.startSample);
    if (e)
      errors.push(
        (Math.max(Math.abs(e.startSample - t.startSample), Math.abs(e.endSample - t.endSample)) * 1000) /
          corpus.sampleRate,
      );
  }
  return errors;
}

function readRaw(path: string): Int16Array {
  const b = readFileSync(path);
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** Synchronous work; a promise so that bench/run.ts can await every benchmark alike. */
export function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dtmf-bench-'));
  try {
    const lines: string[] = [];
    const audio: Int16Array[] = [];
    const raws: string[] = [];

    lines.push(
      row([
        'variant (8 kHz, 40–100 ms tones)',
        'digits',
        'ours found',
        'ours sub/miss/ins',
        'multimon found',
        'multimon sub/miss/ins',
      ]),
    );
    lines.push(row(['---', '---:', '---:', '---:', '---:', '---:']));
    const totals = { n: 0, ours: 0, mm: 0 };
    const edges: number[] = [];
    for (const [i, [name, o]] of [...VARIANTS, ...REJECT_VARIANTS].entries()) {
      const corpus = generateDtmfCorpus({ sampleRate: RATE, seed: 1000 + i, count: DIGITS_PER_VARIANT, ...o });
      const truth = corpus.truth.map((t) => t.digit).join('');
      const events = detect(corpus.samples, RATE);
      const ours = alignDigits(truth, events.map((e) => e.digit).join(''));
      const raw = toRaw(corpus.samples, RATE, dir, `v${i}`);
      const mm = alignDigits(truth, multimon(raw));
      audio.push(corpus.samples);
      raws.push(raw);
      const reject = i >= VARIANTS.length;
      if (!reject) {
        totals.n += truth.length;
        totals.ours += ours.found;
        totals.mm += mm.found;
        edges.push(...edgeErrorsMs(corpus, events));
      }
      const label = reject ? `${name} (should be 0)` : name;
      lines.push(
        row([
          label,
          truth.length,
          ours.found,
          `${ours.substituted}/${ours.missed}/${ours.inserted}`,
          mm.found,
          `${mm.substituted}/${mm.missed}/${mm.inserted}`,
        ]),
      );
    }
    lines.push(
      row([
        '**all accept variants**',
        totals.n,
        `${totals.ours} (${pct(totals.ours, totals.n)})`,
        '',
        `${totals.mm} (${pct(totals.mm, totals.n)})`,
        '',
      ]),
    );

    const speechParts = SPEECH_VOICES.map((voice, v) =>
      espeakSpeech(SPEECH_SCRIPT.join(' '), RATE, { voice, pitch: 30 + v * 8, wpm: 150 + (v % 3) * 15 }),
    );
    const speechSource = speechParts.every((p) => p !== null) ? 'espeak-ng' : 'synthetic voiced';
    const speech =
      speechSource === 'espeak-ng' ? concatInt16(speechParts as Int16Array[]) : synthVoicedSpeech(300, RATE, 1);
    const music = synthMusic(60, RATE, 2);
    for (const [name, samples] of [
      [`${speechSource} speech`, speech],
      ['synthetic chords', music],
    ] as const) {
      const ours = detect(samples, RATE).length;
      const raw = toRaw(samples, RATE, dir, name.replace(/\W+/g, '-'));
      const mm = multimon(raw).length;
      audio.push(samples);
      raws.push(raw);
      lines.push(row([`false digits: ${name}, ${(samples.length / RATE).toFixed(0)} s`, '–', ours, '', mm, '']));
    }

    const all = concatInt16(audio);
    const seconds = all.length / RATE;
    const allRaw = join(dir, 'all.s16');
    writeFileSync(allRaw, Buffer.concat(raws.map((r) => readFileSync(r))));
    const all22 = readRaw(allRaw);
    const ours8 = timeBest(5, () => detect(all, RATE));
    const ours22 = timeBest(5, () => detect(all22, MULTIMON_RATE));
    const mm = timeBest(5, () => multimon(allRaw));
    const speed = (s: number) => `${(seconds / s).toFixed(0)}× (${s.toFixed(3)} s)`;

    edges.sort((a, b) => a - b);
    const p = (q: number) => edges[Math.min(edges.length - 1, Math.floor(q * edges.length))].toFixed(1);
    console.log(`\nDTMF: our Goertzel detector vs multimon-ng — ${(seconds / 60).toFixed(1)} min of audio\n`);
    console.log(lines.join('\n'));
    console.log(
      `\nOur tone edges (start/end vs truth, accept variants): median ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${edges[edges.length - 1].toFixed(1)} ms\n`,
    );
    console.log(row(['speed (× real time, best of 5)', 'ours', 'multimon-ng', 'ours / multimon']));
    console.log(row(['---', '---:', '---:', '---:']));
    console.log(
      row([
        '8 kHz input (ours) vs 22.05 kHz (multimon)',
        speed(ours8.seconds),
        speed(mm.seconds),
        (mm.seconds / ours8.seconds).toFixed(2),
      ]),
    );
    console.log(
      row([
        'both on the same 22.05 kHz input',
        speed(ours22.seconds),
        speed(mm.seconds),
        (mm.seconds / ours22.seconds).toFixed(2),
      ]),
    );
    console.log('\nmultimon-ng is timed as a process on a pre-resampled raw file (startup included, resampling not).');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve();
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
