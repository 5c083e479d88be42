import { z } from 'zod';

/** One recognised word. `channel: null` means the word applies to every channel. */
export interface TranscriptWord {
  text: string;
  startMs: number;
  endMs: number;
  channel: number | null;
  confidence?: number;
  /** Who said it, where the recogniser labels voices on a shared channel ("spk_0", "A"). */
  speaker?: string;
  /** From a caption cue or turn without word timings: the times are the whole cue's. */
  segment?: true;
}

/**
 * The upload's transcript is malformed. Messages name the JSON path and what
 * was expected, never the offending value: a word's text may be a card digit.
 */
export class TranscriptFormatError extends Error {
  readonly code = 'TRANSCRIPT_INVALID';

  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'TranscriptFormatError';
  }
}

const ms = z.number().nonnegative();

const wordSchema = z
  .object({
    text: z.string().min(1),
    startMs: ms,
    endMs: ms,
    channel: z.number().int().nonnegative().nullable().optional(),
    confidence: z.number().min(0).max(1).optional(),
  })
  .refine((w) => w.endMs >= w.startMs, { message: 'endMs is before startMs', path: ['endMs'] });

const wordsTranscriptSchema = z.object({
  format: z.literal('words'),
  words: z.array(wordSchema),
});

// Transcribe writes times and confidences as decimal strings.
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal string');
const channelLabel = z.string().regex(/^ch_\d+$/, 'expected a label like ch_0');

const alternatives = z.array(z.object({ content: z.string(), confidence: decimal.optional() })).min(1);

const transcribeItemSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('pronunciation'),
      start_time: decimal,
      end_time: decimal,
      alternatives,
      channel_label: channelLabel.optional(),
    })
    .refine((i) => Number(i.end_time) >= Number(i.start_time), {
      message: 'end_time is before start_time',
      path: ['end_time'],
    }),
  z.object({ type: z.literal('punctuation'), alternatives, channel_label: channelLabel.optional() }),
]);

type TranscribeItem = z.infer<typeof transcribeItemSchema>;

const transcribeDocumentSchema = z.object({
  results: z.object({
    items: z.array(transcribeItemSchema),
    channel_labels: z
      .object({ channels: z.array(z.object({ channel_label: channelLabel, items: z.array(transcribeItemSchema) })) })
      .optional(),
  }),
});

const transcriptSchema = z.discriminatedUnion('format', [
  wordsTranscriptSchema,
  z.object({ format: z.literal('aws-transcribe'), document: transcribeDocumentSchema }),
]);

/**
 * Validates an uploaded transcript (`words` or `aws-transcribe`) and returns
 * its words sorted by time. `path` is where the transcript sits in the request.
 */
export function parseTranscript(input: unknown, path = 'transcript'): TranscriptWord[] {
  const parsed = transcriptSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TranscriptFormatError(joinPath(path, issue.path), issue.message);
  }
  const transcript = parsed.data;
  const words =
    transcript.format === 'words'
      ? transcript.words.map((w) => ({
          text: w.text,
          startMs: w.startMs,
          endMs: w.endMs,
          channel: w.channel ?? null,
          ...(w.confidence === undefined ? {} : { confidence: w.confidence }),
        }))
      : fromTranscribe(transcript.document);
  return words.sort((a, b) => a.startMs - b.startMs || (a.channel ?? -1) - (b.channel ?? -1) || a.endMs - b.endMs);
}

function fromTranscribe(document: z.infer<typeof transcribeDocumentSchema>): TranscriptWord[] {
  // With channel identification the per-channel lists are authoritative;
  // results.items repeats the same words, so reading both would double them.
  const channels = document.results.channel_labels?.channels;
  if (channels && channels.length > 0) {
    return channels.flatMap((c) => fromTranscribeItems(c.items, channelNumber(c.channel_label)));
  }
  // Speaker labels (spk_0…) name voices on mixed audio, not channels, so those
  // words stay on every channel.
  return fromTranscribeItems(document.results.items, null);
}

function fromTranscribeItems(items: TranscribeItem[], channel: number | null): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const item of items) {
    const best = item.alternatives[0];
    if (item.type === 'punctuation') {
      // Punctuation has no time of its own; keeping it on the word before lets
      // the normaliser see "04/27" and "four." the way the words format does.
      const previous = words[words.length - 1];
      if (previous) previous.text += best.content;
      continue;
    }
    if (best.content.length === 0) continue;
    const word: TranscriptWord = {
      text: best.content,
      startMs: Math.round(Number(item.start_time) * 1000),
      endMs: Math.round(Number(item.end_time) * 1000),
      channel: item.channel_label ? channelNumber(item.channel_label) : channel,
    };
    if (best.confidence !== undefined) word.confidence = Math.min(1, Number(best.confidence));
    words.push(word);
  }
  return words;
}

function channelNumber(label: string): number {
  return Number(label.slice(3));
}

function joinPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  );
}
