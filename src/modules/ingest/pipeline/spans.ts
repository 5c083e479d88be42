import type { ConsentTrim } from '../../consent/consent.decision';
import type { TimeSpan } from '../../media/media.types';
import { classifyDtmfRuns } from '../../redaction/dtmf/dtmf.classifier';
import type { DtmfEvent } from '../../redaction/dtmf/dtmf.detector';
import type { RedactionSpan } from '../../redaction/redaction.types';
import type { SpokenCardSpan } from '../../redaction/transcript/spoken-card.detector';
import type { UploadMetadataStored } from '../../recordings/upload-metadata.schema';

/**
 * DTMF runs per channel, classified (card number, CVV, expiry, other keypad tones);
 * every run is muted. Runs found only on the channels' mix (see ChannelDtmf) are
 * added for every channel (`channel: null`); one a channel has already is not.
 */
export function dtmfSpans(eventsByChannel: DtmfEvent[][], mixed: DtmfEvent[] = []): RedactionSpan[] {
  const spans = (events: DtmfEvent[], channel: number | null): RedactionSpan[] =>
    classifyDtmfRuns(events).map((run) => ({
      startMs: Math.round(run.startMs),
      endMs: Math.round(run.endMs),
      channel,
      kind: run.kind,
      detector: 'dtmf' as const,
      confidence: 1,
      masked: run.masked,
    }));
  const perChannel = eventsByChannel.flatMap((events, channel) => spans(events, channel));
  const onlyMixed = spans(mixed, null).filter(
    (m) => !perChannel.some((s) => s.startMs < m.endMs && m.startMs < s.endMs),
  );
  return [...perChannel, ...onlyMixed];
}

export function transcriptSpans(found: SpokenCardSpan[]): RedactionSpan[] {
  return found.map((s) => ({
    startMs: Math.round(s.startMs),
    endMs: Math.round(s.endMs),
    channel: s.channel,
    kind: s.kind,
    detector: 'transcript',
    confidence: s.confidence,
    masked: s.masked,
    ...(s.notes ? { notes: [...new Set(s.notes)] } : {}),
  }));
}

export function markerSpans(meta: UploadMetadataStored | null): RedactionSpan[] {
  return (meta?.markers ?? []).map((m) => ({
    startMs: m.startMs,
    endMs: m.endMs,
    channel: null,
    kind: 'marker',
    detector: 'marker',
    confidence: 1,
    masked: '',
  }));
}

export function trimSpans(trims: ConsentTrim[], durationMs: number): RedactionSpan[] {
  return trims.map((t) => ({
    startMs: Math.min(t.startMs, durationMs),
    endMs: Math.min(t.endMs, durationMs),
    channel: null,
    kind: 'consent-trim',
    detector: 'consent',
    confidence: 1,
    masked: '',
  }));
}

/**
 * The ranges actually muted: every span widened by `paddingMs` on both sides,
 * clipped to the audio, overlapping or touching ranges merged. Consent trims
 * are not padded: they are exact by definition. A range narrower than
 * `minWidthMs` is widened about its middle (within the audio) to that width:
 * a lossy codec smears each edge of a muted range, and verification skips that
 * margin, so a range with too little middle could not be shown to be silent.
 */
export function paddedRanges(
  spans: RedactionSpan[],
  paddingMs: number,
  durationMs: number,
  minWidthMs = 0,
): TimeSpan[] {
  const ranges = spans
    .map((s) => {
      const pad = s.kind === 'consent-trim' ? 0 : paddingMs;
      return { startMs: Math.max(0, s.startMs - pad), endMs: Math.min(durationMs, s.endMs + pad) };
    })
    .filter((r) => r.endMs > r.startMs)
    .map((r) => {
      const grow = Math.max(0, minWidthMs - (r.endMs - r.startMs)) / 2;
      if (!grow) return r;
      const startMs = Math.max(0, Math.min(r.startMs - grow, durationMs - minWidthMs));
      return { startMs, endMs: Math.min(durationMs, startMs + minWidthMs) };
    })
    .sort((a, b) => a.startMs - b.startMs);
  const merged: TimeSpan[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.startMs <= last.endMs) last.endMs = Math.max(last.endMs, r.endMs);
    else merged.push({ ...r });
  }
  return merged;
}
