import { foldWord, lexiconFor, type Lexicon, type NumberEntry } from './languages/lexicon';
import type { TranscriptWord } from './transcript.types';

export type TimedText = Pick<TranscriptWord, 'text' | 'startMs' | 'endMs' | 'confidence' | 'segment'>;

/** Digits spoken by one or more consecutive words ("forty one", "double four", "4111", "quatre-vingt-dix"). */
export interface DigitToken {
  digits: string;
  startMs: number;
  endMs: number;
  /** Indices into the words given to `digitTokens`/`digitRuns`. */
  firstWord: number;
  lastWord: number;
  confidence?: number;
  /** A lone "oh", "un", "een": as often an interjection or an article as a digit. */
  weak?: true;
  /** A month name ("April" = 04), only meaningful for expiry dates. */
  month?: true;
  /** A word recognisers write for a digit ("for", "won"): a digit only where card data is expected. */
  homophone?: true;
  /** Said in a caption cue or turn without word timings: the times are the cue's. */
  segment?: true;
}

/** Digit tokens said one after another with only fillers and short pauses between them. */
export interface DigitRun {
  digits: string;
  tokens: DigitToken[];
  startMs: number;
  endMs: number;
}

export interface DigitRunOptions {
  /** Longest silence between two digit tokens that still counts as one number. */
  maxGapMs: number;
  lexicon: Lexicon;
}

