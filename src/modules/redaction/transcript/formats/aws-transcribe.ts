import { z } from 'zod';
import type { TranscriptWord } from '../transcript.types';
import type { VendorTranscript } from './format-support';

// Transcribe writes times and confidences as decimal strings.
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal string');
const channelLabel = z.string().regex(/^ch_\d+$/, 'expected a label like ch_0');
const alternatives = z.array(z.object({ content: z.string(), confidence: decimal.optional() })).min(1);

const item = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('pronunciation'),
      start_time: decimal,
      end_time: decimal,
      alternatives,
      channel_label: channelLabel.optional(),
      speaker_label: z.string().max(64).optional(),
    })
    .refine((i) => Number(i.end_time) >= Number(i.start_time), {
      error: 'end_time is before start_time',
      path: ['end_time'],
    }),
  z.object({
    type: z.literal('punctuation'),
    alternatives,
    channel_label: channelLabel.optional(),
    speaker_label: z.string().max(64).optional(),
  }),
]);

type Item = z.infer<typeof item>;

const speakerSegments = z.object({
  segments: z.array(
    z.object({
      speaker_label: z.string().max(64),
      items: z.array(z.object({ start_time: decimal, end_time: decimal, speaker_label: z.string().max(64) })),
    }),
  ),
});

/** Amazon Transcribe batch output, with or without channel identification and speaker labels. */
export const awsTranscribeDocument = z.object({
  results: z.object({
    language_code: z.string().max(35).optional(),
    items: z.array(item),
    channel_labels: z
      .object({ channels: z.array(z.object({ channel_label: channelLabel, items: z.array(item) })) })
      .optional(),
    speaker_labels: speakerSegments.optional(),
  }),
});

export function fromAwsTranscribe(document: z.infer<typeof awsTranscribeDocument>): VendorTranscript {
  const { results } = document;
  const language = results.language_code;
  // With channel identification the per-channel lists are authoritative;
  // results.items repeats the same words, so reading both would double them.
  const channels = results.channel_labels?.channels;
  const words =
    channels && channels.length > 0
      ? channels.flatMap((c) => fromItems(c.items, channelNumber(c.channel_label)))
      : fromItems(results.items, null);
  // Older output names speakers only in speaker_labels.segments, keyed by start time.
  if (results.speaker_labels) {
    const byStart = new Map<string, string>();
    for (const s of results.speaker_labels.segments)
      for (const i of s.items) byStart.set(i.start_time, i.speaker_label);
    for (const w of words) {
      const label = byStart.get((w.startMs / 1000).toFixed(3)) ?? byStart.get(String(w.startMs / 1000));
      if (w.speaker === undefined && label !== undefined) w.speaker = label;
    }
  }
  return { words, granularity: 'word', ...(language ? { language } : {}) };
}

function fromItems(items: Item[], channel: number | null): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const it of items) {
    const best = it.alternatives[0];
    if (it.type === 'punctuation') {
      // Punctuation has no time of its own; keeping it on the word before lets
      // the normaliser see "04/27" and "four." the way the words format does.
      const previous = words.at(-1);
      if (previous) previous.text += best.content;
      continue;
    }
    if (best.content.length === 0) continue;
    // Speaker labels (spk_0…) name voices on shared audio, not channels: the words stay on every channel.
    const w: TranscriptWord = {
      text: best.content,
      startMs: Math.round(Number(it.start_time) * 1000),
      endMs: Math.round(Number(it.end_time) * 1000),
      channel: it.channel_label ? channelNumber(it.channel_label) : channel,
    };
    if (best.confidence !== undefined) w.confidence = Math.min(1, Number(best.confidence));
    if (it.speaker_label !== undefined) w.speaker = it.speaker_label;
    words.push(w);
  }
  return words;
}

function channelNumber(label: string): number {
  return Number(label.slice(3));
}
