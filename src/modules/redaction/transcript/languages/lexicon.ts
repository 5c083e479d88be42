import { DE } from './de';
import { EN } from './en';
import { ES } from './es';
import { FR } from './fr';
import { IT } from './it';
import { NL } from './nl';
import { PT } from './pt';
import type { LanguageCode, LanguageTable } from './language-table';

export const LANGUAGE_TABLES: Readonly<Record<LanguageCode, LanguageTable>> = {
  en: EN,
  es: ES,
  fr: FR,
  de: DE,
  it: IT,
  pt: PT,
  nl: NL,
};

export type NumberEntry =
  | { kind: 'unit'; value: number; weak?: true }
  | { kind: 'word'; value: number }
  | { kind: 'tens'; value: number; teens: boolean }
  | { kind: 'hundreds'; value: number }
  | { kind: 'hundred' }
  | { kind: 'thousand' }
  | { kind: 'repeat'; times: number }
  | { kind: 'month'; digits: string }
  | { kind: 'homophone'; digits: string };

/** Everything one piece of a word can be; a word may be several (Spanish "y" joins tens and fills). */
export interface WordRoles {
  number?: NumberEntry;
  tensJoiner?: true;
  unitFirstJoiner?: true;
  hundredJoiner?: true;
  monthJoiner?: true;
  filler?: true;
  countBefore?: true;
  countAfter?: true;
}

/** Cue patterns of one kind, each anchored at a word start. */
export interface CuePatterns {
  pan: RegExp;
  cvv: RegExp;
  expiry: RegExp;
  other: RegExp;
}

/**
 * The number words, fillers, interruptions and cues of one or more languages,
 * merged (the first language wins where two disagree) and indexed for lookup.
 */
export class Lexicon {
  readonly languages: readonly LanguageCode[];
  readonly cues: CuePatterns;
  /** Whether "hundred"/"thousand" alone are numbers ("cent vingt", "mil novecientos"); English says "a hundred". */
  readonly bareMultipliers: boolean;
  private readonly roles = new Map<string, WordRoles>();
  private readonly strict = new Map<string, number>();
  /** Phrases of two or more pieces: number words ("dix sept") and interruptions ("thank you"). */
  private readonly phrases = new Map<string, { number?: NumberEntry; interruption?: true }>();
  private readonly interruptions = new Set<string>();
  /** First words of phrases, so most words skip the phrase lookups. */
  private readonly phraseStarts = new Set<string>();
  private readonly morphemes: string[] = [];
  private readonly joinerMorphemes = new Set<string>();
  private readonly splits = new Map<string, string[] | null>();
  readonly longestPhrase: number;

  constructor(codes: readonly LanguageCode[]) {
    this.languages = codes.length ? [...new Set(codes)] : ['en'];
    const tables = this.languages.map((c) => LANGUAGE_TABLES[c]);
    for (const t of tables) this.add(t);
    const cue = (kind: keyof CuePatterns) => new RegExp(`^(${tables.map((t) => t.cues[kind]).join('|')})\\b`);
    this.cues = { pan: cue('pan'), cvv: cue('cvv'), expiry: cue('expiry'), other: cue('other') };
    this.bareMultipliers = this.languages.some((c) => c !== 'en');
    this.morphemes.sort((a, b) => b.length - a.length);
    this.longestPhrase = Math.max(1, ...[...this.phrases.keys()].map((k) => k.split(' ').length));
    for (const k of this.phrases.keys()) this.phraseStarts.add(k.split(' ')[0]);
  }

  /** The roles of a (folded) piece; `raw` is the piece before folding, for `strict` entries. */
  rolesOf(piece: string, raw?: string): WordRoles | undefined {
    const strict = raw === undefined ? undefined : this.strict.get(raw);
    if (strict !== undefined) return { number: { kind: 'unit', value: strict } };
    return this.roles.get(piece);
  }

  phrase(pieces: readonly string[]): { number?: NumberEntry; interruption?: true } | undefined {
    return this.phrases.get(pieces.join(' '));
  }

  startsPhrase(piece: string): boolean {
    return this.phraseStarts.has(piece);
  }

  isInterruption(piece: string): boolean {
    return this.interruptions.has(piece);
  }

