/**
 * Pieces of one number given in turns — around backchannels, short prompts
 * ("next four please") and pauses — joined into one candidate when together
 * they are card-like; anything else is left as pieces.
 */

import { isIssuedPan } from '../card-number';
import type { DigitRun } from './digit-normaliser';
import { namedAsOther, type VoiceContext } from './card-context';
import { analyseSlice, contiguous, MAX_RUN_DIGITS, RunView, toRun } from './run-analysis';
import type { SpokenCardSpan } from './spoken-card.types';

/** A card number, its expiry and its CVV, given in pieces. */
const MAX_JOINED_DIGITS = 26;
/** Pieces tried together at most; bounds the search on hostile input. */
const MAX_JOIN_PIECES = 7;

/** What was said between two pieces of one number. */
interface Gap {
  /** A count was said ("next four"). */
  counts: boolean;
  /** The other voice said something other than a backchannel or a prompt. */
  talk: boolean;
  /** This voice said something other than a backchannel ("hang on, let me get my glasses"). */
  chatter: boolean;
}

/**
 * What was said between two pieces, or null when they cannot be one number: a
 * long pause, this voice saying more than `maxChatterWords` or another number,
 * a prompt for another number, or more than a few words of the other voice.
 * Another voice's talk ("sorry, could you say that again", "let me just write
 * that down") is `talk`: the pieces join across it only when together they
 * hold a Luhn-valid number crossing from one into the next, and not across a
 * card prompt said in it. This voice's own talk is `chatter`: the pieces join
 * across it only into a whole card number (see `chatterJoin`).
 */
function gapBetween(a: DigitRun, b: DigitRun, ctx: VoiceContext): Gap | null {
  const { p } = ctx;
  const pause = b.startMs - a.endMs;
  if (pause > Math.max(p.longPauseMs, p.maxChatterMs)) return null;
  let lo = 0;
  let hi = ctx.said.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.said[mid].startMs < a.endMs) lo = mid + 1;
    else hi = mid;
  }
  let others = 0;
  let own = 0;
  let ownTalk = 0;
  let counts = false;
  let talk = false;
  for (let i = lo; i < ctx.said.length && ctx.said[i].startMs < b.startMs; i++) {
    const s = ctx.said[i];
    if (s.voice === ctx.voice) {
      if (++own > p.maxChatterWords) return null;
      // Another voice reading digits back is an interruption. This voice's own digits are the pieces, so
      // a digit word of its own between two of them was not one ("I had to pull over"): it is talk.
      if (s.kind !== 'interruption') {
        ownTalk++;
        continue;
      }
    } else {
      others++;
      talk ||= s.kind === 'other';
    }
    counts ||= s.count;
  }
  const chatter = ownTalk > 0;
  // Without talk of its own, this voice's "sorry", "right" are an interruption like the other's backchannels.
  if (chatter ? others > p.maxInterruptionWords : others + own > p.maxInterruptionWords || pause > p.longPauseMs)
    return null;
  // A prompt for another number ends the first; amid other talk, so does a card prompt: what follows
  // "what's the card number?" starts a number, it does not finish the one before (a phone number, say).
  const cueBetween = ctx.context.cues.some(
    (c) => c.startMs >= a.endMs && c.startMs < b.startMs && (c.kind !== 'pan' || talk),
  );
  return cueBetween ? null : { counts, talk, chatter };
}

/** A piece, or pieces given in turns and joined into one number, with its spans when already analysed. */
export interface Unit {
  run: DigitRun;
  pieces: DigitRun[];
  found?: SpokenCardSpan[];
}

/** Chains of pieces joinable one to the next, resolved into units. */
export function joinPieces(pieces: DigitRun[], ctx: VoiceContext): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < pieces.length) {
    const chain = [pieces[i]];
    const gaps: Gap[] = [];
    while (ctx.p.contextJoin && i + chain.length < pieces.length) {
      const gap = gapBetween(chain[chain.length - 1], pieces[i + chain.length], ctx);
      if (!gap) break;
      gaps.push(gap);
      chain.push(pieces[i + chain.length]);
    }
    units.push(...resolveChain(chain, gaps, ctx));
    i += chain.length;
  }
  return units;
}