/** Lower-cases a word and drops the punctuation ASR glues to it ("1111," "four." "(415)"). */
export function cleanWord(text: string): string {
  return text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

interface Piece {
  /** Folded. */
  text: string;
  /** As said, lower case: `strict` entries are matched on this. */
  raw: string;
  word: number;
  /** Said straight after the piece before, so the two can form one number ("forty one"). */
  close: boolean;
}

/** "forty … one" with a pause between them is two numbers, not 41. */
const COMPOUND_GAP_MS = 1000;

/**
 * Hyphenated, slashed and elided words count as several words at the same time
 * ("forty-one", "04/27", "d'accord"), and so do number compounds ("zweiundzwanzig").
 */
function toPieces(words: readonly TimedText[], lexicon: Lexicon): Piece[] {
  const pieces: Piece[] = [];
  words.forEach((w, word) => {
    const close = word > 0 && w.startMs - words[word - 1].endMs <= COMPOUND_GAP_MS;
    // An amount ("$200", "15%", "20 €") is not a digit string, and ends any number around it.
    if (/[$£€¥%]/u.test(w.text)) {
      pieces.push({ text: w.text, raw: w.text, word, close });
      return;
    }
    // Thousands separators, so "4,111" is one group rather than "4" then "111";
    // "+44" dialled is "0044", which tells a phone number from a card number.
    const text = cleanWord(w.text.replace(/^\+(?=\d)/, '00')).replace(/(\d),(?=\d)/g, '$1');
    let first = true;
    for (const part of text.split(/[-‐–/'’]+/)) {
      const raw = cleanWord(part);
      if (!raw) continue;
      const folded = foldWord(raw);
      const split = lexicon.rolesOf(folded, raw) ? null : lexicon.splitCompound(folded);
      for (const sub of split ?? [folded]) {
        pieces.push({ text: sub, raw: split ? sub : raw, word, close: first ? close : true });
        first = false;
      }
    }
  });
  return pieces;
}

class Reader {
  constructor(
    private readonly pieces: Piece[],
    private readonly lex: Lexicon,
  ) {}

  /** The piece at i, if it continues the one before it. */
  near(i: number): Piece | undefined {
    return this.pieces[i]?.close ? this.pieces[i] : undefined;
  }

  entry(p: Piece): NumberEntry | undefined {
    return this.lex.rolesOf(p.text, p.raw)?.number;
  }

  /** A number word of one piece or a fixed phrase of two ("dix sept", "quatre vingts"), and where it ends. */
  numberAt(i: number, needClose: boolean): { entry: NumberEntry; next: number } | null {
    const p = needClose ? this.near(i) : this.pieces[i];
    if (!p) return null;
    const second = this.lex.startsPhrase(p.text) ? this.near(i + 1) : undefined;
    if (second) {
      const phrase = this.lex.phrase([p.text, second.text])?.number;
      if (phrase) return { entry: phrase, next: i + 2 };
    }
    const entry = this.entry(p);
    return entry ? { entry, next: i + 1 } : null;
  }

  has(i: number, role: 'tensJoiner' | 'unitFirstJoiner' | 'hundredJoiner' | 'monthJoiner'): boolean {
    const p = this.near(i);
    return !!p && this.lex.rolesOf(p.text, p.raw)?.[role] === true;
  }

  /** A unit (optionally after a joiner) completing a tens word: "forty one", "cuarenta y uno", "vingt et un". */
  private unitAfterTens(i: number, teens: boolean): { value: number; next: number } | null {
    for (const at of this.has(i, 'tensJoiner') ? [i + 1, i] : [i]) {
      // A unit after tens is the unit, whatever follows it: "trente-quatre vingt-sept" is 34 27, not 30 87.
      const piece = this.near(at);
      const unit = piece && this.entry(piece);
      // "forty oh" is not forty; only 1–9 complete a tens word.
      if (unit && unit.kind === 'unit' && unit.value >= 1 && !(unit.weak && unit.value === 0))
        return { value: unit.value, next: at + 1 };
      const n = this.numberAt(at, true);
      if (teens && n?.entry.kind === 'word' && n.entry.value >= 10 && n.entry.value <= 19)
        return { value: n.entry.value, next: n.next };
    }
    return null;
  }

  /** 0–99 from number words, or a numeral of any length. */
  below100(i: number, needClose: boolean): { value: number; digits: string; next: number } | null {
    const p = needClose ? this.near(i) : this.pieces[i];
    if (!p) return null;
    if (/^\d+$/.test(p.text)) return { value: Number(p.text), digits: p.text, next: i + 1 };
    const n = this.numberAt(i, needClose);
    if (!n) return null;
    const { entry } = n;
    if (entry.kind === 'word') return { value: entry.value, digits: String(entry.value), next: n.next };
    if (entry.kind === 'tens') {
      const unit = this.unitAfterTens(n.next, entry.teens);
      const value = entry.value + (unit?.value ?? 0);
      return { value, digits: String(value), next: unit?.next ?? n.next };
    }
    if (entry.kind === 'unit') {
      // Unit first: "zwei und zwanzig", "vier en twintig".
      if (this.has(n.next, 'unitFirstJoiner')) {
        const tens = this.numberAt(n.next + 1, true);
        if (tens?.entry.kind === 'tens' && entry.value >= 1) {
          const value = tens.entry.value + entry.value;
          return { value, digits: String(value), next: tens.next };
        }
      }
      return { value: entry.value, digits: String(entry.value), next: n.next };
    }
    return null;
  }

  private isMultiplier(i: number, kind: 'hundred' | 'thousand'): boolean {
    return this.numberAt(i, true)?.entry.kind === kind;
  }

  /** The 1–99 part after "hundred"/"thousand", skipping a joiner only if something follows it. */
  private tail(i: number): { value: number; next: number } | null {
    const at = this.has(i, 'hundredJoiner') ? i + 1 : i;
    if (!this.near(at) || /^\d/.test(this.pieces[at].text)) return null;
    const t = this.below100(at, true);
    return t && t.value < 100 ? t : null;
  }

  /** 100–999 that starts at i: "four hundred (and) twelve", "doscientos", "cent vingt". */
  private hundreds(
    i: number,
    needClose: boolean,
    head = this.below100(i, needClose),
  ): { value: number; next: number } | null {
    let value: number;
    let next: number;
    const first = this.numberAt(i, needClose);
    if (first?.entry.kind === 'hundreds') {
      value = first.entry.value;
      next = first.next;
    } else if (first?.entry.kind === 'hundred' && this.lex.bareMultipliers) {
      value = 100;
      next = first.next;
    } else if (head && head.value >= 1 && head.value <= 99 && this.isMultiplier(head.next, 'hundred')) {
      value = head.value * 100;
      next = head.next + 1;
    } else return null;
    const tail = this.tail(next);
    return tail ? { value: value + tail.value, next: tail.next } : { value, next };
  }

  /** Reads "two thousand twenty seven", "dos mil veintisiete", "fifteen hundred" and the like. */
  cardinal(i: number): { digits: string; next: number } | null {
    const head = this.below100(i, false);
    const first = this.numberAt(i, false);
    let value = 0;
    let next = i;
    const small = head && head.value >= 1 && head.value <= 99 && !/^\d{3,}$/.test(this.pieces[i].text);
    const hundredsHead = this.hundreds(i, false, head);
    const thousandsOf = hundredsHead ?? (small ? head : null);
    if (thousandsOf && this.isMultiplier(thousandsOf.next, 'thousand')) {
      value = thousandsOf.value * 1000;
      next = thousandsOf.next + 1;
    } else if (first?.entry.kind === 'thousand' && this.lex.bareMultipliers) {
      value = 1000;
      next = first.next;
    }
    if (next > i) {
      const h = this.near(next) ? this.hundreds(next, true) : null;
      if (h) return { digits: String(value + h.value), next: h.next };
      const tail = this.tail(next);
      return tail ? { digits: String(value + tail.value), next: tail.next } : { digits: String(value), next };
    }
    if (hundredsHead) return { digits: String(hundredsHead.value), next: hundredsHead.next };
    return head ? { digits: head.digits, next: head.next } : null;
  }
}

interface Parsed {
  digits: string;
  next: number;
  weak?: true;
  month?: true;
  homophone?: true;
}

function readNumber(r: Reader, pieces: Piece[], i: number): Parsed | null {
  const n = r.numberAt(i, false);
  if (n?.entry.kind === 'repeat') {
    const repeated = r.numberAt(i + 1, true);
    const digit =
      repeated?.entry.kind === 'unit'
        ? String(repeated.entry.value)
        : /^\d$/.test(r.near(i + 1)?.text ?? '')
          ? pieces[i + 1].text
          : undefined;
    // "double for": a repeated digit the recogniser wrote as its homophone counts where a misheard digit does.
    if (digit === undefined && repeated?.entry.kind === 'homophone' && repeated.entry.digits.length === 1)
      return { digits: repeated.entry.digits.repeat(n.entry.times), next: i + 2, homophone: true };
    return digit === undefined ? null : { digits: digit.repeat(n.entry.times), next: i + 2 };
  }
  if (n?.entry.kind === 'month') {
    // Only a month when a number follows; "may" and "march" are ordinary words too.
    const after = r.has(i + 1, 'monthJoiner') ? i + 2 : i + 1;
    return r.near(after) && r.below100(after, true) ? { digits: n.entry.digits, next: i + 1, month: true } : null;
  }
  if (n?.entry.kind === 'homophone') return { digits: n.entry.digits, next: i + 1, homophone: true };
  const cardinal = r.cardinal(i);
  if (!cardinal) return null;
  if (cardinal.next === i + 1 && n?.entry.kind === 'unit' && n.entry.weak) return { ...cardinal, weak: true };
  return cardinal;
}

function makeToken(words: readonly TimedText[], pieces: Piece[], from: number, parsed: Parsed): DigitToken {
  const firstWord = pieces[from].word;
  const lastWord = pieces[parsed.next - 1].word;
  const token: DigitToken = {
    digits: parsed.digits,
    startMs: words[firstWord].startMs,
    endMs: words[lastWord].endMs,
    firstWord,
    lastWord,
  };
  const confidences = words
    .slice(firstWord, lastWord + 1)
    .flatMap((w) => (w.confidence === undefined ? [] : [w.confidence]));
  if (confidences.length > 0) token.confidence = Math.min(...confidences);
  if (parsed.weak) token.weak = true;
  if (parsed.month) token.month = true;
  if (parsed.homophone) token.homophone = true;
  if (words[firstWord].segment) token.segment = true;
  return token;
}

/**
 * What each stretch of words is: digits, a filler inside a number, an
 * interruption between the pieces of one (a backchannel, "next four"), or
 * anything else.
 */
export type ScanItem =
  | { kind: 'token'; token: DigitToken }
  | { kind: 'filler'; startMs: number; endMs: number }
  | { kind: 'interruption'; startMs: number; endMs: number; count?: true }
  | { kind: 'other'; startMs: number; endMs: number };

export function* scanWords(words: readonly TimedText[], lexicon: Lexicon = lexiconFor()): Generator<ScanItem> {
  const pieces = toPieces(words, lexicon);
  const reader = new Reader(pieces, lexicon);
  const roles = (i: number) => (pieces[i] ? lexicon.rolesOf(pieces[i].text, pieces[i].raw) : undefined);
  let i = 0;
  while (i < pieces.length) {
    const parsed = readNumber(reader, pieces, i);
    const span = (to: number) => ({ startMs: words[pieces[i].word].startMs, endMs: words[pieces[to - 1].word].endMs });
    if (parsed) {
      // "next four", "four more", "les quatre suivants": a count said while asking for digits.
      const count =
        parsed.digits.length <= 2 &&
        Number(parsed.digits) <= 20 &&
        ((pieces[i].close && roles(i - 1)?.countBefore) ||
          (reader.near(parsed.next) && roles(parsed.next)?.countAfter));
      yield count
        ? { kind: 'interruption', ...span(parsed.next), count: true }
        : { kind: 'token', token: makeToken(words, pieces, i, parsed) };
      i = parsed.next;
      continue;
    }
    let phrase = 0;
    for (
      let n = lexicon.startsPhrase(pieces[i].text) ? Math.min(lexicon.longestPhrase, pieces.length - i) : 0;
      n >= 2 && !phrase;
      n--
    ) {
      if (lexicon.phrase(pieces.slice(i, i + n).map((p) => p.text))?.interruption) phrase = n;
    }
    if (!phrase && roles(i)?.filler) {
      yield { kind: 'filler', ...span(i + 1) };
      i += 1;
      continue;
    }
    if (!phrase && lexicon.isInterruption(pieces[i].text)) phrase = 1;
    yield phrase ? { kind: 'interruption', ...span(i + phrase) } : { kind: 'other', ...span(i + 1) };
    i += Math.max(phrase, 1);
  }
}

/** Every spoken number in `words` (one voice, in time order), with the time of the words that said it. */
export function digitTokens(words: readonly TimedText[], lexicon: Lexicon = lexiconFor()): DigitToken[] {
  const tokens: DigitToken[] = [];
  for (const item of scanWords(words, lexicon)) if (item.kind === 'token') tokens.push(item.token);
  return tokens;
}

/**
 * Groups digit tokens into runs: a run ends at any word that is neither a
 * number nor a filler, or at a silence longer than `maxGapMs`.
 */
export function digitRuns(words: readonly TimedText[], options: Partial<DigitRunOptions> = {}): DigitRun[] {
  return runsOf(scanWords(words, options.lexicon ?? lexiconFor()), options.maxGapMs ?? 2000);
}

export function runsOf(items: Iterable<ScanItem>, maxGapMs: number): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: DigitRun | null = null;
  for (const item of items) {
    if (item.kind === 'filler') continue;
    if (item.kind !== 'token') {
      current = null;
      continue;
    }
    const { token } = item;
    if (current && token.startMs - current.endMs <= maxGapMs) {
      current.digits += token.digits;
      current.tokens.push(token);
      current.endMs = Math.max(current.endMs, token.endMs);
    } else {
      current = { digits: token.digits, tokens: [token], startMs: token.startMs, endMs: token.endMs };
      runs.push(current);
    }
  }
  return runs;
}
