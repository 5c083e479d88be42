/**
 * How one language says numbers and asks for card data. Words are written
 * folded (lower case, no accents, ß as ss: see `foldWord`), except keys of
 * `strict`, which are matched before folding ("één" the number, "een" the article).
 * Space-separated entries are phrases of several words.
 */
export interface LanguageTable {
  code: LanguageCode;
  /** 0–9. */
  units: Record<string, number>;
  /** Units that are as often an article or an interjection ("oh", "un", "een"): digits only inside a number. */
  weakUnits?: Record<string, number>;
  /** Matched on the word before folding, before anything else. */
  strict?: Record<string, number>;
  /** Whole numbers below 100 said as one word or fixed phrase: teens, "veintiuno", "ventotto", "dix sept". */
  words: Record<string, number>;
  /** Tens that a unit may follow ("twenty", "vingt", "quatre vingt"). */
  tens: Record<string, number>;
  /** Tens that take 10–19 after them (French 60 and 80: "soixante-dix-sept"). */
  tensTakeTeens?: number[];
  /** Said between tens and unit: "cuarenta y uno", "vinte e um", "vingt et un". */
  tensJoiners?: string[];
  /** Said between unit and tens, unit first: "zwei und zwanzig", "twee en twintig". */
  unitFirstJoiners?: string[];
  /** Said after hundreds or thousands before the rest: "four hundred and twelve", "cento e vinte". */
  hundredJoiners?: string[];
  /** Whole hundreds as one word: "doscientos", "duecento", "cien". */
  hundreds?: Record<string, number>;
  /** Multiplies the number before it by 100 ("four hundred", "deux cents"), or is 100 alone. */
  hundred: string[];
  /** Multiplies the number before it by 1000, or is 1000 alone. */
  thousand: string[];
  /** Languages that write numbers as one word ("zweiundzwanzig", "duemilaventisette"): split them into these parts. */
  compounds?: boolean;
  /** "double four", "doble cuatro". */
  repeats?: Record<string, number>;
  months: Record<string, string>;
  /** Between a month and its year: "April of 2027", "abril de 2027". */
  monthJoiners?: string[];
  /** Said inside a number without ending it. */
  fillers: string[];
  /**
   * Said between the pieces of a number given in turns, by either side:
   * backchannels, short prompts, hold phrases. Nothing else joins two pieces.
   */
  interruptions: string[];
  /** Words after which a small number is a count ("next four"), not digits. */
  countBefore: string[];
  /** Words before which a small number is a count ("four more", "les quatre suivants"). */
  countAfter: string[];
  /** Digits as recognisers mishear them ("for", "won", "ate"); counted only where card data is expected. */
  homophones: Record<string, string>;
  /**
   * Regular expressions (sources) matched at the start of the folded words from
   * each word on: asking for the card number, the CVV, the expiry, or for a
   * number that is not card data (a phone or order number ends the card context).
   */
  cues: { pan: string; cvv: string; expiry: string; other: string };
}

export type LanguageCode = 'en' | 'es' | 'fr' | 'de' | 'it' | 'pt' | 'nl';

export const LANGUAGE_CODES: readonly LanguageCode[] = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl'];

/** Comma-separated entries (an entry of several words is a phrase) to a list. */
export function list(entries: string): string[] {
  return entries
    .split(',')
    .map((w) => w.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** "zero one two …" to { zero: 0, one: 1, … }. */
export function numbered(words: string, from = 0, step = 1): Record<string, number> {
  const out: Record<string, number> = {};
  words.split(/\s+/).forEach((group, i) => {
    for (const w of group.split('|')) out[w] = from + i * step;
  });
  return out;
}

/** "january|jan february|feb …" to { january: '01', jan: '01', … }. */
export function monthTable(words: string): Record<string, string> {
  const out: Record<string, string> = {};
  words.split(/\s+/).forEach((group, i) => {
    for (const w of group.split('|')) out[w] = String(i + 1).padStart(2, '0');
  });
  return out;
}