  /**
   * A word written as one run of number parts ("zweiundzwanzig", "duemilaventisette"),
   * split into them; null when it is not entirely made of them.
   */
  splitCompound(word: string): string[] | null {
    if (this.morphemes.length === 0 || word.length < 5 || !/^[a-z]+$/.test(word)) return null;
    const cached = this.splits.get(word);
    if (cached !== undefined) return cached;
    const parts = this.segment(word);
    const ok =
      parts &&
      parts.length >= 2 &&
      !this.joinerMorphemes.has(parts[0]) &&
      !this.joinerMorphemes.has(parts[parts.length - 1]);
    if (this.splits.size > 10_000) this.splits.clear();
    this.splits.set(word, ok ? parts : null);
    return ok ? parts : null;
  }

  private segment(word: string): string[] | null {
    // Fewest parts wins: "achttien" is 18, not "acht" + "tien".
    const best = new Array<string[] | null>(word.length + 1).fill(null);
    best[0] = [];
    for (let at = 0; at < word.length; at++) {
      const before = best[at];
      if (!before) continue;
      for (const m of this.morphemes) {
        if (!word.startsWith(m, at)) continue;
        const end = at + m.length;
        const known = best[end];
        if (!known || known.length > before.length + 1) best[end] = [...before, m];
      }
    }
    return best[word.length];
  }

  private add(t: LanguageTable): void {
    const number = (key: string, entry: NumberEntry) => {
      if (key.includes(' ')) {
        const p = this.phrases.get(key) ?? {};
        p.number ??= entry;
        this.phrases.set(key, p);
      } else {
        const r = this.role(key);
        r.number ??= entry;
      }
      if (t.compounds && !key.includes(' ')) this.morphemes.push(key);
    };
    for (const [w, v] of Object.entries(t.units)) number(w, { kind: 'unit', value: v });
    for (const [w, v] of Object.entries(t.weakUnits ?? {})) number(w, { kind: 'unit', value: v, weak: true });
    for (const [w, v] of Object.entries(t.words)) number(w, { kind: 'word', value: v });
    const teens = new Set(t.tensTakeTeens ?? []);
    for (const [w, v] of Object.entries(t.tens)) number(w, { kind: 'tens', value: v, teens: teens.has(v) });
    for (const [w, v] of Object.entries(t.hundreds ?? {})) number(w, { kind: 'hundreds', value: v });
    for (const w of t.hundred) number(w, { kind: 'hundred' });
    for (const w of t.thousand) number(w, { kind: 'thousand' });
    for (const [w, times] of Object.entries(t.repeats ?? {})) number(w, { kind: 'repeat', times });
    for (const [w, digits] of Object.entries(t.months)) this.role(w).number ??= { kind: 'month', digits };
    for (const [w, digits] of Object.entries(t.homophones)) this.role(w).number ??= { kind: 'homophone', digits };
    for (const [w, v] of Object.entries(t.strict ?? {})) if (!this.strict.has(w)) this.strict.set(w, v);
    const flag = (words: readonly string[] | undefined, role: Exclude<keyof WordRoles, 'number'>, morpheme = false) => {
      for (const w of words ?? []) {
        this.role(w)[role] = true;
        if (morpheme && t.compounds) {
          this.morphemes.push(w);
          this.joinerMorphemes.add(w);
        }
      }
    };
    flag(t.tensJoiners, 'tensJoiner');
    flag(t.unitFirstJoiners, 'unitFirstJoiner', true);
    flag(t.hundredJoiners, 'hundredJoiner', true);
    flag(t.monthJoiners, 'monthJoiner');
    flag(t.monthJoiners, 'filler');
    flag(
      t.fillers.filter((w) => !w.includes(' ')),
      'filler',
    );
    flag(
      t.countBefore.filter((w) => !w.includes(' ')),
      'countBefore',
    );
    flag(
      t.countAfter.filter((w) => !w.includes(' ')),
      'countAfter',
    );
    for (const w of [...t.interruptions, ...t.fillers.filter((f) => f.includes(' '))]) {
      if (!w.includes(' ')) this.interruptions.add(w);
      else {
        const p = this.phrases.get(w) ?? {};
        p.interruption = true;
        this.phrases.set(w, p);
      }
    }
  }

  private role(word: string): WordRoles {
    let r = this.roles.get(word);
    if (!r) this.roles.set(word, (r = {}));
    return r;
  }
}

const cache = new Map<string, Lexicon>();

/** The lexicon for these languages, built once per combination. */
export function lexiconFor(codes: readonly LanguageCode[] = ['en']): Lexicon {
  const key = codes.join(',') || 'en';
  let lex = cache.get(key);
  if (!lex) cache.set(key, (lex = new Lexicon(codes)));
  return lex;
}

/** Lower case, accents dropped, ß as ss: how every table writes its words. */
export function foldWord(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '');
}
