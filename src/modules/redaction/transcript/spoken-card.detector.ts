import { CardContext, namedAsOther, type Said, type VoiceContext } from './card-context';
import { findCues } from './card-cues';
import { runsOf, scanWords, type DigitRun, type DigitToken, type ScanItem } from './digit-normaliser';
import type { LanguageCode } from './languages/language-table';
import { lexiconFor } from './languages/lexicon';
import { joinPieces, perPiece, type Unit } from './piece-join';
import { analyseSlice, classifyShort, contiguous, RunView, toRun, type ShortKind } from './run-analysis';
import { DEFAULT_SPOKEN_CARD_POLICY, type SpokenCardPolicy, type SpokenCardSpan } from './spoken-card.types';
import type { TranscriptWord } from './transcript.types';

export { DEFAULT_SPOKEN_CARD_POLICY, type SpokenCardPolicy, type SpokenCardSpan } from './spoken-card.types';

/** How long after a number the other party may take to read it back. */
const READ_BACK_MS = 60_000;
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
  const { spans: found, misheard } = detect(voices, p, lexicon, false);
  // A prompt the lexicon does not know ("read me what is on the front") leaves misheard digits at the edges of the
  // pieces as words, and the number short. Read once more with every homophone a digit: a card number that then
  // passes Luhn is one (a Luhn-valid 13–19 digit run is card data wherever it is said).
  const again = misheard ? reread(detect(voices, p, lexicon, true).spans, found, p) : [];
  return [...found, ...again].sort((a, b) => a.startMs - b.startMs || (a.channel ?? -1) - (b.channel ?? -1));
}

/**
 * What the second reading adds: Luhn-valid card numbers, and the rest of the number they were said in: a
 * 19-digit number whose first 16 digits pass Luhn too is read as 16 digits and a CVV, and when its last piece
 * is "nine too oh" only the second reading has that CVV; left out, three digits of the number stay audible.
 */
function reread(spans: SpokenCardSpan[], found: SpokenCardSpan[], p: SpokenCardPolicy): SpokenCardSpan[] {
  const pans = spans.filter((s) => s.kind === 'pan' && s.luhn);
  const after = (s: SpokenCardSpan) =>
    pans.some((pan) => pan.channel === s.channel && s.startMs >= pan.endMs && s.startMs - pan.endMs <= p.longPauseMs);
  return spans.filter((s) => (s.kind === 'pan' ? s.luhn : after(s)) && !found.some((f) => covers(f, s)));
}

function covers(a: SpokenCardSpan, b: SpokenCardSpan): boolean {
  return a.channel === b.channel && a.startMs <= b.startMs && a.endMs >= b.endMs;
}

function detect(
  voices: Map<string, Voice>,
  p: SpokenCardPolicy,
  lexicon: ReturnType<typeof lexiconFor>,
  homophonesAsDigits: boolean,
): { spans: SpokenCardSpan[]; misheard: boolean } {
  const cues = [...voices]
    .flatMap(([voice, v]) => findCues(v.words, voice, lexicon))
    .sort((a, b) => a.startMs - b.startMs);
  const context = new CardContext(cues, p);
  const scanned = [...voices].map(([voice, v]) => ({
    voice,
    channel: v.channel,
    items: [...scanWords(v.words, lexicon)],
  }));
  // Another voice's "okay" is a turn; this voice's own is a filler inside its number.
  const speech: Said[] = scanned
    .flatMap(({ voice, items }) =>
      items.map((it): Said => ({
        ...timesOf(it),
        voice,
        kind: it.kind === 'filler' ? 'interruption' : it.kind,
        count: it.kind === 'interruption' && !!it.count,
      })),
    )
    .sort((a, b) => a.startMs - b.startMs);
  const allRuns = scanned.map(({ voice, items }) => ({ voice, runs: runsOf(items, p.maxGapMs) }));
  const readBackBy = (voice: string) => (digits: string, afterMs: number) =>
    allRuns.some(
      (other) =>
        other.voice !== voice &&
        other.runs
          .filter((r) => r.startMs >= afterMs && r.startMs - afterMs <= READ_BACK_MS)
          .map((r) => r.digits)
          .join('')
          .includes(digits),
    );
  // Whether any misheard digit was read as a word: only then can a reading with them as digits differ.
  let misheard = false;
  const spans = scanned.flatMap(({ voice, channel }, k) => {
    const { runs } = allRuns[k];
    const { runs: kept, rejected } = homophonesAsDigits
      ? { runs, rejected: [] }
      : acceptHomophones(runs, context, p.maxChatterMs);
    misheard ||= rejected.length > 0;
    const said = rejected.length
      ? [...speech, ...rejected.map((t) => ({ ...timesOf(t), voice, kind: 'other' as const, count: false }))].sort(
          (a, b) => a.startMs - b.startMs,
        )
      : speech;
    const pieces = withoutInterjections(
      splitAtInterruptions(
        kept,
        said.filter((s) => s.voice !== voice),
      ),
      said.filter((s) => s.voice === voice && s.kind === 'other'),
    );
    const found = detectInVoice(pieces, { voice, channel, said, context, p, readBack: readBackBy(voice) });
    return rejected.length ? found.map((s) => (s.kind === 'pan' ? widen(s, rejected, p.maxGapMs) : s)) : found;
  });
  return { spans, misheard };
}

