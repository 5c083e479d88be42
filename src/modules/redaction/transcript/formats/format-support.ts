import { z } from 'zod';
import type { TranscriptWord } from '../transcript.types';

/** What every vendor mapping produces: one word timeline, and the language the recogniser says it heard. */
export interface VendorTranscript {
  words: TranscriptWord[];
  language?: string;
  /** `segment`: the document has no word timings, so each word carries its whole cue's or turn's times. */
  granularity: 'word' | 'segment';
}

/** Seconds as a number, a decimal string ("1.25") or a protobuf Duration ("1.250s"). */
export const seconds = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?s?$/, 'expected seconds, like 1.25 or "1.250s"'),
]);

export function secondsToMs(value: z.infer<typeof seconds>): number {
  return Math.round(Number(String(value).replace(/s$/, '')) * 1000);
}

export const confidence = z.number().min(0).max(1);

/** Words of a segment without word timings: each one spans the whole segment, so muting any of them mutes it all. */
export function segmentWords(
  text: string,
  startMs: number,
  endMs: number,
  channel: number | null,
  speaker?: string,
): TranscriptWord[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => ({
      text: t,
      startMs,
      endMs: Math.max(startMs, endMs),
      channel,
      segment: true as const,
      ...(speaker === undefined ? {} : { speaker }),
    }));
}

export function word(
  text: string,
  startMs: number,
  endMs: number,
  channel: number | null,
  extra: { confidence?: number; speaker?: string } = {},
): TranscriptWord {
  return {
    text,
    startMs,
    endMs: Math.max(startMs, endMs),
    channel,
    ...(extra.confidence === undefined ? {} : { confidence: extra.confidence }),
    ...(extra.speaker === undefined ? {} : { speaker: extra.speaker }),
  };
}
