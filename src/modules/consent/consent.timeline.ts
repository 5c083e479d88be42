import { isNotice, type ConsentEvent, type Span, type TimedEvent } from './consent.standing';

/** The call's time line: events placed on it, and the span arithmetic the decision keeps audio with. */

export function timeEvents(input: { startedAt?: string; consent: ConsentEvent[] }): TimedEvent[] {
  const startedAt = input.startedAt !== undefined ? Date.parse(input.startedAt) : NaN;
  const timed = input.consent.map((event, index): TimedEvent => ({
    index,
    event,
    rawOffsetMs: offsetOf(event, startedAt),
  }));
  // Undated events sort last. At the same moment explicit consent goes before a notice, so the
  // evidence cites the consent that satisfies more rules; otherwise the stable sort keeps input order.
  const late = (e: TimedEvent) => e.rawOffsetMs ?? Infinity;
  return timed.sort((a, b) => late(a) - late(b) || Number(isNotice(a.event)) - Number(isNotice(b.event)));
}

/** Offset from the start of the recording; negative when the event came before it. */
function offsetOf(event: ConsentEvent, startedAt: number): number | undefined {
  if (event.offsetMs !== undefined) return Number.isFinite(event.offsetMs) ? event.offsetMs : undefined;
  if (event.at === undefined || !Number.isFinite(startedAt)) return undefined;
  const at = Date.parse(event.at);
  return Number.isFinite(at) ? at - startedAt : undefined;
}

export function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  for (const x of a) {
    for (const y of b) {
      const startMs = Math.max(x.startMs, y.startMs);
      const endMs = Math.min(x.endMs, y.endMs);
      if (startMs < endMs) out.push({ startMs, endMs });
    }
  }
  return union(out);
}

export function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of [...spans].filter((x) => x.startMs < x.endMs).sort((a, b) => a.startMs - b.startMs)) {
    const last = merged.at(-1);
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else merged.push({ ...s });
  }
  return merged;
}

export function complement(kept: Span[], durationMs: number): Span[] {
  const gaps: Span[] = [];
  let cursor = 0;
  for (const s of kept) {
    if (s.startMs > cursor) gaps.push({ startMs: cursor, endMs: s.startMs });
    cursor = Math.max(cursor, s.endMs);
  }
  if (cursor < durationMs) gaps.push({ startMs: cursor, endMs: durationMs });
  return gaps;
}
