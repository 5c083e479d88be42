import { findCues, type Cue } from './card-cues';
import { runsOf, scanWords, type DigitRun, type DigitToken, type ScanItem } from './digit-normaliser';
import type { LanguageCode } from './languages/language-table';
import { lexiconFor } from './languages/lexicon';
import {
  analyseSlice,
  classifyShort,
  contiguous,
  MAX_RUN_DIGITS,
  RunView,
  toRun,
  type ShortKind,
  type SliceRules,
} from './run-analysis';
import { DEFAULT_SPOKEN_CARD_POLICY, type SpokenCardPolicy, type SpokenCardSpan } from './spoken-card.types';
import type { TranscriptWord } from './transcript.parser';

export { DEFAULT_SPOKEN_CARD_POLICY, type SpokenCardPolicy, type SpokenCardSpan } from './spoken-card.types';

/** How long a card-number prompt keeps the talk about card data, unless another number is asked for. */
const CARD_CONTEXT_MS = 30_000;
/** A card number, its expiry and its CVV, given in pieces. */
const MAX_JOINED_DIGITS = 26;
/** Pieces tried together at most; bounds the search on hostile input. */
const MAX_JOIN_PIECES = 7;
/** Real digits around a misheard one that make a run card-like on its own. */
const HOMOPHONE_RUN_DIGITS = 8;

/**
 * Finds card numbers, CVVs and expiry dates spoken in a word-timed transcript
 * and returns the spans to mute, per channel. `languages` chooses the number
 * words and the vocabulary of prompts and backchannels.
 */
export function detectSpokenCardData(
  words: readonly TranscriptWord[],
  policy: Partial<SpokenCardPolicy> = {},
  languages: readonly LanguageCode[] = ['en'],
): SpokenCardSpan[] {
  const p: SpokenCardPolicy = { ...DEFAULT_SPOKEN_CARD_POLICY, ...policy };
  const lexicon = lexiconFor(languages);
  const voices = groupByVoice(words);
  const cues = [...voices].flatMap(([voice, v]) => findCues(v.words, voice, lexicon)).sort((a, b) => a.startMs - b.startMs);
  const context = new CardContext(cues, p);
  const scanned = [...voices].map(([voice, v]) => ({ voice, channel: v.channel, items: [...scanWords(v.words, lexicon)] }));
  // Another voice's "okay" is a turn; this voice's own is a filler inside its number.
  const speech: Said[] = scanned
    .flatMap(({ voice, items }) =>
      items.map((it): Said => ({ ...timesOf(it), voice, kind: it.kind === 'filler' ? 'interruption' : it.kind, count: it.kind === 'interruption' && !!it.count })),
    )
    .sort((a, b) => a.startMs - b.startMs);
  const spans = scanned.flatMap(({ voice, channel, items }) => {
    const { runs, rejected } = acceptHomophones(runsOf(items, p.maxGapMs), context);
    const said = rejected.length ? [...speech, ...rejected.map((t) => ({ ...timesOf(t), voice, kind: 'other' as const, count: false }))].sort((a, b) => a.startMs - b.startMs) : speech;
    const pieces = splitAtInterruptions(runs, said.filter((s) => s.voice !== voice));
    return detectInVoice(pieces, { voice, channel, said, context, p });
  });
  return spans.sort((a, b) => a.startMs - b.startMs || (a.channel ?? -1) - (b.channel ?? -1));
}

interface Voice {
  channel: number | null;
  words: TranscriptWord[];
}

/** A channel, or a labelled speaker on a shared channel: who said what, for telling turns apart. */
function groupByVoice(words: readonly TranscriptWord[]): Map<string, Voice> {
  const voices = new Map<string, Voice>();
  for (const w of words) {
    const key = w.channel !== null ? `ch:${w.channel}` : w.speaker !== undefined ? `spk:${w.speaker}` : 'all';
    const v = voices.get(key);
    if (v) v.words.push(w);
    else voices.set(key, { channel: w.channel, words: [w] });
  }
  for (const v of voices.values()) v.words.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return voices;
}

/** Anything said by anyone; fillers count as interruptions. */
interface Said {
  startMs: number;
  endMs: number;
  voice: string;
  kind: 'token' | 'interruption' | 'other';
  /** "next four": a count said while asking for digits. */
  count: boolean;
}

function timesOf(item: ScanItem | DigitToken): { startMs: number; endMs: number } {
  if ('token' in item) return { startMs: item.token.startMs, endMs: item.token.endMs };
  return { startMs: item.startMs, endMs: item.endMs };
}

