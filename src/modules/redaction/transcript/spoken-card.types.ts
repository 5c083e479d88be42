import type { SpanNote } from '../redaction.types';

export interface SpokenCardPolicy {
  /** Longest silence inside one spoken number. */
  maxGapMs: number;
  /** Mute long digit runs that fail Luhn anywhere: usually a card number the recogniser got one digit wrong. */
  muteUnverifiedDigitRuns: boolean;
  /** Shortest run muted as an unverified card number outside a card context; above the 10–11 digits of a phone number. */
  minUnverifiedDigits: number;
  /** Shortest run muted as an unverified card number in a card context (asked for, or given in pieces). */
  minContextDigits: number;
  /** How long after "security code"/"expiry"/"card number" a number still answers it. */
  cueWindowMs: number;
  /** How long before such a cue a number may have been said ("one two three, that's the CVV"). */
  cueAfterMs: number;
  /** How long after card data a short number is still taken as its CVV or expiry. */
  afterCardWindowMs: number;
  /** Join the pieces of a number given in turns, across backchannels, short prompts and pauses. */
  contextJoin: boolean;
  /** Longest gap between two pieces of one number (silence, backchannels, "next four please"). */
  longPauseMs: number;
  /** Most words said between two pieces that are still an interruption. */
  maxInterruptionWords: number;
  /**
   * Most words of the caller's own talk between two pieces of one number ("hang on, let me get my
   * glasses…"), and the longest such gap. Pieces join across it only in a card context, and only
   * when together they are a whole Luhn-valid card number an issuer could have issued.
   */
  maxChatterWords: number;
  maxChatterMs: number;
}

export const DEFAULT_SPOKEN_CARD_POLICY: Readonly<SpokenCardPolicy> = {
  maxGapMs: 2000,
  muteUnverifiedDigitRuns: true,
  minUnverifiedDigits: 12,
  minContextDigits: 11,
  cueWindowMs: 10_000,
  cueAfterMs: 3000,
  afterCardWindowMs: 15_000,
  contextJoin: true,
  longPauseMs: 8000,
  maxInterruptionWords: 10,
  // About 15 s of talk at a caller's 2–3 words a second: long enough to find glasses or move room,
  // short enough that the talk is still about the card (its context lasts 30 s from each prompt).
  maxChatterWords: 40,
  maxChatterMs: 20_000,
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
  notes?: SpanNote[];
}
