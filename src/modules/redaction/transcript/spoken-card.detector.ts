import { isPan, looksLikeExpiry, maskDigits } from '../card-number';
import { cleanWord, digitRuns, isFiller, type DigitRun, type DigitToken } from './digit-normaliser';
import type { TranscriptWord } from './transcript.parser';

export interface SpokenCardPolicy {
  /** Longest silence inside one spoken number. */
  maxGapMs: number;
  /** Mute long digit runs that fail Luhn: usually a card number the recogniser got one digit wrong. */
  muteUnverifiedDigitRuns: boolean;
  /** Shortest run muted as an unverified card number; above the 10–11 digits of a phone number. */
  minUnverifiedDigits: number;
  /** How long after "security code"/"expiry" a number still answers it. */
  cueWindowMs: number;
  /** How long before such a cue a number may have been said ("one two three, that's the CVV"). */
  cueAfterMs: number;
  /** How long after card data a short number is still taken as its CVV or expiry. */
  afterCardWindowMs: number;
  /**
   * Longest silence, with nobody saying anything, across which two digit runs
   * are still tried as one card number ("four one one one one one… one one…").
   */
  longPauseMs: number;
}

export const DEFAULT_SPOKEN_CARD_POLICY: Readonly<SpokenCardPolicy> = {
  maxGapMs: 2000,
  muteUnverifiedDigitRuns: true,
  minUnverifiedDigits: 12,
  cueWindowMs: 10_000,
  cueAfterMs: 3000,
  afterCardWindowMs: 15_000,
  longPauseMs: 8000,
};

export interface SpokenCardSpan {
  kind: 'pan' | 'cvv' | 'expiry';
  startMs: number;
  endMs: number;
  channel: number | null;
  confidence: number;
  /** Present on card numbers: false when the run was muted without passing Luhn. */
  luhn?: boolean;
  /** `•••• 1111` for a verified card number; never any digit of a CVV, expiry or unverified run. */
  masked: string;
  detector: 'transcript';
}

type CueKind = 'cvv' | 'expiry';

const CUES: ReadonlyArray<[CueKind, RegExp]> = [
  [
    'cvv',
    /^(security (code|number)|cvv2?|cvc2?|cv2|c v [v2c]|c v two|(code|digits|numbers?) on the back|(three|four|3|4) digit (security )?(code|number)|card verification|verification (code|number|value))\b/,
  ],
  ['expiry', /^(expires?|expiry|expiring|expiration|exp date|valid (thru|through|until)|good (thru|through))\b/],
];
const CUE_WORDS = 5;

/**
 * Finds card numbers, CVVs and expiry dates spoken in a word-timed transcript
 * and returns the spans to mute, per channel.
 */
export function detectSpokenCardData(
  words: readonly TranscriptWord[],
  policy: Partial<SpokenCardPolicy> = {},
): SpokenCardSpan[] {
  const p: SpokenCardPolicy = { ...DEFAULT_SPOKEN_CARD_POLICY, ...policy };
  const channels = groupByChannel(words);
  const cues = [...channels].flatMap(([channel, ws]) => findCues(ws, channel));
  const speech = words.filter((w) => !isFiller(w.text)).sort((a, b) => a.startMs - b.startMs);
  const spans = [...channels].flatMap(([channel, ws]) => {
    const others = channel === null ? [] : speech.filter((w) => w.channel !== channel && w.channel !== null);
    return detectInChannel(ws, channel, { others, speech, cues, p });
  });
  return spans.sort((a, b) => a.startMs - b.startMs || (a.channel ?? -1) - (b.channel ?? -1));
}

function groupByChannel(words: readonly TranscriptWord[]): Map<number | null, TranscriptWord[]> {
  const channels = new Map<number | null, TranscriptWord[]>();
  for (const w of words) {
    const list = channels.get(w.channel);
    if (list) list.push(w);
    else channels.set(w.channel, [w]);
  }
  for (const list of channels.values()) list.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return channels;
}

interface Cue {
  kind: CueKind;
  startMs: number;
  endMs: number;
  channel: number | null;
}

function findCues(words: TranscriptWord[], channel: number | null): Cue[] {
  // "three-digit", "C.V.V." and "CVV?" must read like their spoken forms.
  const texts = words.map((w) => cleanWord(w.text).replace(/[-.]/g, ' ').replace(/\s+/g, ' '));
  const cues: Cue[] = [];
  for (let i = 0; i < words.length; i++) {
    const phrase = texts.slice(i, i + CUE_WORDS).join(' ');
    for (const [kind, pattern] of CUES) {
      const match = pattern.exec(phrase);
      if (!match) continue;
      const last = i + match[0].split(' ').length - 1;
      cues.push({ kind, startMs: words[i].startMs, endMs: words[Math.min(last, words.length - 1)].endMs, channel });
    }
  }
  return cues;
}