/** Which cues are in force when: card-number prompts, CVV/expiry questions, other numbers asked for. */
class CardContext {
  constructor(
    readonly cues: Cue[],
    private readonly p: SpokenCardPolicy,
  ) {}

  /** The last cue of one of `kinds` before `t` within `windowMs`, unless another number was asked for since. */
  private last(kinds: readonly Cue['kind'][], t: number, windowMs: number): Cue | null {
    // The cues are sorted by start: find the last one said by `t`, then look back.
    let lo = 0;
    let hi = this.cues.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cues[mid].startMs <= t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const c = this.cues[i];
      if (t - c.endMs > windowMs) return null;
      if (kinds.includes(c.kind)) return c;
      if (c.kind === 'other') return null;
    }
    return null;
  }

  /** A card number was asked for, and nothing else since: once the CVV or expiry is asked for, the number has been given. */
  card(t: number): boolean {
    return this.last(['pan', 'cvv', 'expiry'], t, CARD_CONTEXT_MS)?.kind === 'pan';
  }

  /** Card data of some kind is expected: where a misheard digit counts. */
  expecting(t: number): boolean {
    return this.card(t) || this.short(t);
  }

  /** A CVV or expiry was just asked for: its answer may be nothing but misheard digits ("won too ate"). */
  short(t: number): boolean {
    return this.last(['cvv', 'expiry'], t, this.p.cueWindowMs) !== null;
  }

  /** Another number (phone, order, amount) was asked for or named between the two times. */
  otherBetween(fromMs: number, toMs: number): boolean {
    const other = this.last(['other'], toMs - 1, Infinity);
    return other !== null && other.startMs >= fromMs;
  }

  rules(t: number): SliceRules {
    return this.card(t)
      ? { muteUnverified: true, minUnverified: Math.min(this.p.minContextDigits, this.p.minUnverifiedDigits) }
      : { muteUnverified: this.p.muteUnverifiedDigitRuns, minUnverified: this.p.minUnverifiedDigits };
  }
}

/**
 * "for", "to", "won" count as digits only where card data is expected, or
 * inside a run that is a card number by its length anyway; elsewhere they
 * are the words they look like, and end the run.
 */
function acceptHomophones(runs: DigitRun[], context: CardContext): { runs: DigitRun[]; rejected: DigitToken[] } {
  const out: DigitRun[] = [];
  const rejected: DigitToken[] = [];
  for (const run of runs) {
    if (!run.tokens.some((t) => t.homophone)) {
      out.push(run);
      continue;
    }
    const real = run.tokens.filter((t) => !t.homophone).reduce((n, t) => n + t.digits.length, 0);
    let tokens: DigitToken[] = [];
    run.tokens.forEach((t, i) => {
      const inside = i > 0 && i < run.tokens.length - 1 && real >= HOMOPHONE_RUN_DIGITS;
      if (!t.homophone || inside || context.expecting(t.startMs)) {
        tokens.push(t);
        return;
      }
      rejected.push(t);
      if (tokens.length) out.push(toRun(tokens));
      tokens = [];
    });
    if (tokens.length) out.push(toRun(tokens));
  }
  // "thanks for calling": misheard digits alone are a number only as the answer to a CVV or expiry
  // question, or several of them where a card number is being given ("for to won ate").
  const kept = out.filter((r) => !r.tokens.every((t) => t.homophone) || context.short(r.startMs) || (r.tokens.length > 1 && context.card(r.startMs)));
  for (const r of out) if (!kept.includes(r)) rejected.push(...r.tokens);
  return { runs: kept, rejected };
}

/**
 * The other party speaking between two digits means a new turn, so a new
 * piece: whether pieces belong to one number is decided when joining them.
 */
function splitAtInterruptions(runs: DigitRun[], others: Said[]): DigitRun[] {
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

interface VoiceContext {
  voice: string;
  channel: number | null;
  /** Everything said by every voice (fillers aside), by start time. */
  said: Said[];
  context: CardContext;
  p: SpokenCardPolicy;
}

/** What was said between two pieces, or null when it was more than an interruption. */
function gapBetween(a: DigitRun, b: DigitRun, ctx: VoiceContext): { counts: boolean } | null {
  if (b.startMs - a.endMs > ctx.p.longPauseMs) return null;
  let lo = 0;
  let hi = ctx.said.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.said[mid].startMs < a.endMs) lo = mid + 1;
    else hi = mid;
  }
  let words = 0;
  let counts = false;
  for (let i = lo; i < ctx.said.length && ctx.said[i].startMs < b.startMs; i++) {
    const s = ctx.said[i];
    // Another voice reading digits back is an interruption; this voice's own digits are the pieces.
    if (s.kind === 'other' || (s.kind === 'token' && s.voice === ctx.voice)) return null;
    if (++words > ctx.p.maxInterruptionWords) return null;
    counts ||= s.count;
  }
  const cueBetween = ctx.context.cues.some((c) => c.startMs >= a.endMs && c.startMs < b.startMs && c.kind !== 'pan');
  return cueBetween ? null : { counts };
}

