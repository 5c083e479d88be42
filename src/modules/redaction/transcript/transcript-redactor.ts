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

/** Detector passes over what is left; the last must find nothing, else redaction fails closed. */
const MAX_ROUNDS = 4;

/** The redacted word timeline and the spans it needs muted: the input's, then any found once card data was taken out. */
export interface TranscriptRedaction {
  spans: RedactionSpan[];
  redactedWords: RedactedWord[];
}

/**
 * The word timeline QA may read: words inside a consent trim are gone; every
 * word in a muted span on its channel is replaced by the span's kind, a run of
 * them by one token, so neither the digits nor how many there were remain.
 *
 * The detector is then run again over the words left: taking card data out
 * changes what surrounds the rest (runs on either side join up, an
 * interruption is gone), so it can find card data the first reading did not.
 * What it finds is added to the spans — the caller mutes every span returned,
 * so nothing is redacted in the transcript and left audible — and the words
 * are redacted again from the start, until a reading finds nothing. If it
 * still finds card data after `MAX_ROUNDS` readings, redaction fails (the
 * caller fails the recording closed) rather than keep it.
 */
export function redactTranscript(
  words: readonly TranscriptWord[],
  spans: readonly RedactionSpan[],
  find: CardDataFinder,
): TranscriptRedaction {
  const trims = spans.filter((s) => s.kind === 'consent-trim');
  const heard = words.filter((w) => !trims.some((t) => overlaps(w, t)));
  const all = [...spans];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const muted = all.filter((s) => s.kind !== 'consent-trim');
    // The words themselves (speaker, segment), not their redacted copies: only the card data taken out differs.
    const found = find(heard.filter((w) => !muted.some((s) => overlaps(w, s) && sameChannel(w, s))));
    if (found.length === 0) return { spans: all, redactedWords: replace(heard, muted) };
    all.push(...found.map(foundAfterRedaction));
  }
  throw new TranscriptRedactionError();
}

function foundAfterRedaction(s: RedactionSpan): RedactionSpan {
  return { ...s, notes: [...new Set([...(s.notes ?? []), 'found-after-redaction' as const])] };
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