/** Which cues a run answers: the first run after a cue on any channel, or the last run before one on its own. */
function cueHints(runs: DigitRun[], channel: number | null, cues: Cue[], p: SpokenCardPolicy): Set<CueKind>[] {
  const hints = runs.map(() => new Set<CueKind>());
  for (const cue of cues) {
    const next = runs.findIndex((r) => r.startMs >= cue.startMs && r.endMs > cue.endMs);
    if (next >= 0 && runs[next].startMs - cue.endMs <= p.cueWindowMs) hints[next].add(cue.kind);
    if (cue.channel !== channel && cue.channel !== null && channel !== null) continue;
    const previous = (next >= 0 ? next : runs.length) - 1;
    if (previous >= 0 && runs[previous].endMs <= cue.startMs && cue.startMs - runs[previous].endMs <= p.cueAfterMs) {
      hints[previous].add(cue.kind);
    }
  }
  return hints;
}

/**
 * The other party speaking between two digits means a new turn, so a new
 * number: the card number, the agent asking for the expiry, the expiry.
 */
function splitAtInterruptions(runs: DigitRun[], others: TranscriptWord[]): DigitRun[] {
  if (others.length === 0) return runs;
  const split: DigitRun[] = [];
  let k = 0;
  for (const run of runs) {
    let tokens: DigitToken[] = [run.tokens[0]];
    for (const token of run.tokens.slice(1)) {
      const silenceFrom = tokens[tokens.length - 1].endMs;
      while (k < others.length && others[k].startMs < silenceFrom) k++;
      if (k < others.length && others[k].endMs <= token.startMs) {
        split.push(toRun(tokens));
        tokens = [];
      }
      tokens.push(token);
    }
    split.push(toRun(tokens));
  }
  return split;
}

function toRun(tokens: DigitToken[]): DigitRun {
  return {
    digits: tokens.map((t) => t.digits).join(''),
    tokens,
    startMs: tokens[0].startMs,
    endMs: latestEnd(tokens),
  };
}

function latestEnd(tokens: DigitToken[]): number {
  return tokens.reduce((end, t) => Math.max(end, t.endMs), 0);
}

/** Word timings are approximate; the silence between two parts of one spoken number is muted too. */
function contiguous(spans: SpokenCardSpan[]): SpokenCardSpan[] {
  spans.sort((a, b) => a.startMs - b.startMs);
  for (let i = 0; i + 1 < spans.length; i++) spans[i].endMs = Math.max(spans[i].endMs, spans[i + 1].startMs);
  return spans;
}

interface ChannelContext {
  /** Words of the other channels that are not fillers, by start time. */
  others: TranscriptWord[];
  /** Words of every channel that are not fillers, by start time. */
  speech: TranscriptWord[];
  cues: Cue[];
  p: SpokenCardPolicy;
}

/** True when nobody says anything but fillers from `fromMs` to `toMs`. */
function silentBetween(speech: TranscriptWord[], fromMs: number, toMs: number): boolean {
  let lo = 0;
  let hi = speech.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (speech[mid].startMs < fromMs) lo = mid + 1;
    else hi = mid;
  }
  return lo === speech.length || speech[lo].startMs >= toMs;
}

/** Shortest digit run on either side of a long pause that may be part of one card number. */
const MIN_FRAGMENT = 4;

/**
 * A caller who stops mid-number to find the card again says it in two runs.
 * Joined, they must show a Luhn-valid card number crossing the pause, or, if
 * the policy mutes unverified runs, be such a run.
 */
function analyseAcrossPause(first: DigitRun, second: DigitRun, channel: number | null, ctx: ChannelContext): SpokenCardSpan[] {
  const { p } = ctx;
  if (first.digits.length < MIN_FRAGMENT || second.digits.length < MIN_FRAGMENT) return [];
  if (second.startMs - first.endMs > p.longPauseMs || !silentBetween(ctx.speech, first.endMs, second.startMs)) return [];
  const joined = toRun([...first.tokens, ...second.tokens]);
  const found = analyseSlice(new RunView(joined, channel), 0, joined.digits.length, p);
  const crosses = found.some((s) => s.kind === 'pan' && s.luhn && s.startMs < first.endMs && s.endMs > second.startMs);
  if (crosses) return found;
  // Unverified, the join is only worth it when it mutes more than the halves
  // would and loses no card number the second half holds on its own.
  if (found.length === 0 || found.some((s) => s.luhn !== false) || first.digits.length >= p.minUnverifiedDigits) return [];
  const secondAlone = analyseSlice(new RunView(second, channel), 0, second.digits.length, p);
  return secondAlone.every((s) => s.luhn === false) ? found : [];
}

