import {
  DTMF_KEYS,
  DtmfCorpus,
  DtmfCorpusOptions,
  concatInt16,
  espeakSpeech,
  generateDtmfCorpus,
  synthMusic,
  synthVoicedSpeech,
} from '../../../../test/fixtures/dtmf-corpus';
import { DtmfDetector, DtmfEvent, detectDtmf } from './dtmf.detector';
import { VISA_TEST_PAN } from '../../../../test/fixtures/cards';

interface Score {
  found: number;
  total: number;
  substituted: number;
  extra: number;
  maxEdgeErrorMs: number;
}

/** Pairs each true tone with the event overlapping it; unpaired events are false alarms. */
function score(corpus: DtmfCorpus, events: DtmfEvent[]): Score {
  const used = new Set<number>();
  let found = 0;
  let substituted = 0;
  let maxEdgeErrorMs = 0;
  for (const t of corpus.truth) {
    const i = events.findIndex((e, j) => !used.has(j) && e.startSample < t.endSample && e.endSample > t.startSample);
    if (i < 0) continue;
    used.add(i);
    if (events[i].digit !== t.digit) {
      substituted++;
      continue;
    }
    found++;
    const err = Math.max(Math.abs(events[i].startSample - t.startSample), Math.abs(events[i].endSample - t.endSample));
    maxEdgeErrorMs = Math.max(maxEdgeErrorMs, (err * 1000) / corpus.sampleRate);
  }
  return { found, total: corpus.truth.length, substituted, extra: events.length - used.size, maxEdgeErrorMs };
}

function run(opts: DtmfCorpusOptions): Score {
  const corpus = generateDtmfCorpus(opts);
  return score(corpus, detectDtmf(corpus.samples, corpus.sampleRate));
}

/** Every key four times, shuffled by the seed. */
const ALL_KEYS = DTMF_KEYS.repeat(4);
const RATES = [8000, 16000, 22050, 44100, 48000];

