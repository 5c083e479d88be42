import type { TranscriptWord } from './transcript.parser';

export type TimedText = Pick<TranscriptWord, 'text' | 'startMs' | 'endMs' | 'confidence'>;

/** Digits spoken by one or more consecutive words ("forty one", "double four", "4111"). */
export interface DigitToken {
  digits: string;
  startMs: number;
  endMs: number;
  /** Indices into the words given to `digitTokens`/`digitRuns`. */
  firstWord: number;
  lastWord: number;
  confidence?: number;
  /** A lone "oh": as often an interjection as a zero. */
  weak?: true;
  /** A month name ("April" = 04), only meaningful for expiry dates. */
  month?: true;
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
}

const UNITS: Record<string, string> = {
  zero: '0', nought: '0', naught: '0', oh: '0', o: '0',
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const WEAK_ZERO = new Set(['oh', 'o']);
const TEENS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const REPEATS: Record<string, number> = { double: 2, triple: 3, treble: 3, quadruple: 4 };
const MONTHS: Record<string, string> = {
  january: '01', jan: '01', february: '02', feb: '02', march: '03', mar: '03', april: '04', apr: '04',
  may: '05', june: '06', jun: '06', july: '07', jul: '07', august: '08', aug: '08',
  september: '09', sept: '09', sep: '09', october: '10', oct: '10', november: '11', nov: '11',
  december: '12', dec: '12',
};
// Said inside a number without ending it. "slash"/"dash" are how people read
// "04/27" and "4111-1111" aloud; "of" as in "April of twenty seven".
const FILLERS = new Set([
  'um', 'umm', 'uhm', 'uh', 'er', 'erm', 'ah', 'hmm', 'mm', 'like', 'sorry', 'okay', 'ok', 'yeah', 'and',
  'slash', 'dash', 'hyphen', 'of',
]);

/** Lower-cases a word and drops the punctuation ASR glues to it ("1111," "four." "(415)"). */
export function cleanWord(text: string): string {
  return text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

export function isFiller(text: string): boolean {
  return FILLERS.has(cleanWord(text));
}

interface Piece {
  text: string;
  word: number;
  /** Said straight after the piece before, so the two can form one number ("forty one"). */
  close: boolean;
}

/** "forty … one" with a pause between them is two numbers, not 41. */
const COMPOUND_GAP_MS = 1000;

/** The piece at i, if it continues the one before it. */
function near(pieces: Piece[], i: number): Piece | undefined {
  return pieces[i]?.close ? pieces[i] : undefined;
}

/** Hyphenated and slashed words count as several words at the same time ("forty-one", "04/27"). */
function toPieces(words: readonly TimedText[]): Piece[] {
  const pieces: Piece[] = [];
  words.forEach((w, word) => {
    // An amount ("$200", "15%") is not a digit string, and ends any number around it.
    const close = word > 0 && w.startMs - words[word - 1].endMs <= COMPOUND_GAP_MS;
    if (/[$£€¥%]/u.test(w.text)) {
      pieces.push({ text: w.text, word, close });
      return;
    }
    // Thousands separators, so "4,111" is one group rather than "4" then "111";
    // "+44" dialled is "0044", which tells a phone number from a card number.
    const text = cleanWord(w.text.replace(/^\+(?=\d)/, '00')).replace(/(\d),(?=\d)/g, '$1');
    let first = true;
    for (const part of text.split(/[-‐–/]+/)) {
      const clean = cleanWord(part);
      if (!clean) continue;
      pieces.push({ text: clean, word, close: first ? close : true });
      first = false;
    }
  });
  return pieces;
}

interface Head {
  value: number;
  digits: string;
  next: number;
}

/** A numeral, digit word, teen, or tens with an optional unit ("forty one"). */
function readHead(pieces: Piece[], i: number): Head | null {
  const text = pieces[i]?.text;
  if (text === undefined) return null;
  if (/^\d+$/.test(text)) return { value: Number(text), digits: text, next: i + 1 };
  if (text in UNITS) return { value: Number(UNITS[text]), digits: UNITS[text], next: i + 1 };
  if (text in TEENS) return { value: TEENS[text], digits: String(TEENS[text]), next: i + 1 };
  if (text in TENS) {
    const unit = UNITS[near(pieces, i + 1)?.text ?? ''];
    // "forty oh" is not forty; only 1–9 complete a tens word.
    if (unit !== undefined && unit !== '0') {
      const value = TENS[text] + Number(unit);
      return { value, digits: String(value), next: i + 2 };
    }
    return { value: TENS[text], digits: String(TENS[text]), next: i + 1 };
  }
  return null;
}

/** The 1–99 part after "hundred"/"thousand", skipping an "and" only if something follows it. */
function readTail(pieces: Piece[], i: number): Head | null {
  const at = near(pieces, i)?.text === 'and' ? i + 1 : i;
  const tail = near(pieces, at) ? readHead(pieces, at) : null;
  return tail && tail.value < 100 && !/^\d/.test(pieces[at].text) ? tail : null;
}

function isMultiplier(pieces: Piece[], i: number, word: 'hundred' | 'thousand'): boolean {
  return near(pieces, i)?.text === word;
}

/** Reads "four hundred (and) twelve", "two thousand twenty seven" and the like. */
function readCardinal(pieces: Piece[], head: Head): { digits: string; next: number } {
  let { value, next } = head;
  const small = value >= 1 && value <= 99;
  if (small && isMultiplier(pieces, next, 'thousand')) {
    value *= 1000;
    next += 1;
    const hundreds = readHead(pieces, next);
    if (hundreds && hundreds.value >= 1 && hundreds.value <= 9 && isMultiplier(pieces, hundreds.next, 'hundred')) {
      value += hundreds.value * 100;
      next = hundreds.next + 1;
    }
    const tail = readTail(pieces, next);
    if (tail) return { digits: String(value + tail.value), next: tail.next };
    return { digits: String(value), next };
  }
  if (small && isMultiplier(pieces, next, 'hundred')) {
    value *= 100;
    next += 1;
    const tail = readTail(pieces, next);
    if (tail) return { digits: String(value + tail.value), next: tail.next };
    return { digits: String(value), next };
  }
  return { digits: head.digits, next };
}

interface Parsed {
  digits: string;
  next: number;
  weak?: true;
  month?: true;
}

function readNumber(pieces: Piece[], i: number): Parsed | null {
  const text = pieces[i].text;
  const times = REPEATS[text];
  if (times !== undefined) {
    const repeated = near(pieces, i + 1)?.text ?? '';
    const digit = UNITS[repeated] ?? (/^\d$/.test(repeated) ? repeated : undefined);
    return digit === undefined ? null : { digits: digit.repeat(times), next: i + 2 };
  }
  const month = MONTHS[text];
  if (month !== undefined) {
    // Only a month when a number follows; "may" and "march" are ordinary words too.
    const after = near(pieces, i + 1)?.text === 'of' ? i + 2 : i + 1;
    return near(pieces, after) && readHead(pieces, after) ? { digits: month, next: i + 1, month: true } : null;
  }
  const head = readHead(pieces, i);
  if (!head) return null;
  const cardinal = readCardinal(pieces, head);
  if (cardinal.next === i + 1 && WEAK_ZERO.has(text)) return { ...cardinal, weak: true };
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
  const confidences = words.slice(firstWord, lastWord + 1).flatMap((w) => (w.confidence === undefined ? [] : [w.confidence]));
  if (confidences.length > 0) token.confidence = Math.min(...confidences);
  if (parsed.weak) token.weak = true;
  if (parsed.month) token.month = true;
  return token;
}

type Item = { kind: 'token'; token: DigitToken } | { kind: 'filler' } | { kind: 'other' };

function* scan(words: readonly TimedText[]): Generator<Item> {
  const pieces = toPieces(words);
  let i = 0;
  while (i < pieces.length) {
    const parsed = readNumber(pieces, i);
    if (parsed) {
      yield { kind: 'token', token: makeToken(words, pieces, i, parsed) };
      i = parsed.next;
    } else {
      yield FILLERS.has(pieces[i].text) ? { kind: 'filler' } : { kind: 'other' };
      i += 1;
    }
  }
}

/** Every spoken number in `words` (one channel, in time order), with the time of the words that said it. */
export function digitTokens(words: readonly TimedText[]): DigitToken[] {
  const tokens: DigitToken[] = [];
  for (const item of scan(words)) if (item.kind === 'token') tokens.push(item.token);
  return tokens;
}

/**
 * Groups digit tokens into runs: a run ends at any word that is neither a
 * number nor a filler, or at a silence longer than `maxGapMs`.
 */
export function digitRuns(words: readonly TimedText[], options: Partial<DigitRunOptions> = {}): DigitRun[] {
  const maxGapMs = options.maxGapMs ?? 2000;
  const runs: DigitRun[] = [];
  let current: DigitRun | null = null;
  for (const item of scan(words)) {
    if (item.kind === 'filler') continue;
    if (item.kind === 'other') {
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