function resolveChain(chain: DigitRun[], gaps: Gap[], ctx: VoiceContext): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < chain.length) {
    const crossing = bestCrossingJoin(chain, gaps, i, ctx);
    if (crossing) {
      for (let k = i; k < crossing.from; k++) units.push(single(chain[k]));
      units.push(crossing.unit);
      i = crossing.to + 1;
      continue;
    }
    const unverified = unverifiedJoin(chain, gaps, i, ctx);
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
function bestCrossingJoin(
  chain: DigitRun[],
  gaps: Gap[],
  from: number,
  ctx: VoiceContext,
): { from: number; to: number; unit: Unit } | null {
  let best: { from: number; to: number; unit: Unit } | null = null;
  for (let s = from; s < Math.min(chain.length - 1, from + MAX_JOIN_PIECES); s++) {
    for (let e = s + 1; e < Math.min(chain.length, s + MAX_JOIN_PIECES); e++) {
      let pieces = chain.slice(s, e + 1);
      if (pieces.reduce((n, pc) => n + pc.digits.length, 0) > MAX_RUN_DIGITS) break;
      let restated: DigitRun[] = [];
      if (gaps.slice(s, e).some((g) => g.chatter)) {
        const joined = chatterJoin(pieces, gaps.slice(s, e), ctx);
        if (!joined) continue;
        // A lone misheard "for" left out is a word; a group said wrong is card data.
        restated = pieces.filter((pc) => pc.digits.length >= 3 && !joined.some((j) => j.startMs === pc.startMs));
        pieces = joined;
      }
      const run = toRun(pieces.flatMap((r) => r.tokens));
      const found = analyseSlice(new RunView(run, ctx.channel), 0, run.digits.length, ctx.context.rules(run.startMs));
      const crosses = found.some(
        (sp) =>
          sp.kind === 'pan' &&
          sp.luhn &&
          pieces.some((pc, k) => k > 0 && sp.startMs < pieces[k - 1].endMs && sp.endMs > pc.startMs),
      );
      if (crosses && (!best || e - s > best.to - best.from)) {
        // A group said wrong and said again is card data too, muted with the number.
        const wrong = restated.map((pc) => new RunView(pc, ctx.channel).unverified(0, pc.digits.length));
        const all = [...pieces, ...restated].sort((a, b) => a.startMs - b.startMs);
        best = { from: s, to: e, unit: { run, pieces: all, found: [...found, ...wrong] } };
      }
    }
    if (best) return best;
  }
  return best;
}

/**
 * Pieces with the caller's own talk between them ("four five three two — hang
 * on, let me get my glasses — one one two two…") are one number only when
 * every digit of them together is a card number an issuer could have issued
 * (13–19 digits, Luhn, issuer prefix: 1 in 10 random digit strings pass Luhn,
 * fewer with a prefix) and the card number was asked for, a count prompted
 * them ("next four"), or the other party read the same digits back. A phone
 * number and a zip code said around chatter are neither asked for as a card
 * nor read back as one.
 */
function chatterJoin(pieces: DigitRun[], gaps: Gap[], ctx: VoiceContext): DigitRun[] | null {
  const asked = ctx.context.card(pieces[0].startMs) || gaps.some((g) => g.counts);
  for (const variant of variantsOf(pieces, gaps)) {
    const digits = variant.map((pc) => pc.digits).join('');
    if (isIssuedPan(digits) && (asked || ctx.readBack(digits, variant[variant.length - 1].endMs))) return variant;
  }
  return null;
}

/** The pieces as said, without interjections at the edges of the talk, and without a group said again. */
function* variantsOf(pieces: DigitRun[], gaps: Gap[]): Generator<DigitRun[]> {
  for (const trimmed of interjectionTrims(pieces, gaps)) {
    yield trimmed;
    yield* withoutRestated(trimmed, gaps);
  }
}

/** Most digits of a group said wrong and then again ("four five three two — no wait — four five three one"). */
const MAX_RESTATED_DIGITS = 8;

/**
 * The pieces without those said again, a digit changed, straight after talk
 * of this voice ("no wait", "sorry I mean"), and without a lone misheard digit
 * next to the talk ("I waited for ages"), in every combination.
 */
function* withoutRestated(pieces: DigitRun[], gaps: Gap[]): Generator<DigitRun[]> {
  const restated: number[] = [];
  for (let k = 0; k + 1 < pieces.length; k++) {
    const wrong = pieces[k].digits;
    const next = pieces[k + 1].digits.slice(0, wrong.length);
    if (!gaps[k].chatter || wrong.length < 3 || wrong.length > MAX_RESTATED_DIGITS || next.length < wrong.length)
      continue;
    let changed = 0;
    for (let d = 0; d < wrong.length; d++) if (wrong[d] !== next[d]) changed++;
    if (changed <= 1) restated.push(k);
  }
  for (let k = 0; k < pieces.length; k++)
    if (pieces[k].tokens.length === 1 && pieces[k].tokens[0].homophone && (gaps[k - 1]?.chatter || gaps[k]?.chatter))
      restated.push(k);
  // Every combination of them, a few at most in practice; hostile input gets the first ones only.
  const combos = Math.min(1 << restated.length, 16);
  for (let mask = 1; mask < combos; mask++)
    yield pieces.filter((_, i) => !restated.some((k, bit) => k === i && mask & (1 << bit)));
}

/**
 * The pieces as said, then without a lone "oh"/"un" at an edge next to the
 * talk ("…five six oh — oh sorry, the kids…"): an interjection, not a digit.
 */
function* interjectionTrims(pieces: DigitRun[], gaps: Gap[]): Generator<DigitRun[]> {
  yield pieces;
  const edges: Array<{ piece: number; last: boolean }> = [];
  gaps.forEach((g, k) => {
    if (!g.chatter) return;
    if (pieces[k].tokens.length > 1 && pieces[k].tokens[pieces[k].tokens.length - 1].weak)
      edges.push({ piece: k, last: true });
    if (pieces[k + 1].tokens.length > 1 && pieces[k + 1].tokens[0].weak) edges.push({ piece: k + 1, last: false });
  });
  // A few edges at most in practice; hostile input gets the first combinations only.
  const combos = Math.min(1 << edges.length, 64);
  for (let mask = 1; mask < combos; mask++) {
    yield pieces.map((pc, k) => {
      const dropLast = edges.some((x, b) => mask & (1 << b) && x.piece === k && x.last);
      const dropFirst = edges.some((x, b) => mask & (1 << b) && x.piece === k && !x.last);
      const tokens = pc.tokens.slice(dropFirst ? 1 : 0, dropLast ? -1 : undefined);
      return tokens.length === pc.tokens.length ? pc : toRun(tokens);
    });
  }
}

/**
 * In a card context ("card number", "next four"), pieces that together are as
 * long as a card number are muted as one even when their digits fail Luhn,
 * unless one of them is a card number on its own.
 */
function unverifiedJoin(
  chain: DigitRun[],
  gaps: Gap[],
  from: number,
  ctx: VoiceContext,
): { to: number; unit: Unit } | null {
  let to = from;
  let digits = chain[from].digits.length;
  let prompted = false;
  // Never across talk, either voice's: there only a Luhn-valid number joins.
  while (
    to + 1 < chain.length &&
    !gaps[to].talk &&
    !gaps[to].chatter &&
    digits + chain[to + 1].digits.length <= MAX_JOINED_DIGITS
  ) {
    prompted ||= gaps[to].counts;
    digits += chain[++to].digits.length;
  }
  if (to === from) return null;
  const pieces = chain.slice(from, to + 1);
  if (!ctx.context.card(pieces[0].startMs) && !prompted) return null;
  if (namedAsOther(pieces[pieces.length - 1], ctx)) return null;
  if (digits < Math.min(ctx.p.minContextDigits, ctx.p.minUnverifiedDigits)) return null;
  const alone = pieces.some((pc) =>
    analyseSlice(new RunView(pc, ctx.channel), 0, pc.digits.length, {
      muteUnverified: false,
      minUnverified: Infinity,
    }).some((s) => s.luhn),
  );
  if (alone) return null;
  const run = toRun(pieces.flatMap((r) => r.tokens));
  return { to, unit: { run, pieces, found: [new RunView(run, ctx.channel).unverified(0, run.digits.length)] } };
}

/** Spans of a joined unit cut to its pieces: what was said between them (a prompt, a pause) stays audible. */
export function perPiece(unit: Unit): SpokenCardSpan[] {
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