/** A piece, or pieces given in turns and joined into one number, with its spans when already analysed. */
interface Unit {
  run: DigitRun;
  pieces: DigitRun[];
  found?: SpokenCardSpan[];
}

/** Chains of pieces joinable one to the next, resolved into units. */
function joinPieces(pieces: DigitRun[], ctx: VoiceContext): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < pieces.length) {
    const chain = [pieces[i]];
    const gaps: boolean[] = [];
    while (ctx.p.contextJoin && i + chain.length < pieces.length) {
      const gap = gapBetween(chain[chain.length - 1], pieces[i + chain.length], ctx);
      if (!gap) break;
      gaps.push(gap.counts);
      chain.push(pieces[i + chain.length]);
    }
    units.push(...resolveChain(chain, gaps, ctx));
    i += chain.length;
  }
  return units;
}

function resolveChain(chain: DigitRun[], counts: boolean[], ctx: VoiceContext): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < chain.length) {
    const crossing = bestCrossingJoin(chain, i, ctx);
    if (crossing) {
      for (let k = i; k < crossing.from; k++) units.push(single(chain[k]));
      units.push(crossing.unit);
      i = crossing.to + 1;
      continue;
    }
    const unverified = unverifiedJoin(chain, counts, i, ctx);
    if (unverified) {
      units.push(unverified.unit);
      i = unverified.to + 1;
      continue;
    }
    units.push(single(chain[i]));
    i += 1;
  }
  return units;
}

function single(piece: DigitRun): Unit {
  return { run: piece, pieces: [piece] };
}

/**
 * Pieces that together hold a Luhn-valid card number crossing from one piece
 * into the next: the longest such stretch starting nearest to `from`.
 */
function bestCrossingJoin(chain: DigitRun[], from: number, ctx: VoiceContext): { from: number; to: number; unit: Unit } | null {
  let best: { from: number; to: number; unit: Unit } | null = null;
  for (let s = from; s < Math.min(chain.length - 1, from + MAX_JOIN_PIECES); s++) {
    for (let e = s + 1; e < Math.min(chain.length, s + MAX_JOIN_PIECES); e++) {
      const pieces = chain.slice(s, e + 1);
      const run = toRun(pieces.flatMap((r) => r.tokens));
      if (run.digits.length > MAX_RUN_DIGITS) break;
      const found = analyseSlice(new RunView(run, ctx.channel), 0, run.digits.length, ctx.context.rules(run.startMs));
      const crosses = found.some((sp) => sp.kind === 'pan' && sp.luhn && pieces.some((pc, k) => k > 0 && sp.startMs < pieces[k - 1].endMs && sp.endMs > pc.startMs));
      if (crosses && (!best || e - s > best.to - best.from)) best = { from: s, to: e, unit: { run, pieces, found } };
    }
    if (best) return best;
  }
  return best;
}

/**
 * In a card context ("card number", "next four"), pieces that together are as
 * long as a card number are muted as one even when their digits fail Luhn,
 * unless one of them is a card number on its own.
 */
function unverifiedJoin(chain: DigitRun[], counts: boolean[], from: number, ctx: VoiceContext): { to: number; unit: Unit } | null {
  let to = from;
  let digits = chain[from].digits.length;
  let prompted = false;
  while (to + 1 < chain.length && digits + chain[to + 1].digits.length <= MAX_JOINED_DIGITS) {
    prompted ||= counts[to];
    digits += chain[++to].digits.length;
  }
  if (to === from) return null;
  const pieces = chain.slice(from, to + 1);
  if (!ctx.context.card(pieces[0].startMs) && !prompted) return null;
  if (namedAsOther(pieces[pieces.length - 1], ctx)) return null;
  if (digits < Math.min(ctx.p.minContextDigits, ctx.p.minUnverifiedDigits)) return null;
  const alone = pieces.some((pc) => analyseSlice(new RunView(pc, ctx.channel), 0, pc.digits.length, { muteUnverified: false, minUnverified: Infinity }).some((s) => s.luhn));
  if (alone) return null;
  const run = toRun(pieces.flatMap((r) => r.tokens));
  return { to, unit: { run, pieces, found: [new RunView(run, ctx.channel).unverified(0, run.digits.length)] } };
}