describe('DtmfDetector', () => {
  it.each(RATES)('finds every key at %i Hz, 40–100 ms tones, −3 to −30 dBFS, edges within 10 ms', (sampleRate) => {
    const s = run({ sampleRate, seed: sampleRate, digits: ALL_KEYS, levelDb: [-30, -3] });
    expect(s).toMatchObject({ found: 64, substituted: 0, extra: 0 });
    // Measured ≤ 4 ms at every rate.
    expect(s.maxEdgeErrorMs).toBeLessThanOrEqual(10);
  });

  it('accepts ±1.5 % detuning and +4/−8 dB twist on ≥ 99 % of digits', () => {
    const conditions: Partial<DtmfCorpusOptions>[] = [
      { detuneLow: 0.015, detuneHigh: 0.015 },
      { detuneLow: -0.015, detuneHigh: -0.015 },
      { detuneLow: 0.015, detuneHigh: -0.015 },
      { detuneLow: -0.015, detuneHigh: 0.015 },
      { twistDb: 4 },
      { twistDb: -8 },
      { twistDb: 8 },
      { twistDb: -4 },
    ];
    const totals = { found: 0, total: 0, wrong: 0 };
    for (const [i, c] of conditions.entries()) {
      for (const sampleRate of [8000, 16000]) {
        const s = run({ sampleRate, seed: 100 + i, digits: ALL_KEYS, levelDb: [-24, -6], ...c });
        totals.found += s.found;
        totals.total += s.total;
        totals.wrong += s.substituted + s.extra;
        expect(s.maxEdgeErrorMs).toBeLessThanOrEqual(10);
      }
    }
    // Measured 1024/1024.
    expect(totals.found / totals.total).toBeGreaterThanOrEqual(0.99);
    expect(totals.wrong).toBe(0);
  });

  it.each([
    [0.035, 0.035],
    [-0.035, -0.035],
    [0.035, 0],
    [-0.035, 0],
    [0, 0.035],
    [0, -0.035],
  ])('rejects detuning of %p (low) / %p (high)', (detuneLow, detuneHigh) => {
    const corpus = generateDtmfCorpus({ sampleRate: 8000, seed: 7, digits: ALL_KEYS, detuneLow, detuneHigh });
    expect(detectDtmf(corpus.samples, 8000)).toEqual([]);
  });

  it('holds up in white noise at 10 dB SNR', () => {
    for (const [i, c] of [{}, { detuneLow: 0.015, detuneHigh: -0.015 }, { twistDb: -8 }].entries()) {
      const s = run({
        sampleRate: 8000,
        seed: 200 + i,
        digits: ALL_KEYS.repeat(2),
        snrDb: 10,
        levelDb: [-14, -10],
        ...c,
      });
      // Measured 128/128 in each condition, edges ≤ 4 ms.
      expect(s.found / s.total).toBeGreaterThanOrEqual(0.99);
      expect(s).toMatchObject({ substituted: 0, extra: 0 });
      expect(s.maxEdgeErrorMs).toBeLessThanOrEqual(10);
    }
  });

  it('separates 40 ms tones with 40 ms gaps, including repeated keys', () => {
    const s = run({ sampleRate: 8000, seed: 3, digits: VISA_TEST_PAN + ALL_KEYS, toneMs: [40, 41], gapMs: [40, 41] });
    expect(s).toMatchObject({ found: 80, substituted: 0, extra: 0 });
  });

  it('ignores tones of 20–30 ms', () => {
    const corpus = generateDtmfCorpus({ sampleRate: 8000, seed: 4, digits: ALL_KEYS, toneMs: [20, 30] });
    expect(detectDtmf(corpus.samples, 8000)).toEqual([]);
  });

  it('reports the level of the tone pair', () => {
    const corpus = generateDtmfCorpus({ sampleRate: 8000, seed: 5, digits: '159#', levelDb: [-20, -20] });
    for (const e of detectDtmf(corpus.samples, 8000)) expect(Math.abs(e.level + 20)).toBeLessThan(1);
  });

  it('gives the same events whatever the push sizes', () => {
    const corpus = generateDtmfCorpus({ sampleRate: 16000, seed: 6, digits: ALL_KEYS, snrDb: 20, levelDb: [-12, -12] });
    const whole = detectDtmf(corpus.samples, 16000);
    const detector = new DtmfDetector(16000);
    const events: DtmfEvent[] = [];
    let seed = 1;
    for (let i = 0; i < corpus.samples.length;) {
      seed = (seed * 48271) % 2147483647;
      const n = 1 + (seed % 3000);
      events.push(...detector.push(corpus.samples.subarray(i, i + n)));
      i += n;
    }
    events.push(...detector.flush());
    expect(events).toEqual(whole);
    expect(whole).toHaveLength(64);
  });

  it('reports a tone cut off by the end of the stream on flush', () => {
    const corpus = generateDtmfCorpus({ sampleRate: 8000, seed: 8, digits: '7', toneMs: [80, 80], gapMs: [0, 0] });
    const events = detectDtmf(corpus.samples, 8000);
    expect(events).toHaveLength(1);
    expect(events[0].digit).toBe('7');
    expect(corpus.samples.length - events[0].endSample).toBeLessThanOrEqual(80);
  });

  it('refuses sample rates too low for the second harmonic check', () => {
    expect(() => new DtmfDetector(6000)).toThrow(RangeError);
  });

  describe('talk-off', () => {
    // Text differs from the speech the thresholds were tuned on.
    const script = [
      'Good afternoon, you are through to the accounts team. Could I take your full name please?',
      'Certainly, it is Margaret Ellen Hughes, and my date of birth is the ninth of March nineteen seventy one.',
      'I see two payments were missed in August. Would you like to settle those now by card?',
      'Yes, go ahead. Ooh, hang on, the dog is barking at the postman again. Right, sorry about that.',
      'Please key in the long number across the front of your card, then press hash.',
      'Wonderful, all done. You will receive a confirmation letter within five working days. Goodbye!',
    ];

    it('raises at most 1 false digit per minute of speech', () => {
      const parts = ['en-us', 'en-us+f3', 'en-gb+f4', 'en-us+m3'].map((voice, v) =>
        espeakSpeech(script.join(' '), 8000, { voice, pitch: 35 + v * 15 }),
      );
      const usable = parts.filter((p): p is Int16Array => p !== null);
      const speech = usable.length > 0 ? concatInt16(usable) : synthVoicedSpeech(60, 8000, 11);
      const minutes = speech.length / 8000 / 60;
      // Measured 0 false digits in 697 s of espeak-ng speech (tuning set) and on this script.
      expect(detectDtmf(speech, 8000).length).toBeLessThanOrEqual(Math.ceil(minutes));
    });

    it('raises at most 1 false digit in a minute of synthetic chords', () => {
      // Measured 0 in 120 s.
      expect(detectDtmf(synthMusic(60, 8000, 12), 8000).length).toBeLessThanOrEqual(1);
    });
  });
});
