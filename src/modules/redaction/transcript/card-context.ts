import type { Cue } from './card-cues';
import type { DigitRun } from './digit-normaliser';
import type { SliceRules } from './run-analysis';
import type { SpokenCardPolicy } from './spoken-card.types';

/** How long a card-number prompt keeps the talk about card data, unless another number is asked for. */
const CARD_CONTEXT_MS = 30_000;
/** The shortest card number. */
const CARD_MIN_DIGITS = 13;

/** Anything said by anyone; fillers count as interruptions. */
export interface Said {
  startMs: number;
  endMs: number;
  voice: string;
  kind: 'token' | 'interruption' | 'other';
  /** "next four": a count said while asking for digits. */
  count: boolean;
}

/** Which cues are in force when: card-number prompts, CVV/expiry questions, other numbers asked for. */
export class CardContext {
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

  /** The last cue said by `t`, within `cueWindowMs`, asked for another number (phone, order, account). */
  private askedOther(t: number): boolean {
    const c = this.cues.filter((cue) => cue.startMs <= t).at(-1);
    return c?.kind === 'other' && t - c.endMs <= this.p.cueWindowMs;
  }

  rules(t: number): SliceRules {
    if (this.card(t))
      return { muteUnverified: true, minUnverified: Math.min(this.p.minContextDigits, this.p.minUnverifiedDigits) };
    // The answer to "what's your account number?" is muted unverified only at a card number's length.
    const min = this.askedOther(t) ? Math.max(this.p.minUnverifiedDigits, CARD_MIN_DIGITS) : this.p.minUnverifiedDigits;
    return { muteUnverified: this.p.muteUnverifiedDigitRuns, minUnverified: min };
  }
}

/** What the detection of one voice knows about the whole call. */
export interface VoiceContext {
  voice: string;
  channel: number | null;
  /** Everything said by every voice (fillers aside), by start time. */
  said: Said[];
  context: CardContext;
  p: SpokenCardPolicy;
  /** Another voice said these digits, in order, within a minute after `afterMs`: the agent reading a number back. */
  readBack(digits: string, afterMs: number): boolean;
}

/** How soon after a number a word like "dollars" or "pm" says what it was. */
const NAMED_AFTER_MS = 1500;

/** "one two three dollars": a number whose very next word names it as something other than card data. */
export function namedAsOther(run: DigitRun, ctx: VoiceContext): boolean {
  const next = ctx.said.find((s) => s.voice === ctx.voice && s.startMs >= run.endMs);
  if (!next || next.startMs - run.endMs > NAMED_AFTER_MS) return false;
  return ctx.context.cues.some((c) => c.kind === 'other' && c.voice === ctx.voice && c.startMs === next.startMs);
}
