import type { RedactionSpan, SpanKind } from '../redaction.types';
import type { TranscriptWord } from './transcript.types';

/** What a redacted word is shown as: its kind, never its text. */
export const REDACTED_LABELS: Record<Exclude<SpanKind, 'consent-trim'>, string> = {
  pan: 'card number',
  cvv: 'cvv',
  expiry: 'expiry',
  dtmf: 'keypad tones',
  marker: 'redacted',
};

export interface RedactedWord {
  text: string;
  startMs: number;
  endMs: number;
  channel: number | null;
  /** Set when the word stood for card data (or a marked or keypad span): `text` is then `[label]`. */
  redacted?: string;
}

/** Finds card data in words; the pipeline passes the spoken-card detector with the call's languages. */
export type CardDataFinder = (words: TranscriptWord[]) => RedactionSpan[];

const MAX_PASSES = 3;

/**
 * The word timeline QA may read: words inside a consent trim are gone; every
 * word in a muted span on its channel is replaced by the span's kind, a run of
 * them by one token, so neither the digits nor how many there were remain. The
 * detector is then run again over the result, and anything it still finds is
 * replaced the same way; if it still finds card data after that, redaction
 * fails (the caller fails the recording closed) rather than keep it.
 */
export function redactTranscript(
  words: readonly TranscriptWord[],
  spans: readonly RedactionSpan[],
  find: CardDataFinder,
): RedactedWord[] {
  const trims = spans.filter((s) => s.kind === 'consent-trim');
  let out = replace(
    words.filter((w) => !trims.some((t) => overlaps(w, t))),
    spans.filter((s) => s.kind !== 'consent-trim'),
  );
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const left = find(out.filter((w) => w.redacted === undefined));
    if (left.length === 0) return out;
    out = replace(out, left);
  }
  throw new TranscriptRedactionError();
}

export class TranscriptRedactionError extends Error {
  readonly code = 'TRANSCRIPT_REDACTION_FAILED';

  constructor() {
    super('card data was still found in the transcript after redaction');
    this.name = 'TranscriptRedactionError';
  }
}

function replace(words: readonly RedactedWord[], spans: readonly RedactionSpan[]): RedactedWord[] {
  const out: RedactedWord[] = [];
  for (const w of words) {
    const span = spans.find((s) => overlaps(w, s) && sameChannel(w, s));
    const label = w.redacted ?? (span ? REDACTED_LABELS[span.kind as keyof typeof REDACTED_LABELS] : undefined);
    if (label === undefined) {
      out.push({ text: w.text, startMs: w.startMs, endMs: w.endMs, channel: w.channel });
      continue;
    }
    // A run of one kind on one channel becomes one token: how many digits were said stays unsaid too.
    let previous: RedactedWord | undefined;
    for (let i = out.length - 1; i >= 0 && !previous; i--) if (out[i].channel === w.channel) previous = out[i];
    if (previous?.redacted === label) {
      previous.endMs = Math.max(previous.endMs, w.endMs);
      continue;
    }
    out.push({ text: `[${label}]`, startMs: w.startMs, endMs: w.endMs, channel: w.channel, redacted: label });
  }
  return out;
}

/** Inclusive: a word timed as an instant at a span's edge is inside it. */
function overlaps(w: { startMs: number; endMs: number }, s: { startMs: number; endMs: number }): boolean {
  return w.startMs <= s.endMs && s.startMs <= w.endMs;
}

function sameChannel(w: { channel: number | null }, s: { channel: number | null }): boolean {
  return w.channel === null || s.channel === null || w.channel === s.channel;
}
