import { isPan, looksLikeExpiry, maskDigits } from '../card-number';
import type { SpanNote } from '../redaction.types';
import type { DigitRun, DigitToken } from './digit-normaliser';
import type { SpokenCardSpan } from './spoken-card.types';

export type ShortKind = 'cvv' | 'expiry';

export interface Part {
  kind: ShortKind;
  from: number;
  to: number;
  /** Digits dropped or doubled, or not a date: muted because it answers the question. */
  odd?: true;
}

export function toRun(tokens: DigitToken[]): DigitRun {
  return {
    digits: tokens.map((t) => t.digits).join(''),
    tokens,
    startMs: tokens[0].startMs,
    endMs: latestEnd(tokens),
  };
}

export function latestEnd(tokens: DigitToken[]): number {
  return tokens.reduce((end, t) => Math.max(end, t.endMs), 0);
}

/** Word timings are approximate; the silence between two parts of one spoken number is muted too. */
export function contiguous(spans: SpokenCardSpan[]): SpokenCardSpan[] {
  spans.sort((a, b) => a.startMs - b.startMs);
  for (let i = 0; i + 1 < spans.length; i++) spans[i].endMs = Math.max(spans[i].endMs, spans[i + 1].startMs);
  return spans;
}

/** Digit positions of one run mapped back to the tokens, and so the words, that said them. */
export class RunView {
  readonly digits: string;
  private readonly tokenOf: number[] = [];

  constructor(
    readonly run: DigitRun,
    readonly channel: number | null,
  ) {
    this.digits = run.digits;
    run.tokens.forEach((t, i) => {
      for (let k = 0; k < t.digits.length; k++) this.tokenOf.push(i);
    });
  }

  /** True when position k falls between two tokens, so a split there cuts no word. */
  isBoundary(k: number): boolean {
    return k === 0 || k === this.digits.length || this.tokenOf[k] !== this.tokenOf[k - 1];
  }

  onlyWeak(from: number, to: number): boolean {
    return this.tokens(from, to).every((t) => t.weak);
  }

  hasMonth(from: number, to: number): boolean {
    return this.tokens(from, to).some((t) => t.month);
  }

  span(
    kind: SpokenCardSpan['kind'],
    from: number,
    to: number,
    confidence: number,
    masked: string,
    notes: SpanNote[] = [],
  ): SpokenCardSpan {
    const tokens = this.tokens(from, to);
    const known = tokens.flatMap((t) => (t.confidence === undefined ? [] : [t.confidence]));
    // Recogniser confidence scales ours down a little, never to nothing: a
    // low-confidence digit is still a digit to mute.
    const asr = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
    const all = [...notes];
    if (tokens.some((t) => t.homophone)) all.push('misheard-digits');
    if (tokens.some((t) => t.segment)) all.push('segment-level');
    return {
      kind,
      startMs: tokens[0].startMs,
      endMs: latestEnd(tokens),
      channel: this.channel,
      confidence: Math.round(confidence * (0.7 + 0.3 * asr) * 100) / 100,
      masked,
      detector: 'transcript',
      ...(all.length ? { notes: all } : {}),
    };
  }

  unverified(from: number, to: number): SpokenCardSpan {
    return { ...this.span('pan', from, to, 0.5, '••••', ['luhn-failed']), luhn: false };
  }

  shortSpan(part: Part, confidence: number): SpokenCardSpan {
    return this.span(
      part.kind,
      part.from,
      part.to,
      confidence,
      part.kind === 'cvv' ? '•••' : '••/••',
      part.odd ? ['unexpected-length'] : [],
    );
  }

  private tokens(from: number, to: number) {
    return this.run.tokens.slice(this.tokenOf[from], this.tokenOf[to - 1] + 1);
  }
}

export interface SliceRules {
  muteUnverified: boolean;
  /** Shortest run muted without passing Luhn. */
  minUnverified: number;
}

/**
 * A run, or part of one, that may hold a card number. The whole of a run that
 * holds a card number is muted: digits said in one breath with a card number
 * are card data too (a stutter, an expiry, a CVV).
 */
export function analyseSlice(view: RunView, from: number, to: number, rules: SliceRules): SpokenCardSpan[] {
  // Nobody says this many digits in one breath except to read out card data
  // or to attack the window search below, which is quadratic: mute it whole.
  if (to - from > MAX_RUN_DIGITS) return [view.unverified(from, to)];
  const best = bestPanWindow(view, from, to);
  if (!best) {
    if (to - from < rules.minUnverified || !rules.muteUnverified) return [];
    // "00"/"+" is how international phone numbers start; no card number does.
    if (view.digits.startsWith('00', from)) return [];
    return [view.unverified(from, to)];
  }
  const spans: SpokenCardSpan[] = [];
  let panFrom = from;
  if (best.start - from >= SEPARATE_NUMBER) {
    const before = analyseSlice(view, from, best.start, rules);
    if (before.length > 0) {
      spans.push(...before);
      panFrom = best.start;
    }
  }
  let panTo = best.end;
  if (best.suffix.mode === 'merge') panTo = to;
  if (best.suffix.mode === 'rest') {
    const after = analyseSlice(view, best.end, to, rules);
    if (after.length > 0) spans.push(...after);
    else panTo = to;
  }
  const pan = view.digits.slice(best.start, best.end);
  // A 17–19 digit stretch, or one ending mid-word, is as likely a shorter card
  // number and part of the CVV said after it: show none of its digits.
  const masked = best.tidyEnd && pan.length <= 16 ? maskDigits(pan) : '••••';
  spans.push({ ...view.span('pan', panFrom, panTo, best.clean ? 0.95 : 0.85, masked), luhn: true });
  if (best.suffix.mode === 'parts') spans.push(...best.suffix.parts.map((part) => view.shortSpan(part, 0.85)));
  return spans;
}

