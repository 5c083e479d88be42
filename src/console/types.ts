/** The API's answers, as far as the console reads them. */
export type { RedactionReport, RedactionSpan, SpanKind } from '../modules/redaction/redaction.types';
export type { RedactedWord as TranscriptWord } from '../modules/redaction/transcript/transcript-redactor';

export interface RecordingSummary {
  id: string;
  externalCallId: string;
  status: string;
  statusReason: string | null;
  direction: string | null;
  startedAt: string | null;
  durationMs: number | null;
  mediaFormat: string | null;
  legalHold: boolean;
  createdAt: string;
}

export interface RecordingPage {
  items: RecordingSummary[];
  nextBefore?: string | null;
  nextAfter?: string | null;
}

export interface ConsentDecisionView {
  outcome: 'allowed' | 'allowed_trimmed' | 'rejected';
  ruleSetVersion: string;
  reasons: { code: string; message: string }[];
  trims: { startMs: number; endMs: number; reason: string }[];
}

export interface RecordingDetail extends RecordingSummary {
  sampleRate: number | null;
  channels: number | null;
  availableAt: string | null;
  decision: ConsentDecisionView | null;
  redaction: {
    spans: number;
    kinds: string[];
    detectorsRun: string[];
    detectorsNotRun: { name: string; reason?: string }[];
    verified: boolean;
  } | null;
}

export interface ConsentEventView {
  id: string;
  participant: string;
  kind: string;
  method: string;
  at: string | null;
  offsetMs: number | null;
  source: string | null;
}

export interface EvidenceBundle {
  kind: string;
  participants: { id: string; role: string; phone: string | null; jurisdiction: string | null }[];
  consent: { events: ConsentEventView[] };
  [key: string]: unknown;
}

export interface LegalHold {
  id: string;
  matter: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
  active: boolean;
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: { kind: string; id: string; role: string | null };
  action: string;
  resource: { type: string | null; id: string | null };
  outcome: string;
  purpose: string | null;
  correlationId: string | null;
  details: unknown;
}

export interface AuditVerification {
  valid: boolean;
  events: number;
  checkpoints: number;
  lastSeq: number;
  firstBadSeq?: number;
  problem?: string;
  message: string;
}

export interface DsarMatch {
  id: string;
  externalCallId: string;
  status: string;
  startedAt: string | null;
  legalHold: boolean;
  participants: { id: string; role: string }[];
}
