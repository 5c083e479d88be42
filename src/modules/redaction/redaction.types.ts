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
}

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

export interface RedactionReport {
  version: 1;
  paddingMs: number;
  mode: 'mute' | 'tone';
  durationMs: number;
  spans: RedactionSpan[];
  detectors: DetectorRun[];
  verification: VerificationResult;
}