/** A card number ends or starts on a misheard digit left out as a word ("…one four to"): muted with it. */
function widen(span: SpokenCardSpan, rejected: DigitToken[], maxGapMs: number): SpokenCardSpan {
  const out = { ...span };
  for (const t of [...rejected].sort((a, b) => a.startMs - b.startMs))
    if (t.startMs >= out.endMs && t.startMs - out.endMs <= maxGapMs) out.endMs = t.endMs;
  for (const t of [...rejected].sort((a, b) => b.startMs - a.startMs))
    if (t.endMs <= out.startMs && out.startMs - t.endMs <= maxGapMs) out.startMs = t.startMs;
  return out;
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

function timesOf(item: ScanItem | DigitToken): { startMs: number; endMs: number } {
  if ('token' in item) return { startMs: item.token.startMs, endMs: item.token.endMs };
  return { startMs: item.startMs, endMs: item.endMs };
}

/**
 * "for", "to", "won" count as digits only where card data is expected, or
 * inside a run that is a card number by its length anyway; elsewhere they
 * are the words they look like, and end the run.
 */
function acceptHomophones(
  runs: DigitRun[],
  context: CardContext,
  givingMs: number,
): { runs: DigitRun[]; rejected: DigitToken[] } {
  const out: DigitRun[] = [];
  const rejected: DigitToken[] = [];
  // A card number given slowly, around long chatter, is still being given after its prompt's context
  // has lapsed: each run of digits said in a card context keeps it for the next `givingMs`.
  let givingUntil = -Infinity;
  let givingFrom = -Infinity;
  const giving = (t: number) => t <= givingUntil && !context.otherBetween(givingFrom, t);
  const card = (t: number) => context.card(t) || giving(t);
  const expecting = (t: number) => card(t) || context.short(t);
  for (const run of runs) {
    if (card(run.startMs)) {
      givingUntil = run.endMs + givingMs;
      givingFrom = run.endMs;
    }
    if (!run.tokens.some((t) => t.homophone)) {
      out.push(run);
      continue;
    }
    const real = run.tokens.filter((t) => !t.homophone).reduce((n, t) => n + t.digits.length, 0);
    let tokens: DigitToken[] = [];
    run.tokens.forEach((t, i) => {
      const inside = i > 0 && i < run.tokens.length - 1 && real >= HOMOPHONE_RUN_DIGITS;
      if (!t.homophone || inside || expecting(t.startMs)) {
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
  const kept = out.filter(
    (r) =>
      !r.tokens.every((t) => t.homophone) ||
      context.short(r.startMs) ||
      (r.tokens.length > 1 && card(r.startMs)) ||
      // One alone, while a number is being given around talk ("…right, where was I — for"): a piece, but
      // joined only into a card number, and left out of it otherwise (see piece-join).
      giving(r.startMs),
  );
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

/** How close to a word of talk a lone "oh" is that word's interjection. */
const INTERJECTION_MS = 1000;

/**
 * A lone "oh", "un", "een" said amid this voice's own talk ("oh sorry, the kids
 * are shouting") is an interjection or an article, not a piece of a number: left
 * as a piece, it would sit between the real pieces and spoil their digits.
 */
function withoutInterjections(pieces: DigitRun[], talk: Said[]): DigitRun[] {
  return pieces.filter(
    (pc) =>
      !(pc.tokens.length === 1 && pc.tokens[0].weak) ||
      !talk.some((t) => t.startMs - pc.endMs <= INTERJECTION_MS && pc.startMs - t.endMs <= INTERJECTION_MS),
  );
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
    if (
      previous >= 0 &&
      units[previous].run.endMs <= cue.startMs &&
      cue.startMs - units[previous].run.endMs <= ctx.p.cueAfterMs
    ) {
      hints[previous].add(kind);
    }
  }
  return { hints, selfCued };
}

function detectInVoice(pieces: DigitRun[], ctx: VoiceContext): SpokenCardSpan[] {
  const { p } = ctx;
  const units = joinPieces(pieces, ctx);
  const { hints, selfCued } = cueHints(units, ctx);
  const spans: SpokenCardSpan[] = [];
  let lastCardEndMs = -Infinity;
  // Expiry and CVV follow a card number; after two short numbers the talk has moved on.
  let followUps = 0;

  const muted = units.map(() => false);
  units.forEach((unit, index) => {
    const { run } = unit;
    const view = new RunView(run, ctx.channel);
    // "oh oh four four…": an international phone number, a card number only where one was asked for.
    const international = /^00[1-9]/.test(run.digits) && !ctx.context.card(run.startMs);
    const found =
      unit.found ?? (international ? [] : analyseSlice(view, 0, run.digits.length, ctx.context.rules(run.startMs)));
    if (found.length > 0) {
      muted[index] = found.some((f) => f.kind === 'pan');
      spans.push(...(unit.pieces.length > 1 ? perPiece({ ...unit, found }) : contiguous(found)));
      lastCardEndMs = run.endMs;
      followUps = found[found.length - 1].kind === 'cvv' ? 0 : 2;
      return;
    }
    const cued = hints[index].size > 0;
    const afterCard =
      followUps > 0 &&
      run.startMs - lastCardEndMs <= p.afterCardWindowMs &&
      !ctx.context.otherBetween(lastCardEndMs, run.startMs);
    if (!cued && !afterCard) return;
    // An answer to a question is muted whatever follows it; a number said unasked, or by the asker, may be named.
    if ((!cued || selfCued[index]) && namedAsOther(run, ctx)) return;
    const parts = classifyShort(view, 0, run.digits.length, hints[index]);
    if (!parts) return;
    spans.push(...contiguous(parts.map((part) => view.shortSpan(part, cued ? 0.9 : 0.8))));
    muted[index] = true;
    lastCardEndMs = run.endMs;
    // The CVV is asked for last, and what follows it is often the amount to pay.
    if (parts[parts.length - 1].kind === 'cvv') followUps = 0;
    else followUps = afterCard ? followUps - 1 : 1;
  });
  spans.push(...restatements(units, muted, ctx));
  return spans;
}

/** Most words of a self-correction between a group said wrong and said again ("no wait, I mean"). */
const CORRECTION_WORDS = 5;

/**
 * "four five three two — no wait — four five three one one one…": a group said
 * wrong and then said again is card data too. A short number next to a muted
 * card number, with only a few words of this voice between them, is muted when
 * it is that card number's first (or, said after it, last) digits with at most
 * one of them changed.
 */
function restatements(units: Unit[], muted: boolean[], ctx: VoiceContext): SpokenCardSpan[] {
  const out: SpokenCardSpan[] = [];
  units.forEach((unit, i) => {
    const digits = unit.run.digits;
    if (muted[i] || digits.length < 3 || digits.length > 8 || !ctx.context.card(unit.run.startMs)) return;
    const near = (j: number) => {
      if (j < 0 || j >= units.length || !muted[j]) return false;
      const [a, b] = j > i ? [unit.run, units[j].run] : [units[j].run, unit.run];
      if (
        b.startMs - a.endMs > ctx.p.longPauseMs ||
        ctx.context.cues.some((c) => c.startMs >= a.endMs && c.startMs < b.startMs)
      )
        return false;
      const between = ctx.said.filter((s) => s.voice === ctx.voice && s.startMs >= a.endMs && s.endMs <= b.startMs);
      if (between.length > CORRECTION_WORDS) return false;
      const other = units[j].run.digits;
      const against = j > i ? other.slice(0, digits.length) : other.slice(-digits.length);
      if (against.length < digits.length) return false;
      let changed = 0;
      for (let k = 0; k < digits.length; k++) if (digits[k] !== against[k]) changed++;
      return changed <= 1;
    };
    if (near(i + 1) || near(i - 1)) out.push(new RunView(unit.run, ctx.channel).unverified(0, digits.length));
  });
  return out;
}
