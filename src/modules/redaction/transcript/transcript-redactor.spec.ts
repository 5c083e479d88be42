import fc from 'fast-check';
import { transcriptSpans } from '../../ingest/pipeline/spans';
import type { RedactionSpan } from '../redaction.types';
import { detectSpokenCardData } from './spoken-card.detector';
import { redactTranscript, type RedactedWord } from './transcript-redactor';
import type { TranscriptWord } from './transcript.types';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const HOMOPHONES: Partial<Record<string, string>> = { '4': 'for', '2': 'to', '8': 'ate', '1': 'won', '0': 'oh' };
const DIGIT_OF: Record<string, string> = {
  ...Object.fromEntries(WORDS.map((w, i) => [w, String(i)])),
  for: '4',
  to: '2',
  ate: '8',
  won: '1',
  oh: '0',
};
const CHATTER = ['hello', 'thanks', 'okay', 'my', 'account', 'is', 'please', 'the', 'bill', 'yes', 'sure', 'great'];
const CUES = [['card', 'number'], ['the', 'long', 'number'], ['security', 'code'], ['expiry', 'date'], []];

const find = (ws: readonly TranscriptWord[]) => transcriptSpans(detectSpokenCardData(ws, {}, ['en']));

function luhnComplete(body: number[]): string {
  for (let check = 0; check < 10; check++) {
    const digits = [...body, check];
    let sum = 0;
    for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      const d = dbl ? digits[i] * 2 : digits[i];
      sum += d > 9 ? d - 9 : d;
    }
    if (sum % 10 === 0) return digits.join('');
  }
  throw new Error('unreachable');
}

/** How a recogniser writes a digit string: words, homophones, numeral groups. */
const spoken = (digits: string) =>
  fc.array(fc.constantFrom('word', 'homophone', 'numeral'), { minLength: 1, maxLength: 1 }).map(([style]) => {
    if (style === 'numeral') return digits.match(/.{1,4}/g) ?? [];
    return digits.split('').map((d) => (style === 'homophone' && HOMOPHONES[d]) || WORDS[Number(d)]);
  });

const segment = fc.oneof(
  fc.array(fc.constantFrom(...CHATTER), { minLength: 1, maxLength: 6 }),
  fc
    .tuple(fc.constantFrom(...CUES), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }))
    .chain(([cue, body]) => spoken(luhnComplete(body)).map((said) => [...cue, ...said])),
  fc
    .tuple(fc.constantFrom(...CUES), fc.integer({ min: 0, max: 9999 }))
    .chain(([cue, n]) => spoken(String(n).padStart(3, '0')).map((said) => [...cue, ...said])),
);

const transcript = fc
  .array(fc.tuple(segment, fc.constantFrom<number | null>(0, 1, null), fc.integer({ min: 100, max: 3000 })), {
    minLength: 1,
    maxLength: 12,
  })
  .chain((segments) =>
    fc
      .array(fc.tuple(fc.integer({ min: 120, max: 600 }), fc.integer({ min: 40, max: 400 })), {
        minLength: 200,
        maxLength: 200,
      })
      .map((timings) => {
        const words: TranscriptWord[] = [];
        let at = 0;
        let k = 0;
        for (const [texts, channel, pause] of segments) {
          at += pause;
          for (const text of texts) {
            const [length, gap] = timings[k++ % timings.length];
            words.push({ text, startMs: at, endMs: at + length, channel });
            at += length + gap;
          }
        }
        return words;
      }),
  );

const digitsOf = (ws: readonly { text: string }[]) =>
  ws.map((w) => (/^\d+$/.test(w.text) ? w.text : (DIGIT_OF[w.text.toLowerCase()] ?? '|'))).join('');
const onChannel = (w: { channel: number | null }, s: RedactionSpan) =>
  w.channel === null || s.channel === null || w.channel === s.channel;
const inside = (w: { startMs: number; endMs: number }, s: RedactionSpan) =>
  w.startMs <= s.endMs && s.startMs <= w.endMs;

describe('redactTranscript', () => {
  it('never keeps a digit run the detectors flagged, in any form a recogniser writes it', () => {
    fc.assert(
      fc.property(transcript, (words) => {
        const spans = find(words);
        const out = redactTranscript(words, spans, find);
        const kept = out.filter((w) => w.redacted === undefined);
        for (const s of spans) {
          // No word left in a flagged span on its channel…
          expect(kept.filter((w) => inside(w, s) && onChannel(w, s)).map((w) => w.text)).toEqual([]);
          // …and the flagged digits appear nowhere in what is left on that channel, however the words are joined.
          const flagged = digitsOf(words.filter((w) => inside(w, s) && onChannel(w, s))).replace(/\|/g, '');
          if (s.kind === 'pan' && flagged.length >= 12) {
            const channels = s.channel === null ? [0, 1, null] : [s.channel, null];
            for (const c of channels)
              expect(digitsOf(kept.filter((w) => w.channel === c || c === null))).not.toContain(flagged);
          }
        }
        // Read again, what is left holds no card data the detector would flag.
        expect(find(kept)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('shows card data as its kind, one token per run, and leaves out consent-trimmed words', () => {
    const w = (text: string, startMs: number, channel: number | null = 1): TranscriptWord => ({
      text,
      startMs,
      endMs: startMs + 300,
      channel,
    });
    const words = [
      w('hello', 0, 0),
      w('card', 1000),
      w('number', 1400),
      ...'4111111111111111'.split('').map((d, i) => w(WORDS[Number(d)], 2000 + i * 400)),
      w('thanks', 9000, 0),
      w('private', 12_000, 0),
      w('bye', 20_000, 0),
    ];
    const spans = [
      ...find(words),
      {
        startMs: 11_000,
        endMs: 13_000,
        channel: null,
        kind: 'consent-trim',
        detector: 'consent',
        confidence: 1,
        masked: '••••',
      } satisfies RedactionSpan,
    ];
    const out: RedactedWord[] = redactTranscript(words, spans, find);
    expect(out.map((x) => x.text)).toEqual(['hello', 'card', 'number', '[card number]', 'thanks', 'bye']);
    expect(out[3]).toMatchObject({ startMs: 2000, endMs: 8300, channel: 1, redacted: 'card number' });
  });
});
