/** What was muted, found by which detector; never more than the last four digits of a card. */
export type SpanKind = 'pan' | 'cvv' | 'expiry' | 'dtmf' | 'marker' | 'consent-trim';
export type DetectorName = 'dtmf' | 'transcript' | 'marker' | 'consent';

export interface RedactionSpan {
  /** As detected, before padding. */
  startMs: number;
  endMs: number;
  /** The channel it was found on; null = every channel (muting is always on all channels). */
  channel: number | null;
  kind: SpanKind;
  detector: DetectorName;
  confidence: number;
  /** `•••• 1111` for a card number, bullets only for anything else. */
  masked: string;
  /** Why a span was muted although it is not a clean match; absent when it is. */
  notes?: SpanNote[];
}

/**
 * - `luhn-failed`: card-number length in a card context, muted though the digits fail Luhn (usually misheard).
 * - `misheard-digits`: words recognisers write for digits ("for", "won", "ate") were read as digits.
 * - `joined-across-interruptions`: pieces given in turns (backchannels, "next four", pauses) joined into one number.
 * - `unexpected-length`: a CVV or expiry answer with digits dropped or doubled, or not a valid date.
 * - `segment-level`: the transcript has no word timings (captions, turns), so the whole cue is muted.
 * - `found-after-redaction`: found only once the card data around it was taken out of the transcript (runs on
 *   either side joined, an interruption gone); muted like the rest.
 */
export type SpanNote =
  | 'luhn-failed'
  | 'misheard-digits'
  | 'joined-across-interruptions'
  | 'unexpected-length'
  | 'segment-level'
  | 'found-after-redaction';

export interface DetectorRun {
  name: DetectorName;
  ran: boolean;
  /** Why it did not run (e.g. no transcript supplied), so "not checked" is never read as "clean". */
  reason?: string;
  found: number;
}

export interface VerificationResult {
  passed: boolean;
  codec: string;
  /** Peak allowed inside a padded span, dBFS; -Infinity written as null in JSON means digital silence. */
  maxPeakDbfs: number | null;
  edgeMarginMs: number;
  spansChecked: number;
  worstPeakDbfs: number | null;
  residualDtmf: number;
  /** 2 when codec artefacts that looked like DTMF were muted and the output verified again. */
  attempts: number;
  failures: string[];
}

/** How the transcript was read: its format, whether it had word timings, and in which language(s). */
export interface TranscriptCheck {
  format: string;
  /** The engine that transcribed the audio, when the upload came without a transcript. */
  engine?: string;
  /** `segment`: captions or turns without word timings; card data muted whole cues. */
  granularity: 'word' | 'segment';
  language: {
    codes: string[];
    /** Where the choice came from: the transcript's own tag, the participants' jurisdictions, or English by default. */
    source: 'transcript' | 'jurisdiction' | 'default';
    requested?: string;
    /** false: the transcript names a language without number-word tables; numerals were still checked. */
    supported: boolean;
  };
}

export interface RedactionReport {
  version: 1;
  /** What the redacted audio was stored as; `fallback` says why it is not the input's codec. */
  output?: { format: string; codec: string; fallback?: string };
  paddingMs: number;
  mode: 'mute' | 'tone';
  durationMs: number;
  spans: RedactionSpan[];
  detectors: DetectorRun[];
  /** Present when a transcript was supplied. */
  transcript?: TranscriptCheck;
  verification: VerificationResult;
}
