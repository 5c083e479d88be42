import { detectSpokenCardData, type SpokenCardSpan } from '../src/modules/redaction/transcript/spoken-card.detector';
import { cardCall, nonCardCall, type GeneratedCall, type GenWord } from './fixtures/card-calls';

/**
 * The spoken-card detector over generated call transcripts (see
 * `fixtures/card-calls.ts`): card numbers in pieces around the caller's own
 * chatter, the agent's prompts and backchannels, self-corrections, read-backs,
 * "double"/"triple", pairs and numeral groups, homophones, in every language of
 * the lexicon, on two channels, one channel with speaker labels, and one
 * unlabelled; and calls whose numbers are phone, order, zip and account numbers
 * and amounts, given the same way.
 */
const inSpan = (s: SpokenCardSpan, w: GenWord) => s.channel === w.channel || s.channel === null;
const muted = (spans: SpokenCardSpan[], w: GenWord) =>
  spans.some((s) => inSpan(s, w) && s.startMs <= w.startMs + 60 && s.endMs >= w.endMs - 60);
const touched = (spans: SpokenCardSpan[], w: GenWord) =>
  spans.some((s) => inSpan(s, w) && s.startMs < w.endMs && s.endMs > w.startMs);

const spansOf = (c: GeneratedCall) => detectSpokenCardData(c.words, {}, [c.lang]);

function misses(calls: GeneratedCall[]): string[] {
  return calls.flatMap((c) => {
    const spans = spansOf(c);
    const left = c.card.filter((w) => !muted(spans, w));
    return left.length ? [`[${c.label}] left audible: ${left.map((w) => w.text).join(' ')}`] : [];
  });
}

describe('spoken card numbers in generated calls', () => {
  it('mutes every card digit when the caller talks for more than ten words between pieces, over 250 calls', () => {
    const calls = Array.from({ length: 250 }, (_, k) => cardCall(270_000 + k, { longChatter: true }));
    // The generator did put long chatter in: every call has a gap of more than ten of the caller's words.
    expect(calls.every((c) => c.label.includes('long'))).toBe(true);
    expect(misses(calls)).toEqual([]);
  });

  it('mutes every card digit of calls of every shape, over 250 calls', () => {
    const calls = Array.from({ length: 250 }, (_, k) => cardCall(280_000 + k));
    const shapes = new Set(calls.flatMap((c) => c.label.split(', ')));
    for (const shape of ['corrected', 'read back', 'agent', 'short', 'long', 'pause', 'mono', 'labelled', 'repeats'])
      expect(shapes).toContain(shape);
    expect(new Set(calls.map((c) => c.lang)).size).toBe(7);
    expect(misses(calls)).toEqual([]);
  });

  it('leaves phone, order, zip and account numbers and amounts audible, around chatter too, over 200 calls', () => {
    const calls = Array.from({ length: 200 }, (_, k) => nonCardCall(290_000 + k));
    expect(calls.reduce((n, c) => n + c.keep.length, 0)).toBeGreaterThan(2000);
    const hit = calls.flatMap((c) => {
      const spans = spansOf(c);
      const false_ = c.keep.filter((w) => touched(spans, w));
      return false_.length ? [`[${c.label}] muted: ${false_.map((w) => w.text).join(' ')}`] : [];
    });
    expect(hit).toEqual([]);
  });
});