/** Spans of a joined unit cut to its pieces: what was said between them (a prompt, a pause) stays audible. */
function perPiece(unit: Unit): SpokenCardSpan[] {
  const out: SpokenCardSpan[] = [];
  for (const piece of unit.pieces) {
    const mine = (unit.found ?? [])
      .filter((s) => s.startMs < piece.endMs && s.endMs > piece.startMs)
      .map((s) => ({
        ...s,
        startMs: Math.max(s.startMs, piece.startMs),
        endMs: Math.min(s.endMs, piece.endMs),
        notes: [...(s.notes ?? []), 'joined-across-interruptions' as const],
      }));
    out.push(...contiguous(mine));
  }
  return out;
}

/**
 * Which cues a run answers: the first run after a cue on any voice, or the last
 * run before one on its own. `selfCued`: the voice that asked is the one that
 * went on to say the number ("…and the CVV. That is 120 euros"), not an answer.
 */
function cueHints(units: Unit[], ctx: VoiceContext): { hints: Set<ShortKind>[]; selfCued: boolean[] } {
  const hints = units.map(() => new Set<ShortKind>());
  const selfCued = units.map(() => false);
  for (const cue of ctx.context.cues) {
    if (cue.kind !== 'cvv' && cue.kind !== 'expiry') continue;
    const kind = cue.kind;
    const next = units.findIndex((u) => u.run.startMs >= cue.startMs && u.run.endMs > cue.endMs);
    if (next >= 0 && units[next].run.startMs - cue.endMs <= ctx.p.cueWindowMs) {
      hints[next].add(kind);
      selfCued[next] ||= cue.voice === ctx.voice && ctx.voice !== 'all';
    }
    if (cue.voice !== ctx.voice && cue.voice !== 'all' && ctx.voice !== 'all') continue;
    const previous = (next >= 0 ? next : units.length) - 1;
    if (previous >= 0 && units[previous].run.endMs <= cue.startMs && cue.startMs - units[previous].run.endMs <= ctx.p.cueAfterMs) {
      hints[previous].add(kind);
    }
  }
  return { hints, selfCued };
}

/** How soon after a number a word like "dollars" or "pm" says what it was. */
const NAMED_AFTER_MS = 1500;

/** "one two three dollars": a number whose very next word names it as something other than card data. */
function namedAsOther(run: DigitRun, ctx: VoiceContext): boolean {
  const next = ctx.said.find((s) => s.voice === ctx.voice && s.startMs >= run.endMs);
  if (!next || next.startMs - run.endMs > NAMED_AFTER_MS) return false;
  return ctx.context.cues.some((c) => c.kind === 'other' && c.voice === ctx.voice && c.startMs === next.startMs);
}

function detectInVoice(pieces: DigitRun[], ctx: VoiceContext): SpokenCardSpan[] {
  const { p } = ctx;
  const units = joinPieces(pieces, ctx);
  const { hints, selfCued } = cueHints(units, ctx);
  const spans: SpokenCardSpan[] = [];
  let lastCardEndMs = -Infinity;
  // Expiry and CVV follow a card number; after two short numbers the talk has moved on.
  let followUps = 0;

  units.forEach((unit, index) => {
    const { run } = unit;
    const view = new RunView(run, ctx.channel);
    // "oh oh four four…": an international phone number, a card number only where one was asked for.
    const international = /^00[1-9]/.test(run.digits) && !ctx.context.card(run.startMs);
    const found = unit.found ?? (international ? [] : analyseSlice(view, 0, run.digits.length, ctx.context.rules(run.startMs)));
    if (found.length > 0) {
      spans.push(...(unit.pieces.length > 1 ? perPiece({ ...unit, found }) : contiguous(found)));
      lastCardEndMs = run.endMs;
      followUps = found[found.length - 1].kind === 'cvv' ? 0 : 2;
      return;
    }
    const cued = hints[index].size > 0;
    const afterCard = followUps > 0 && run.startMs - lastCardEndMs <= p.afterCardWindowMs && !ctx.context.otherBetween(lastCardEndMs, run.startMs);
    if (!cued && !afterCard) return;
    // An answer to a question is muted whatever follows it; a number said unasked, or by the asker, may be named.
    if ((!cued || selfCued[index]) && namedAsOther(run, ctx)) return;
    const parts = classifyShort(view, 0, run.digits.length, hints[index]);
    if (!parts) return;
    spans.push(...contiguous(parts.map((part) => view.shortSpan(part, cued ? 0.9 : 0.8))));
    lastCardEndMs = run.endMs;
    // The CVV is asked for last, and what follows it is often the amount to pay.
    if (parts[parts.length - 1].kind === 'cvv') followUps = 0;
    else followUps = afterCard ? followUps - 1 : 1;
  });
  return spans;
}
