/**
 * Pieces of one number given in turns — around backchannels, short prompts
 * ("next four please") and pauses — joined into one candidate when together
 * they are card-like; anything else is left as pieces.
 */

import type { DigitRun } from './digit-normaliser';
import { namedAsOther, type VoiceContext } from './card-context';
import { analyseSlice, contiguous, MAX_RUN_DIGITS, RunView, toRun } from './run-analysis';
import type { SpokenCardSpan } from './spoken-card.types';

/** A card number, its expiry and its CVV, given in pieces. */
const MAX_JOINED_DIGITS = 26;
/** Pieces tried together at most; bounds the search on hostile input. */
const MAX_JOIN_PIECES = 7;

/**
 * What was said between two pieces, or null when they cannot be one number: a
 * long pause, this voice saying something else, a prompt for another number,
 * or more than a few words. Another voice's talk ("sorry, could you say that
 * again", "let me just write that down") is `talk`: the pieces join across it
 * only when together they hold a Luhn-valid number crossing from one into the
 * next, and not across a card prompt said in it.
 */
function gapBetween(a: DigitRun, b: DigitRun, ctx: VoiceContext): { counts: boolean; talk: boolean } | null {
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
  let talk = false;
  for (let i = lo; i < ctx.said.length && ctx.said[i].startMs < b.startMs; i++) {
    const s = ctx.said[i];
    // Another voice reading digits back is an interruption; this voice's own digits are the pieces.
    if (s.voice === ctx.voice && (s.kind === 'other' || s.kind === 'token')) return null;
    if (++words > ctx.p.maxInterruptionWords) return null;
    counts ||= s.count;
    talk ||= s.kind === 'other';
  }
  // A prompt for another number ends the first; amid other talk, so does a card prompt: what follows
  // "what's the card number?" starts a number, it does not finish the one before (a phone number, say).
  const cueBetween = ctx.context.cues.some(
    (c) => c.startMs >= a.endMs && c.startMs < b.startMs && (c.kind !== 'pan' || talk),
  );
  return cueBetween ? null : { counts, talk };
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
    const gaps: Array<{ counts: boolean; talk: boolean }> = [];
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

function resolveChain(chain: DigitRun[], gaps: Array<{ counts: boolean; talk: boolean }>, ctx: VoiceContext): Unit[] {
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
  from: number,
  ctx: VoiceContext,
): { from: number; to: number; unit: Unit } | null {
  let best: { from: number; to: number; unit: Unit } | null = null;
  for (let s = from; s < Math.min(chain.length - 1, from + MAX_JOIN_PIECES); s++) {
    for (let e = s + 1; e < Math.min(chain.length, s + MAX_JOIN_PIECES); e++) {
      const pieces = chain.slice(s, e + 1);
      const run = toRun(pieces.flatMap((r) => r.tokens));
      if (run.digits.length > MAX_RUN_DIGITS) break;
      const found = analyseSlice(new RunView(run, ctx.channel), 0, run.digits.length, ctx.context.rules(run.startMs));
      const crosses = found.some(
        (sp) =>
          sp.kind === 'pan' &&
          sp.luhn &&
          pieces.some((pc, k) => k > 0 && sp.startMs < pieces[k - 1].endMs && sp.endMs > pc.startMs),
      );
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
function unverifiedJoin(
  chain: DigitRun[],
  gaps: Array<{ counts: boolean; talk: boolean }>,
  from: number,
  ctx: VoiceContext,
): { to: number; unit: Unit } | null {
  let to = from;
  let digits = chain[from].digits.length;
  let prompted = false;
  // Never across another voice's talk: there only a Luhn-valid crossing joins.
  while (to + 1 < chain.length && !gaps[to].talk && digits + chain[to + 1].digits.length <= MAX_JOINED_DIGITS) {
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