function detectInChannel(words: TranscriptWord[], channel: number | null, ctx: ChannelContext): SpokenCardSpan[] {
  const { p } = ctx;
  const runs = splitAtInterruptions(digitRuns(words, { maxGapMs: p.maxGapMs }), ctx.others);
  const hints = cueHints(runs, channel, ctx.cues, p);
  const spans: SpokenCardSpan[] = [];
  let lastCardEndMs = -Infinity;
  // Expiry and CVV follow a card number; after two short numbers the talk has moved on.
  let followUps = 0;

  for (let index = 0; index < runs.length; index++) {
    const run = runs[index];
    const view = new RunView(run, channel);
    let found = analyseSlice(view, 0, run.digits.length, p);
    if (found.every((s) => s.luhn === false) && index + 1 < runs.length) {
      const joined = analyseAcrossPause(run, runs[index + 1], channel, ctx);
      if (joined.length > 0) {
        found = joined;
        index += 1;
      }
    }
    if (found.length > 0) {
      spans.push(...contiguous(found));
      lastCardEndMs = runs[index].endMs;
      followUps = found[found.length - 1].kind === 'cvv' ? 0 : 2;
      continue;
    }
    const cued = hints[index].size > 0;
    const afterCard = followUps > 0 && run.startMs - lastCardEndMs <= p.afterCardWindowMs;
    if (!cued && !afterCard) continue;
    const parts = classifyShort(view, 0, run.digits.length, hints[index]);
    if (!parts) continue;
    spans.push(...contiguous(parts.map((part) => view.shortSpan(part, cued ? 0.9 : 0.8))));
    lastCardEndMs = run.endMs;
    // The CVV is asked for last, and what follows it is often the amount to pay.
    if (parts[parts.length - 1].kind === 'cvv') followUps = 0;
    else followUps = afterCard ? followUps - 1 : 1;
  }
  return spans;
}

interface Part {
  kind: CueKind;
  from: number;
  to: number;
}

/** Digit positions of one run mapped back to the tokens, and so the words, that said them. */
class RunView {
  readonly digits: string;
  private readonly tokenOf: number[] = [];

  constructor(readonly run: DigitRun, readonly channel: number | null) {
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

  span(kind: SpokenCardSpan['kind'], from: number, to: number, confidence: number, masked: string): SpokenCardSpan {
    const tokens = this.tokens(from, to);
    const known = tokens.flatMap((t) => (t.confidence === undefined ? [] : [t.confidence]));
    // Recogniser confidence scales ours down a little, never to nothing: a
    // low-confidence digit is still a digit to mute.
    const asr = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
    return {
      kind,
      startMs: tokens[0].startMs,
      endMs: latestEnd(tokens),
      channel: this.channel,
      confidence: Math.round(confidence * (0.7 + 0.3 * asr) * 100) / 100,
      masked,
      detector: 'transcript',
    };
  }

  shortSpan(part: Part, confidence: number): SpokenCardSpan {
    return this.span(part.kind, part.from, part.to, confidence, part.kind === 'cvv' ? '•••' : '••/••');
  }

  private tokens(from: number, to: number) {
    return this.run.tokens.slice(this.tokenOf[from], this.tokenOf[to - 1] + 1);
  }
}

/**
 * A run, or part of one, that may hold a card number. The whole of a run that
 * holds a card number is muted: digits said in one breath with a card number
 * are card data too (a stutter, an expiry, a CVV).
 */
function analyseSlice(view: RunView, from: number, to: number, p: SpokenCardPolicy): SpokenCardSpan[] {
  // Nobody says this many digits in one breath except to read out card data
  // or to attack the window search below, which is quadratic: mute it whole.
  if (to - from > MAX_RUN_DIGITS) return [{ ...view.span('pan', from, to, 0.5, '••••'), luhn: false }];
  const best = bestPanWindow(view, from, to);
  if (!best) {
    if (to - from < p.minUnverifiedDigits || !p.muteUnverifiedDigitRuns) return [];
    // "00"/"+" is how international phone numbers start; no card number does.
    if (view.digits.startsWith('00', from)) return [];
    return [{ ...view.span('pan', from, to, 0.5, '••••'), luhn: false }];
  }
  const spans: SpokenCardSpan[] = [];
  let panFrom = from;
  if (best.start - from >= SEPARATE_NUMBER) {
    const before = analyseSlice(view, from, best.start, p);
    if (before.length > 0) {
      spans.push(...before);
      panFrom = best.start;
    }
  }
  let panTo = best.end;
  if (best.suffix.mode === 'merge') panTo = to;
  if (best.suffix.mode === 'rest') {
    const after = analyseSlice(view, best.end, to, p);
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
const MAX_RUN_DIGITS = 64;
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
 * around it make sense: nothing, leading zeros or a stutter before it; an
 * expiry, CVV or trailing "oh" after it; or a separate number.
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
      const zeroPrefix = /^0*$/.test(prefix);
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

/** Splits a short number into expiry and/or CVV, guided by what was asked for. */
function classifyShort(view: RunView, from: number, to: number, hints: Set<CueKind>): Part[] | null {
  const digits = view.digits.slice(from, to);
  const n = digits.length;
  if (n >= 3 && n <= 4) {
    if (hints.has('cvv') && !hints.has('expiry')) return [{ kind: 'cvv', from, to }];
    const expiry = looksLikeExpiry(digits) && (n === 4 || view.hasMonth(from, to) || hints.has('expiry'));
    if (hints.has('expiry') && !hints.has('cvv') && !looksLikeExpiry(digits)) return null;
    return [{ kind: expiry ? 'expiry' : 'cvv', from, to }];
  }
  if (n >= 5 && n <= 6 && looksLikeExpiry(digits)) return [{ kind: 'expiry', from, to }];
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