/** Digits on either side of a card number this long are taken as a number of their own. */
const SEPARATE_NUMBER = 7;
/** Card number, expiry and CVV twice over, with room to spare. */
export const MAX_RUN_DIGITS = 64;
/**
 * How much more likely each PAN length is, roughly by how many cards in
 * circulation use it. 16 digits and a CVV must outscore 19 digits: mistaking
 * the one for the other would put CVV digits into the masked last four.
 */
const LENGTH_PRIOR: Record<number, number> = { 13: 1, 14: 1, 15: 2, 16: 3, 17: 0, 18: 0, 19: 1 };

type Suffix = { mode: 'none' | 'merge' | 'rest' } | { mode: 'parts'; parts: Part[] };

interface PanWindow {
  start: number;
  end: number;
  suffix: Suffix;
  /** Delimited by nothing but zeros before and a known shape after. */
  clean: boolean;
  /** Ends between two words and is followed by nothing or by an expiry/CVV. */
  tidyEnd: boolean;
}

/**
 * The Luhn-valid 13–19 digit stretch most likely to be the card number. One in
 * ten random stretches passes Luhn, so a stretch counts only when the digits
 * around it make sense: nothing, leading zeros, a weak word ("un", "een") or a
 * stutter before it; an expiry, CVV or trailing "oh" after it; or a separate number.
 */
function bestPanWindow(view: RunView, from: number, to: number): PanWindow | null {
  const digits = view.digits;
  let best: PanWindow | null = null;
  let bestScore = -Infinity;
  for (let start = from; start + 13 <= to; start++) {
    for (let end = start + 13; end <= Math.min(start + 19, to); end++) {
      const pan = digits.slice(start, end);
      if (!isPan(pan)) continue;
      const prefix = digits.slice(from, start);
      const zeroPrefix = /^0*$/.test(prefix) || (view.isBoundary(start) && view.onlyWeak(from, start));
      if (!zeroPrefix && !(prefix.length <= 4 && pan.startsWith(prefix)) && prefix.length < SEPARATE_NUMBER) continue;
      const suffix = readSuffix(view, end, to);
      if (!suffix) continue;
      const score =
        (view.isBoundary(start) ? 2 : 0) +
        (view.isBoundary(end) ? 2 : 0) +
        LENGTH_PRIOR[pan.length] +
        ('3456'.includes(pan[0]) ? 1 : 0) +
        (zeroPrefix ? 1 : 0) +
        (suffix.mode === 'none' ? 1 : 0);
      if (score > bestScore) {
        bestScore = score;
        const tidyEnd = suffix.mode !== 'rest' && view.isBoundary(end);
        best = { start, end, suffix, clean: tidyEnd && zeroPrefix && view.isBoundary(start), tidyEnd };
      }
    }
  }
  return best;
}

function readSuffix(view: RunView, from: number, to: number): Suffix | null {
  if (from === to) return { mode: 'none' };
  if (view.onlyWeak(from, to)) return { mode: 'merge' };
  if (!view.isBoundary(from)) return null;
  const parts = classifyShort(view, from, to, new Set());
  if (parts) return { mode: 'parts', parts };
  return to - from >= SEPARATE_NUMBER ? { mode: 'rest' } : null;
}

/**
 * Splits a short number into expiry and/or CVV, guided by what was asked for.
 * An answer to one question alone is muted even with a digit dropped or
 * doubled ("one too" for a CVV) or a month that is not one.
 */
export function classifyShort(view: RunView, from: number, to: number, hints: ReadonlySet<ShortKind>): Part[] | null {
  const digits = view.digits.slice(from, to);
  const n = digits.length;
  const onlyCvv = hints.has('cvv') && !hints.has('expiry');
  const onlyExpiry = hints.has('expiry') && !hints.has('cvv');
  if (n >= 3 && n <= 4) {
    if (onlyCvv) return [{ kind: 'cvv', from, to }];
    const expiry = looksLikeExpiry(digits) && (n === 4 || view.hasMonth(from, to) || hints.has('expiry'));
    if (onlyExpiry && !looksLikeExpiry(digits)) return [{ kind: 'expiry', from, to, odd: true }];
    return [{ kind: expiry ? 'expiry' : 'cvv', from, to }];
  }
  if (n >= 5 && n <= 6 && looksLikeExpiry(digits)) return [{ kind: 'expiry', from, to }];
  if (onlyCvv && (n === 2 || n === 5)) return [{ kind: 'cvv', from, to, odd: true }];
  if (onlyExpiry && n >= 2 && n <= 8) return [{ kind: 'expiry', from, to, odd: true }];
  if (n < 6 || n > 10) return null;
  for (const onBoundary of [true, false]) {
    for (const expiryLength of [4, 6, 3, 5]) {
      const cvvLength = n - expiryLength;
      if (cvvLength < 3 || cvvLength > 4) continue;
      const expiryFirst = from + expiryLength;
      if (looksLikeExpiry(digits.slice(0, expiryLength)) && (!onBoundary || view.isBoundary(expiryFirst))) {
        return [
          { kind: 'expiry', from, to: expiryFirst },
          { kind: 'cvv', from: expiryFirst, to },
        ];
      }
      const cvvFirst = from + cvvLength;
      if (looksLikeExpiry(digits.slice(cvvLength)) && (!onBoundary || view.isBoundary(cvvFirst))) {
        return [
          { kind: 'cvv', from, to: cvvFirst },
          { kind: 'expiry', from: cvvFirst, to },
        ];
      }
    }
  }
  return null;
}
